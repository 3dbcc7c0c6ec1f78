"""A suite: a folder of JSON case files (run in file-name order) and an optional suite.json.

Every error of a malformed suite is collected and names its file and JSON path; the runner
sends nothing until the suite loads and its variables resolve.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from signal_composer.signals.drafts import new_id, now_ms
from signal_composer.signals.expectations import Expectation, read_expectation
from signal_composer.signals.jsonio import InputError, dumps_pretty, parse_json, read_text
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.variables import (
    BUILTINS,
    ENV_PREFIX,
    NAME,
    RunValues,
    expand,
    references,
    unknown_message,
)

SUITE_FILE: Final = "suite.json"
SUITE_KEYS: Final = ("name", "store", "variables")
CASE_KEYS: Final = ("name", "description", "type", "signals", "expect")
MAX_DEPTH: Final = 64
"""How deep a case file may nest (a signal nests four levels): variables are replaced by
recursion, and a file nested thousands deep would exhaust the stack."""
_NUMBERED: Final = re.compile(r"(\d+)[-_ .]")


@dataclass(frozen=True, slots=True)
class SuiteProblem:
    """One thing wrong with a suite: the file, the JSON path in it ("" for the whole file)."""

    file: str
    path: str
    message: str

    def format(self) -> str:
        return f"{self.file}: {self.path + ': ' if self.path else ''}{self.message}"


class SuiteError(Exception):
    """A suite that cannot run; ``problems`` lists every error found, each with file and path."""

    def __init__(self, problems: list[SuiteProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass(frozen=True, slots=True)
class Case:
    """One case: signals (variables not yet replaced) and what must happen to them."""

    file: str
    name: str
    type: SignalType
    signals: list[Any]
    expect: Expectation
    description: str = ""


@dataclass(frozen=True, slots=True)
class Suite:
    """A loaded suite."""

    folder: Path
    name: str
    store: str | None
    variables: dict[str, Any]
    cases: tuple[Case, ...]

    def case(self, file: str) -> Case:
        """The case read from this file name."""
        for case in self.cases:
            if case.file == file:
                return case
        raise KeyError(file)


@dataclass(frozen=True, slots=True)
class ReadyCase:
    """A case with its variables replaced: what is sent."""

    case: Case
    signals: list[Any]


@dataclass
class _Reader:
    """Collects the problems of one file."""

    file: str
    problems: list[SuiteProblem] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.problems.append(SuiteProblem(self.file, path, message))

    def keys(self, data: dict[str, Any], known: tuple[str, ...], prefix: str = "") -> None:
        """Reports keys the format does not know (a typo would otherwise go unnoticed)."""
        what = "suite.json" if self.file == SUITE_FILE else "case"
        for key in data:
            if key not in known:
                self.error(f"{prefix}{key}", f"unknown key; a {what} has {', '.join(known)}")

    def text(self, data: dict[str, Any], key: str) -> str | None:
        """An optional non-empty string."""
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.error(key, "must be a non-empty string")
            return None
        return value


def case_files(folder: Path) -> list[Path]:
    """The case files of a suite folder, in file-name order."""
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.suffix == ".json"
            and p.name != SUITE_FILE
            and not p.name.startswith(".")
            and p.is_file()
        ),
        key=lambda p: p.name,
    )


def _read_object(path: Path, reader: _Reader) -> dict[str, Any] | None:
    try:
        text, _ = read_text(str(path))
        data = parse_json(text, path.name)
    except InputError as exc:
        reader.error("", str(exc).removeprefix(f"{path.name}: ").removeprefix(f"{path}: "))
        return None
    if _too_deep(data):  # deeper than the JSON reader goes is its error, just above
        reader.error("", f"nested more than {MAX_DEPTH} levels deep; a case is a few levels deep")
        return None
    if not isinstance(data, dict):
        reader.error("", "must be a JSON object")
        return None
    return data


def _too_deep(value: Any) -> bool:
    """Deeper than MAX_DEPTH (checked without recursion: the file may be nested 100,000 deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((inner, depth + 1) for inner in item.values())
        elif isinstance(item, list):
            stack.extend((inner, depth + 1) for inner in item)
    return False


def _read_settings(
    folder: Path, problems: list[SuiteProblem]
) -> tuple[str, str | None, dict[str, Any]]:
    path = folder / SUITE_FILE
    name, store, variables = folder.name, None, dict[str, Any]()
    if not path.exists():
        return name, store, variables
    reader = _Reader(SUITE_FILE)
    data = _read_object(path, reader)
    if data is not None:
        reader.keys(data, SUITE_KEYS)
        name = reader.text(data, "name") or name
        store = reader.text(data, "store")
        raw = data.get("variables", {})
        if not isinstance(raw, dict):
            reader.error("variables", 'must be an object: {"NAME": "VALUE", …}')
        else:
            variables = _read_variables(raw, reader)
    problems.extend(reader.problems)
    return name, store, variables


def _read_variables(raw: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        path = f"variables.{key}"
        if key in BUILTINS or key.startswith(ENV_PREFIX) or not NAME.fullmatch(key):
            reader.error(
                path,
                "not a usable variable name: use letters, digits, _ and -, not starting with a "
                "digit (uuid, now and env.* are built in)",
            )
            continue
        if isinstance(value, dict | list) or value is None:
            reader.error(path, "a variable's value is a string, a number or true/false")
            continue
        for where, used in references(value, ("variables", key)):
            if not _known(used, out):
                reader.error(where, unknown_message(used, list(out)) + ", defined before it")
        out[key] = value
    return out


def _known(name: str, suite_names: Collection[str]) -> bool:
    env = name.startswith(ENV_PREFIX) and len(name) > len(ENV_PREFIX)
    return name in BUILTINS or env or name in suite_names


def _read_case(
    path: Path, variables: Collection[str], outcome_kinds: Collection[str], reader: _Reader
) -> Case | None:
    data = _read_object(path, reader)
    if data is None:
        return None
    reader.keys(data, CASE_KEYS)
    name = reader.text(data, "name") or path.stem
    description = reader.text(data, "description") or ""
    kind = data.get("type")
    if kind not in SIGNAL_TYPES:
        reader.error(
            "type",
            f"{'required' if 'type' not in data else f'unknown type {kind!r}'}: "
            f"one of {', '.join(SIGNAL_TYPES)}",
        )
    signals = data.get("signals")
    if not isinstance(signals, list):
        reader.error(
            "signals", "required: an array of signals" if signals is None else "must be an array"
        )
    else:
        for where, used in references(signals, ("signals",)):
            if not _known(used, variables):
                reader.error(where, unknown_message(used, list(variables)))
    expect = read_expectation(data.get("expect"), "expect" in data, outcome_kinds, reader.error)
    if reader.problems or expect is None or not isinstance(signals, list):
        return None
    return Case(path.name, name, kind, signals, expect, description)  # type: ignore[arg-type]


def load_suite(folder: Path, outcome_kinds: Collection[str]) -> Suite:
    """Reads a suite folder; SuiteError lists every problem, each with its file and path.

    ``outcome_kinds`` are the outcome names an expectation may use (the store layer's kinds).
    """
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "not a folder"
        raise SuiteError(
            [SuiteProblem(str(folder), "", f"{what}; a suite is a folder of JSON case files")]
        )
    problems: list[SuiteProblem] = []
    name, store, variables = _read_settings(folder, problems)
    cases: list[Case] = []
    seen: dict[str, str] = {}
    files = case_files(folder)
    for path in files:
        reader = _Reader(path.name)
        case = _read_case(path, variables, outcome_kinds, reader)
        problems.extend(reader.problems)
        if case is None:
            continue
        if case.name in seen:
            problems.append(
                SuiteProblem(
                    path.name, "name", f"the same name as in {seen[case.name]}; names must differ"
                )
            )
        seen[case.name] = path.name
        cases.append(case)
    if not files:
        problems.append(
            SuiteProblem(str(folder), "", "no case files (*.json besides suite.json) in the folder")
        )
    if problems:
        raise SuiteError(problems)
    return Suite(folder, name, store, variables, tuple(cases))


def prepare(
    suite: Suite,
    cases: Collection[Case] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    new_uuid: Callable[[], str] = new_id,
    now: int | None = None,
) -> list[ReadyCase]:
    """Replaces the variables of the cases (all by default), each variable worked out once.

    SuiteError names the file and path of each variable that cannot be resolved.
    """
    values = RunValues(os.environ if environ is None else environ, new_uuid, now or now_ms())
    defined = values.define(suite.variables, ("variables",))
    problems = [SuiteProblem(SUITE_FILE, path, message) for path, message in defined]
    ready: list[ReadyCase] = []
    for case in suite.cases if cases is None else cases:
        signals, failed = expand(case.signals, values.lookup, ("signals",))
        problems.extend(SuiteProblem(case.file, path, message) for path, message in failed)
        ready.append(ReadyCase(case, signals))
    if problems:
        raise SuiteError(problems)
    return ready


def case_document(name: str, kind: SignalType, signals: list[Any], expect: Expectation) -> str:
    """A case file's text (two-space indented JSON, ending in a new line)."""
    data = {"name": name, "type": kind, "signals": signals, "expect": expect.as_dict()}
    return dumps_pretty(data) + "\n"


def new_case_file(existing: Collection[str], name: str) -> str:
    """A file name that sorts after the existing cases: ``07-lower-case-currency.json``."""
    numbers = [int(m.group(1)) for f in existing if (m := _NUMBERED.match(f))]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48].strip("-") or "case"
    number = max(numbers, default=0) + 1
    candidate = f"{number:02d}-{slug}.json"
    while candidate in existing:
        number += 1
        candidate = f"{number:02d}-{slug}.json"
    return candidate
