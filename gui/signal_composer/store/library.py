"""The last draft and named templates, kept as JSON files in the data folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from signal_composer.signals.draft import Draft
from signal_composer.signals.jsonio import InputError, dumps_pretty, parse_json
from signal_composer.signals.types import SIGNAL_TYPES
from signal_composer.store.paths import data_dir, write_private

TEMPLATE_NAME_MAX: Final = 64
_NAME_CHAR: Final = re.compile(r"[\w .-]")


def _draft_path() -> Path:
    return data_dir() / "draft.json"


def _templates_dir() -> Path:
    folder = data_dir() / "templates"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def draft_to_json(draft: Draft, raw_text: str | None = None) -> str:
    state: dict[str, Any] = {
        "kind": draft.kind,
        "signals": draft.signals,
        "current": draft.current,
    }
    if raw_text is not None:
        state["rawText"] = raw_text
    return dumps_pretty(state)


def draft_from_json(text: str, source: str) -> tuple[Draft, str | None]:
    """A saved draft; InputError when the file is not one."""
    state = parse_json(text, source)
    if not isinstance(state, dict) or state.get("kind") not in SIGNAL_TYPES:
        raise InputError(f"{source}: not a Signal Composer draft")
    signals = state.get("signals")
    if not isinstance(signals, list) or not signals:
        raise InputError(f"{source}: the draft holds no signals")
    current = state.get("current", 0)
    current = current if isinstance(current, int) and 0 <= current < len(signals) else 0
    raw = state.get("rawText")
    return Draft(state["kind"], signals, current), raw if isinstance(raw, str) else None


def save_last_draft(draft: Draft, raw_text: str | None = None) -> None:
    write_draft_text(draft_to_json(draft, raw_text))


def write_draft_text(text: str) -> None:
    """Writes an already serialised draft (so a worker thread writes a snapshot)."""
    write_private(_draft_path(), text.encode("utf-8"))


def load_last_draft() -> tuple[Draft, str | None] | None:
    """The draft of the last session, or None (a damaged file is ignored, not fatal)."""
    try:
        return draft_from_json(_draft_path().read_text(encoding="utf-8"), "last draft")
    except (OSError, InputError, UnicodeDecodeError):
        return None


def template_names() -> list[str]:
    return sorted(p.stem for p in _templates_dir().glob("*.json"))


def template_name_problem(name: str) -> str | None:
    """What is wrong with a template name (before its surrounding spaces are dropped), in a
    person's words, or None: 1 to 64 letters, digits, spaces, dots, hyphens or underscores,
    the first a letter, digit or underscore (so the name is a file name on every system)."""
    cleaned = name.strip()
    if not cleaned:
        return "Type a name for the template."
    bad = sorted({c for c in cleaned if not _NAME_CHAR.fullmatch(c)})
    if bad:
        *most, last = [_shown(c) for c in bad]
        shown = f"{', '.join(most)} and {last}" if most else last
        return (
            f"{shown} cannot be in a template name: use letters, digits, spaces, dots, "
            "hyphens or underscores."
        )
    if not re.match(r"\w", cleaned):
        return "A template name starts with a letter, a digit or an underscore."
    if len(cleaned) > TEMPLATE_NAME_MAX:
        return f"{len(cleaned)} characters: a template name has at most {TEMPLATE_NAME_MAX}."
    return None


def _shown(char: str) -> str:
    return f'"{char}"' if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def check_template_name(name: str) -> str:
    """The name without surrounding spaces; ValueError saying what is wrong with it."""
    problem = template_name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return name.strip()


def save_template(name: str, draft: Draft) -> Path:
    return write_template_text(name, draft_to_json(draft))


def write_template_text(name: str, text: str) -> Path:
    """Writes an already serialised draft as a template (a worker writes a snapshot)."""
    path = _templates_dir() / f"{check_template_name(name)}.json"
    write_private(path, text.encode("utf-8"))
    return path


def load_template(name: str) -> Draft:
    path = _templates_dir() / f"{check_template_name(name)}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"template {name!r} cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(
            f"template {name!r} is not a template: its file ({path}) is not UTF-8 text"
        ) from None
    return draft_from_json(text, f"template {name!r}")[0]


def delete_template(name: str) -> None:
    (_templates_dir() / f"{check_template_name(name)}.json").unlink(missing_ok=True)
