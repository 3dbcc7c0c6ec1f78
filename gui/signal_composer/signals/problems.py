"""A validation problem: where it is (signal index and JSON path), what it is, how bad it is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with (or worth a look in) a signal."""

    index: int | None
    """The signal's position in the batch, or None for a problem with the batch itself."""
    path: str
    """JSON path inside the signal, such as ``productDetails[0].product.price``; "" is the whole."""
    code: str
    """Stable machine-readable code, such as ``too_long`` or ``unknown_field``."""
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready object."""
        return asdict(self)

    def format(self) -> str:
        """One line for a terminal: ``[3] path: message [error]``."""
        where = "batch" if self.index is None else str(self.index)
        return f"[{where}] {self.path or '(signal)'}: {self.message} [{self.severity}]"

    def for_people(self) -> str:
        """One line for the window, counted from 1 as the window counts signals and products:
        ``signal 1 · product 2 › price: must be …``."""
        where = "the batch" if self.index is None else f"signal {self.index + 1}"
        return f"{where} · {place(self.path)}: {self.message}"


_STEP: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def place(path: str) -> str:
    """Where a JSON path points, in the words and numbers a person reads in the window: lists
    counted from 1, as the product table's rows are. JSON paths count from 0; show one only
    where the window says it is a JSON path.

    ``productDetails[1].product.price`` -> ``product 2 › price``; ``visitorId`` -> itself;
    ``""`` -> ``whole signal``.
    """
    words: list[str] = []
    for name, number in _STEP.findall(path):
        if number:
            position = int(number) + 1
            if words and words[-1] == "productDetails":
                words[-1] = f"product {position}"
            elif words:
                words[-1] = f"{words[-1]} #{position}"
            else:
                words.append(f"item {position}")
        elif name == "product" and words and words[-1].startswith("product "):
            continue  # product 2 › price, not product 2 › product › price
        else:
            words.append(name)
    if words == ["productDetails"]:
        return "products"
    return " › ".join(words) or "whole signal"


def has_errors(problems: Sequence[Problem]) -> bool:
    """True when any problem blocks a normal send."""
    return any(p.severity == "error" for p in problems)
