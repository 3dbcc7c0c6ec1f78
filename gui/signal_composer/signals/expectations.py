"""What a suite case expects (an outcome kind, local validation problems) and the check of it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final

from signal_composer.signals.problems import Problem

EXPECT_KEYS: Final = ("outcome", "problems")
PROBLEM_KEYS: Final = ("path", "code")


@dataclass(frozen=True, slots=True)
class ExpectedProblem:
    """A problem local validation must report: at this JSON path, with this code when given."""

    path: str
    code: str | None = None

    def matches(self, problem: Problem) -> bool:
        return problem.path == self.path and (self.code is None or problem.code == self.code)

    def format(self) -> str:
        return f"{self.path or '(signal)'}{f' {self.code}' if self.code else ''}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path} | ({"code": self.code} if self.code else {})


@dataclass(frozen=True, slots=True)
class Expectation:
    """What must happen; None leaves that part unchecked. ``problems=()`` means no errors."""

    outcome: str | None = None
    problems: tuple[ExpectedProblem, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.outcome is not None:
            out["outcome"] = self.outcome
        if self.problems is not None:
            out["problems"] = [p.as_dict() for p in self.problems]
        return out


@dataclass(frozen=True, slots=True)
class Miss:
    """One expectation not met: what was expected and what happened instead."""

    what: str
    """``outcome`` or ``problems``."""
    expected: str
    got: str

    def format(self) -> str:
        return f"{self.what}: expected {self.expected}, got {self.got}"


Report = Callable[[str, str], None]


def read_expectation(
    value: object, present: bool, outcome_kinds: Collection[str], error: Report
) -> Expectation | None:
    """Reads a case's ``expect`` object; reports each problem by its JSON path."""
    if not isinstance(value, dict):
        error("expect", "required: an object with outcome, problems or both" if not present
              else 'must be an object: {"outcome": …, "problems": […]}')  # fmt: skip
        return None
    before = [0]

    def report(path: str, message: str) -> None:
        before[0] += 1
        error(path, message)

    for key in value:
        if key not in EXPECT_KEYS:
            report(f"expect.{key}", "unknown key; expect has outcome and problems")
    if not any(key in value for key in EXPECT_KEYS):
        report("expect", "expects nothing: give outcome, problems or both")
    outcome = value.get("outcome")
    if "outcome" in value and outcome not in outcome_kinds:
        report(
            "expect.outcome",
            f"unknown outcome {outcome!r}: one of {', '.join(sorted(outcome_kinds))}",
        )
    problems = _read_problems(value, report) if "problems" in value else None
    if before[0]:
        return None
    return Expectation(outcome if isinstance(outcome, str) else None, problems)


def _read_problems(value: dict[str, Any], report: Report) -> tuple[ExpectedProblem, ...]:
    items = value["problems"]
    if not isinstance(items, list):
        report("expect.problems", 'must be an array of {"path": …, "code": …} ([] for no errors)')
        return ()
    out: list[ExpectedProblem] = []
    for i, item in enumerate(items):
        at = f"expect.problems[{i}]"
        if not isinstance(item, dict):
            report(at, 'must be an object: {"path": …, "code": …}')
            continue
        for key in item:
            if key not in PROBLEM_KEYS:
                report(f"{at}.{key}", "unknown key; an expected problem has path and code")
        path, code = item.get("path"), item.get("code")
        if not isinstance(path, str):
            report(f"{at}.path", "required: the problem's JSON path, such as ipAddress")
            continue
        if "code" in item and (not isinstance(code, str) or not code):
            report(f"{at}.code", "must be a non-empty string, such as invalid_ip")
            continue
        out.append(ExpectedProblem(path, code))
    return tuple(out)


def check(expect: Expectation, outcome: str, problems: Sequence[Problem]) -> list[Miss]:
    """Every way the result misses the expectation (empty when the case passed)."""
    misses: list[Miss] = []
    if expect.outcome is not None and expect.outcome != outcome:
        misses.append(Miss("outcome", expect.outcome, outcome))
    if expect.problems is None:
        return misses
    if not expect.problems:
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            misses.append(Miss("problems", "no errors", _listed(errors)))
        return misses
    for wanted in expect.problems:
        if not any(wanted.matches(p) for p in problems):
            misses.append(Miss("problems", wanted.format(), _listed(problems) or "no problems"))
    return misses


def _listed(problems: Sequence[Problem]) -> str:
    shown = [f"{p.path or '(signal)'} {p.code}" for p in problems[:6]]
    more = f" and {len(problems) - 6} more" if len(problems) > 6 else ""
    return ", ".join(shown) + more


def expectation_from(outcome: str | None, problems: Sequence[Problem]) -> Expectation:
    """The expectation a result meets exactly: its outcome and every problem, once each
    (``[]`` when there were none), for "Save as case"."""
    seen: dict[tuple[str, str], ExpectedProblem] = {}
    for p in problems:
        seen.setdefault((p.path, p.code), ExpectedProblem(p.path, p.code))
    return Expectation(outcome, tuple(seen.values()))
