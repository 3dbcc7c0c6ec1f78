"""History entries as JSON, HAR 1.2 or cURL commands, oldest first; the token appears only as a
fingerprint. The JSON form is the one ``history import`` reads back (export_json.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from signal_composer.store.export_curl import curl_note, to_curl, to_curl_script
from signal_composer.store.export_har import to_har
from signal_composer.store.export_json import to_json
from signal_composer.store.history import Entry

ExportFormat = Literal["json", "har", "curl"]
EXPORT_FORMATS: Final = ("json", "har", "curl")

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "curl_note",
    "export",
    "to_curl",
    "to_har",
    "to_json",
]


def export(entries: Sequence[Entry], fmt: ExportFormat) -> str:
    """Entries in a format, oldest first (the order they were sent, as HAR readers expect)."""
    ordered = sorted(entries, key=lambda e: e.id)
    if fmt == "json":
        return to_json(ordered)
    if fmt == "har":
        return to_har(ordered)
    return to_curl_script(ordered)
