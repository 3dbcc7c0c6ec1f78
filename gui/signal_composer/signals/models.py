"""The four retail signal types and their shared parts: the one home of every field rule.

Click follows the published OpenAPI text exactly. Query, cart add and purchase are documented only
by examples and prose; every rule taken from our reading rather than from the docs is declared with
``inferred(...)`` below, so changing one is a one-line edit here and nowhere else.
"""

from __future__ import annotations

import ipaddress
import uuid
from functools import cache
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from signal_composer.signals import currencies
from signal_composer.signals.types import SignalType

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1


def inferred(reason: str) -> dict[str, Any]:
    """Marks a field rule as our reading of the docs rather than a published fact."""
    return {"inferred": reason}


def _check_currency(value: str) -> str:
    if not currencies.is_code(value):
        hint = currencies.suggest(value)
        raise PydanticCustomError(
            "invalid_currency",
            "not an ISO 4217 code: {shown}{hint}",
            {"shown": repr(value), "hint": f" (did you mean {hint!r}?)" if hint else ""},
        )
    return value


def _check_ip(value: str) -> str:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise PydanticCustomError(
            "invalid_ip", "not a valid IPv4 or IPv6 address: {shown}", {"shown": repr(value)}
        ) from None
    return value


def _check_uuid(value: str) -> str:
    try:
        canonical = str(uuid.UUID(value))
    except ValueError:
        canonical = ""
    if canonical != value.lower():
        raise PydanticCustomError(
            "invalid_uuid",
            "not a UUID (8-4-4-4-12 hexadecimal digits): {shown}",
            {"shown": repr(value)},
        )
    return value


def refuse_null(value: object) -> object:
    """An optional field is left out when absent: the schema gives a type, never null."""
    if value is None:
        raise PydanticCustomError(
            "null_value",
            "null is not allowed here (the API takes a value of the field's type); "
            "leave the field out instead",
        )
    return value


Text = Annotated[str, Field(min_length=1)]
CurrencyCode = Annotated[str, AfterValidator(_check_currency)]
IpAddress = Annotated[str, AfterValidator(_check_ip)]
Uuid = Annotated[str, AfterValidator(_check_uuid)]
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
Position = Annotated[int, Field(ge=1, le=INT64_MAX)]

_CONFIG = ConfigDict(
    strict=True,
    extra="forbid",
    allow_inf_nan=False,
    use_attribute_docstrings=True,
    frozen=True,
)


class Product(BaseModel):
    """Description, identifier, price and image of a product."""

    model_config = _CONFIG

    productId: Annotated[str, Field(min_length=1, max_length=128)]
    """The product's unique identifier (at most 128 characters)."""
    currencyCode: CurrencyCode
    """The ISO 4217 three-letter currency code, in upper case (for example USD)."""
    price: float
    """The product's price when the signal was created."""
    title: Annotated[str, Field(min_length=1, max_length=1000)]
    """The product's title when the signal was created (at most 1000 characters)."""
    imageuri: Annotated[str, Field(min_length=1, max_length=5000)]
    """The canonical URL of the product image (at most 5000 characters)."""


class ProductDetail(BaseModel):
    """A product and how many of it the interaction concerns."""

    model_config = _CONFIG

    product: Product
    """The product."""
    quantity: Position = 1
    """How many; optional, at least 1, 1 when absent."""


class SignalBase(BaseModel):
    """The fields every retail signal carries."""

    model_config = _CONFIG

    timestamp: Int64
    """When the event happened, in epoch milliseconds."""
    visitorId: Annotated[str, Field(min_length=1, max_length=128)]
    """A random id per visitor and device, kept across sessions; never personal data."""
    sessionId: Annotated[str, Field(min_length=1, max_length=128)]
    """A random id per session; a session ends after 40 minutes idle."""
    queryId: Text
    """The id of the search this signal belongs to; new for each search."""
    ipAddress: IpAddress | None = None
    """Optional IPv4 or IPv6 address of the shopper's device; the server uses the request's
    address, last octet dropped, when absent."""
    productDetails: list[ProductDetail]
    """The products concerned."""
    _no_null_ip = field_validator("ipAddress", mode="before")(refuse_null)
    sourceId: Text
    """Free text naming where the call comes from; no effect on relevance."""
    uri: Annotated[str, Field(min_length=1, max_length=5000)]
    """The canonical URL of the page (at most 5000 characters)."""


class QuerySignal(SignalBase):
    """A search: the terms typed and the results shown (an empty list is a zero-result query)."""

    searchTerms: Annotated[str, Field(min_length=1, json_schema_extra=inferred("non-empty"))]
    """The shopper's query text."""


class ClickSignal(SignalBase):
    """A click on a product, usually one shown in a query's results (schema published in full)."""

    selectedPosition: Position | None = None
    """One-based position of the clicked result; feeds Average Click Position."""
    _no_null_position = field_validator("selectedPosition", mode="before")(refuse_null)


class CartAddSignal(SignalBase):
    """A product added to a cart. Only visitorId, sessionId, queryId and cartId are confirmed;
    the other common fields are inferred from click."""

    cartId: Annotated[Uuid, Field(json_schema_extra=inferred("UUID format from the prose"))]
    """The cart's UUID: made at the first add to cart, replaced after a purchase."""


class PurchaseSignal(SignalBase):
    """A purchase of a cart's contents."""

    cartId: Annotated[Uuid, Field(json_schema_extra=inferred("UUID format from the prose"))]
    """The UUID of the cart bought."""
    revenue: Annotated[float, Field(json_schema_extra=inferred("required"))]
    """The total price of the sale; feeds Average Order Value."""
    orderId: Annotated[str, Field(min_length=1)] | None = None
    """Optional order id; marks a completed purchase rather than an attempt."""
    _no_null_order = field_validator("orderId", mode="before")(refuse_null)


MODELS: Final[dict[SignalType, type[SignalBase]]] = {
    "query": QuerySignal,
    "click": ClickSignal,
    "cartadd": CartAddSignal,
    "purchase": PurchaseSignal,
}


def model_for(kind: SignalType) -> type[SignalBase]:
    """The model class of a signal type."""
    return MODELS[kind]


@cache
def field_names(model: type[BaseModel]) -> frozenset[str]:
    """The wire names of a model's fields."""
    return frozenset(model.model_fields)
