"""What the forms need to know of each field (kind, required, docs), read off the models.

The models are the only source. Building them costs ~90 ms of pydantic work, too much for the
first frame, so the table read off them is generated at development time into
``fieldspec_table.py`` (``python -m signal_composer.signals.fieldspec`` rewrites it), and a test
fails whenever that file differs from what the models say.
"""

from __future__ import annotations

import typing
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from signal_composer.signals.types import SIGNAL_TYPES, SignalType

if TYPE_CHECKING:
    from pydantic import BaseModel

FieldKind = Literal["string", "integer", "number"]
PRODUCT: Final = "product"
DETAIL: Final = "detail"


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
    from signal_composer.signals.models import MODELS, Product, ProductDetail

    table: dict[str, list[FieldSpec]] = {k: read_model(m) for k, m in MODELS.items()}
    table[PRODUCT] = read_model(Product)
    table[DETAIL] = read_model(ProductDetail)
    return table


@cache
def table() -> dict[str, tuple[FieldSpec, ...]]:
    """The table, from the generated module (no pydantic at start-up)."""
    from signal_composer.signals.fieldspec_table import TABLE

    return {
        key: tuple(FieldSpec(n, typing.cast(FieldKind, k), r, d) for n, k, r, d in specs)
        for key, specs in TABLE.items()
    }


def render_table(computed: dict[str, list[FieldSpec]]) -> str:
    """The source of ``fieldspec_table.py`` for a computed table."""
    lines = [
        '"""Generated from models.py by ``python -m signal_composer.signals.fieldspec``: '
        'do not edit."""',
        "",
        "from typing import Final",
        "",
        "# (name, kind, required, doc) of each field, by signal type, product and product detail.",
        "TABLE: Final[dict[str, tuple[tuple[str, str, bool, str], ...]]] = {",
    ]
    for key, specs in computed.items():
        lines.append(f"    {key!r}: (")
        lines.extend(f"        {tuple(spec)!r}," for spec in specs)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


TABLE_FILE: Final = Path(__file__).with_name("fieldspec_table.py")


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


if __name__ == "__main__":
    TABLE_FILE.write_text(render_table(compute()), encoding="utf-8")
    print(f"wrote {TABLE_FILE.name}")
