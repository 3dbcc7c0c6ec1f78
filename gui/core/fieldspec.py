"""What the forms need to know of each field (kind, required, docs), read off the models.

The models are the only source. Building them costs ~90 ms of pydantic work, too much for the
first frame, so the table read off them is cached in the data folder under a checksum of
models.py: any change to the models makes a new table on the next start.
"""

from __future__ import annotations

import json
import typing
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from gui.core.types import SIGNAL_TYPES, SignalType

if TYPE_CHECKING:
    from pydantic import BaseModel

FieldKind = Literal["string", "integer", "number"]
PRODUCT: Final = "product"
DETAIL: Final = "detail"
_MODELS_SOURCE: Final = Path(__file__).with_name("models.py")
CACHE_VERSION: Final = 1


class FieldSpec(NamedTuple):
    """One field as a form edits it (a NamedTuple: a dataclass takes 1 ms to define)."""

    name: str
    kind: FieldKind
    required: bool
    doc: str


def _base_types(annotation: Any) -> list[Any]:
    """The plain types inside Optional/Union/Annotated."""
    args = typing.get_args(annotation)
    if not args:
        return [annotation]
    if typing.get_origin(annotation) is typing.Annotated:
        return _base_types(args[0])
    return [t for arg in args for t in _base_types(arg)]


def read_model(model: type[BaseModel]) -> list[FieldSpec]:
    """The specs of a model's fields, in declaration order."""
    specs = []
    for name, info in model.model_fields.items():
        types = set(_base_types(info.annotation))
        kind: FieldKind = "integer" if int in types else "number" if float in types else "string"
        doc = " ".join((info.description or "").split())
        specs.append(FieldSpec(name, kind, info.is_required(), doc))
    return specs


def compute() -> dict[str, list[FieldSpec]]:
    """The whole table, from the models (imports pydantic)."""
    from gui.core.models import MODELS, Product, ProductDetail

    table: dict[str, list[FieldSpec]] = {k: read_model(m) for k, m in MODELS.items()}
    table[PRODUCT] = read_model(Product)
    table[DETAIL] = read_model(ProductDetail)
    return table


def _cache_file() -> Path:
    from gui.core.paths import data_dir

    source = _MODELS_SOURCE.read_bytes()  # a checksum, not hashlib: OpenSSL takes 2.5 ms to load
    key = f"{zlib.crc32(source):08x}{len(source):x}"
    return data_dir() / "cache" / f"fieldspecs-v{CACHE_VERSION}-{key}.json"


@cache
def table() -> dict[str, tuple[FieldSpec, ...]]:
    """The table, from the cache when it matches the models, else computed and cached."""
    path = _cache_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: tuple(FieldSpec(**spec) for spec in specs) for key, specs in raw.items()}
    except (OSError, ValueError, TypeError):
        pass
    computed = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {key: [s._asdict() for s in specs] for key, specs in computed.items()}
        path.write_text(json.dumps(data), encoding="utf-8")
    except OSError:
        pass  # a read-only data folder only costs the cache
    return {key: tuple(specs) for key, specs in computed.items()}


def signal_fields(kind: SignalType) -> tuple[FieldSpec, ...]:
    return table()[kind]


def product_fields() -> dict[str, FieldSpec]:
    return {s.name: s for s in table()[PRODUCT]}


def detail_fields() -> dict[str, FieldSpec]:
    return {s.name: s for s in table()[DETAIL]}


def names_of(kind: SignalType) -> frozenset[str]:
    return frozenset(s.name for s in table()[kind])


def all_signal_names() -> frozenset[str]:
    return frozenset(n for kind in SIGNAL_TYPES for n in names_of(kind))
