"""Suite variables: ``{{uuid}}``, ``{{now}}``, ``{{env.NAME}}`` and a suite's own, in JSON values.

A string that is exactly ``"{{name}}"`` takes the value's JSON type (``{{now}}`` becomes an
integer); inside a longer string the value is replaced as text. Object keys are left alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeAlias

from signal_composer.signals.validation import format_path

Scalar: TypeAlias = str | int | float | bool
Lookup: TypeAlias = Callable[[str], Scalar]
Loc: TypeAlias = tuple[int | str, ...]

PATTERN: Final = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
BUILTINS: Final = ("uuid", "now")
ENV_PREFIX: Final = "env."
NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""A suite variable's name (``env.`` and the built-in names are taken)."""


class UnknownVariableError(Exception):
    """A name that is neither built in, an environment variable, nor one of the suite's."""


def references(value: Any, loc: Loc = ()) -> Iterator[tuple[str, str]]:
    """Every variable a JSON value refers to, as (path, name)."""
    if isinstance(value, str):
        for match in PATTERN.finditer(value):
            yield format_path(loc), match.group(1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from references(item, (*loc, i))


def expand(value: Any, lookup: Lookup, loc: Loc = ()) -> tuple[Any, list[tuple[str, str]]]:
    """The value with its variables replaced, and the (path, message) of each that failed."""
    errors: list[tuple[str, str]] = []

    def one(name: str, at: Loc) -> Scalar | None:
        try:
            return lookup(name)
        except UnknownVariableError as exc:
            errors.append((format_path(at), str(exc)))
            return None

    def walk(item: Any, at: Loc) -> Any:
        if isinstance(item, dict):
            return {key: walk(inner, (*at, key)) for key, inner in item.items()}
        if isinstance(item, list):
            return [walk(inner, (*at, i)) for i, inner in enumerate(item)]
        if not isinstance(item, str) or "{{" not in item:
            return item
        whole = PATTERN.fullmatch(item)
        if whole is not None:
            found = one(whole.group(1), at)
            return item if found is None else found

        def text(match: re.Match[str]) -> str:
            found = one(match.group(1), at)
            if found is None:
                return match.group(0)
            return found if isinstance(found, str) else json.dumps(found)

        return PATTERN.sub(text, item)

    return walk(value, loc), errors


class RunValues:
    """The variables of one run: each is worked out once, so every case sees the same values.

    In a suite's own definitions, each definition that uses ``{{uuid}}`` gets a UUID of its
    own (so ``visitor``, ``session`` and ``query`` differ); in the case files ``{{uuid}}`` is
    the run's one UUID.
    """

    def __init__(
        self, environ: Mapping[str, str], new_uuid: Callable[[], str], now_ms: int
    ) -> None:
        self.environ = environ
        self.new_uuid = new_uuid
        self.now_ms = now_ms
        self.values: dict[str, Scalar] = {}
        self._uuid: str | None = None

    def define(self, raw: Mapping[str, Any], loc: Loc = ()) -> list[tuple[str, str]]:
        """Works out a suite's variables in their order (each may use the ones before it)."""
        errors: list[tuple[str, str]] = []
        for name, value in raw.items():
            expanded, failed = expand(value, self._definition_lookup(), (*loc, name))
            errors.extend(failed)
            if not failed:
                self.values[name] = expanded
        return errors

    def _definition_lookup(self) -> Lookup:
        """Lookup for one definition: ``{{uuid}}`` is a UUID of the definition's own."""
        own: list[str] = []

        def lookup(wanted: str) -> Scalar:
            if wanted != "uuid":
                return self.lookup(wanted)
            if not own:
                own.append(self.new_uuid())
            return own[0]

        return lookup

    def lookup(self, name: str) -> Scalar:
        """The value of a variable; UnknownVariableError says why there is none."""
        if name == "uuid":
            if self._uuid is None:
                self._uuid = self.new_uuid()
            return self._uuid
        if name == "now":
            return self.now_ms
        if name.startswith(ENV_PREFIX):
            variable = name[len(ENV_PREFIX) :]
            if variable not in self.environ:
                raise UnknownVariableError(
                    f"{{{{{name}}}}}: the environment variable {variable} is not set; "
                    "set it before the run"
                )
            return self.environ[variable]
        if name in self.values:
            return self.values[name]
        raise UnknownVariableError(unknown_message(name, self.values))


def unknown_message(name: str, suite_names: Mapping[str, object] | list[str]) -> str:
    """Says that a variable is unknown, and which names are."""
    own = ", ".join(suite_names) or "none"
    return (
        f"unknown variable {{{{{name}}}}}: use uuid, now, env.NAME or one of the suite's "
        f"variables ({own})"
    )
