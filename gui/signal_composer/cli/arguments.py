"""Option values in words: each type says what an option takes and what it was given.

argparse names a failing type by its Python name ("invalid _positive_int value: 'abc'",
"invalid float value"); these types raise the message a person reads instead, and ``Parser``
puts the option first: ``--shoppers must be a whole number of at least 1, not 'abc'``.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from typing import Final, NoReturn

_ARGUMENT: Final = re.compile(r"argument (\S+): (must )?", re.DOTALL)


class Parser(argparse.ArgumentParser):
    """argparse's parser, its errors led by the option: ``--port must be …``, ``ID: no …``.
    Subcommands' parsers are of the same class (argparse makes them so)."""

    def error(self, message: str) -> NoReturn:
        message = _ARGUMENT.sub(
            lambda m: f"{m[1]} must " if m[2] else f"{m[1]}: ", message, count=1
        )
        super().error(message)


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" of at least {low:g}"
    if high is not None:
        return f" of at most {high:g}"
    return ""


def whole_number(
    low: int | None = None, high: int | None = None, what: str = "a whole number", note: str = ""
) -> Callable[[str], int]:
    """A type for a whole number within the bounds given (each optional)."""
    expected = f"{what}{_bounds(low, high)}{note}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {expected}, not {text!r}") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"must be {expected}, not {text!r}")
        return value

    return parse


def number(
    low: float | None = None,
    high: float | None = None,
    *,
    above: float | None = None,
    what: str = "a number",
) -> Callable[[str], float]:
    """A type for a finite number within the bounds given; ``above`` excludes its bound."""
    expected = f"{what}{_bounds(low, high)}" + ("" if above is None else f" above {above:g}")

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if (
            not math.isfinite(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
            or (above is not None and value <= above)
        ):
            raise argparse.ArgumentTypeError(f"must be {expected}, not {text!r}")
        return value

    return parse
