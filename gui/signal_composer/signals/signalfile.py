"""Signal files: the signals of a request with their type, in plain JSON any tool can open.

The format (``File > Save`` writes it)::

    {
      "format": "signal-composer/signals",
      "version": 1,
      "type": "click",
      "signals": [ {...}, {...} ]
    }

``signals`` is exactly the request body. A bare JSON array (or one signal object) from
elsewhere opens too: its type is inferred from its fields, and when several types fit, the
window asks. A history export, or a HAR log, is recognised and refused with a message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from signal_composer.signals.fieldspec import signal_fields
from signal_composer.signals.jsonio import InputError
from signal_composer.signals.types import SIGNAL_TYPES, SignalType

FORMAT: Final = "signal-composer/signals"
VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class SignalFile:
    """What a file holds: its signals, and the types they can be (one when the file says)."""

    signals: list[Any]
    types: tuple[SignalType, ...]
    """The file's own type, or the types its fields fit best (ask when more than one)."""
    typed: bool
    """The file names its type (the signal file format or a saved draft)."""


def to_text(kind: SignalType, signals: list[Any]) -> str:
    """A signal file's text."""
    document = {"format": FORMAT, "version": VERSION, "type": kind, "signals": signals}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def mismatch(kind: SignalType, signal: Any) -> int:
    """How badly a signal's fields fit a type: fields it does not know plus required fields
    it lacks (0 is a perfect fit)."""
    if not isinstance(signal, dict):
        return 0
    specs = signal_fields(kind)
    known = {s.name for s in specs}
    unknown = sum(1 for key in signal if key not in known)
    missing = sum(1 for s in specs if s.required and s.name not in signal)
    return unknown + missing


def infer_types(signals: list[Any]) -> tuple[SignalType, ...]:
    """The types whose fields fit the signals best (several when they fit equally well)."""
    scores = {kind: sum(mismatch(kind, s) for s in signals) for kind in SIGNAL_TYPES}
    best = min(scores.values())
    return tuple(kind for kind in SIGNAL_TYPES if scores[kind] == best)


def recorded_requests(data: Any) -> str | None:
    """What a file of recorded requests is ("a HAR log", "a history export"), or None for
    anything else: such a file holds requests and their answers, not signals."""
    if isinstance(data, dict) and isinstance(data.get("log"), dict) and "entries" in data["log"]:
        return "a HAR log"
    if (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(e, dict) and "request" in e and "response" in e for e in data)
    ):
        return "a history export"
    return None


def read(data: Any, name: str) -> SignalFile:
    """Reads parsed JSON as a signal file; InputError naming the problem and the next step."""
    if recorded := recorded_requests(data):
        step = (
            "To check its Signals API requests, use Diagnose a request… (Ctrl+Shift+D)"
            if recorded == "a HAR log"
            else "To work on one of its requests, open the entry from the History panel"
        )
        raise InputError(
            f"{name} is {recorded} (requests and their answers), not a signal file. {step} "
            "(File > Open takes signal files: a JSON array of signals, or a file saved by "
            "File > Save)"
        )
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return _typed(data, name, "type")
    if isinstance(data, dict) and "signals" in data and "kind" in data:
        return _typed(data, name, "kind")  # a saved draft or template
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InputError(f"{name}: expected a JSON array of signals or one signal object")
    return SignalFile(data, infer_types(data), typed=False)


def _typed(data: dict[str, Any], name: str, key: str) -> SignalFile:
    kind = data.get(key)
    if kind not in SIGNAL_TYPES:
        raise InputError(
            f"{name}: {key} {kind!r} is not a signal type (one of {', '.join(SIGNAL_TYPES)})"
        )
    version = data.get("version", VERSION)
    if key == "type" and version != VERSION:
        raise InputError(
            f"{name}: signal file version {version!r} is newer than this app reads ({VERSION});"
            " update Signal Composer"
        )
    signals = data.get("signals")
    if not isinstance(signals, list) or not signals:
        raise InputError(f"{name}: 'signals' must be a non-empty JSON array of signals")
    return SignalFile(signals, (kind,), typed=True)


def body_of(data: Any, kind: SignalType, name: str) -> Any:
    """The request body in parsed JSON: a signal file's or saved draft's signals (its type
    must be ``kind``), or the data itself (a bare array or object) for the command line's
    --type to judge. Recorded requests (a HAR log, a history export) are refused, naming the
    command that reads them."""
    recorded = recorded_requests(data)
    if recorded == "a HAR log":
        raise InputError(
            f"{name} is a HAR log (recorded requests and their answers), not signals: "
            f"check its Signals API requests with: signal-composer diagnose {name}"
        )
    if recorded:
        raise InputError(
            f"{name} is a history export (requests and their answers), not signals: see one "
            "entry with 'signal-composer history show ID', or export entries with "
            "'history export --format har' and check them with 'signal-composer diagnose FILE'"
        )
    if isinstance(data, dict) and data.get("format") == FORMAT:
        found, what = _typed(data, name, "type"), "signal file"
    elif isinstance(data, dict) and "signals" in data and "kind" in data:
        found, what = _typed(data, name, "kind"), "saved draft"
    else:
        return data
    if found.types[0] != kind:
        raise InputError(
            f"{name} is a {what} of type {found.types[0]}, not {kind}: use --type {found.types[0]}"
        )
    return found.signals
