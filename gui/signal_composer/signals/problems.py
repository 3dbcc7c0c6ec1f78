"""A validation problem: where it is (signal index and JSON path), what it is, how bad it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

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


def has_errors(problems: Sequence[Problem]) -> bool:
    """True when any problem blocks a normal send."""
    return any(p.severity == "error" for p in problems)
