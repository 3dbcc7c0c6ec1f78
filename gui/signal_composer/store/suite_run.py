"""Runs a suite against a store: every case is sent (valid or not), recorded and checked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from signal_composer.signals.expectations import Expectation, Miss, check
from signal_composer.signals.problems import Problem
from signal_composer.signals.suite import (
    Case,
    ReadyCase,
    Suite,
    case_document,
    case_files,
    load_suite,
    new_case_file,
    prepare,
)
from signal_composer.signals.types import SignalType
from signal_composer.signals.validation import validate_batch
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Sender
from signal_composer.store.sending import build_request, encode_body, send_recorded
from signal_composer.store.stores import Store
from signal_composer.store.tokens import TokenVault

UNREACHABLE: Final = frozenset({str(Kind.REFUSED), str(Kind.UNRESOLVED)})
"""Outcomes that say the store cannot be reached at all (nothing listens, no such name)."""
OUTCOME_KINDS: Final = frozenset(str(kind) for kind in Kind)
"""The outcome names a case may expect: the store layer's kinds, named once in outcomes.py."""


def open_suite(folder: Path) -> Suite:
    """Loads a suite whose expectations may name any outcome kind; SuiteError when malformed."""
    return load_suite(folder, OUTCOME_KINDS)


def save_case(
    folder: Path, name: str, kind: SignalType, signals: list[Any], expect: Expectation
) -> Path:
    """Writes a new case file that sorts after the suite's cases; never replaces a file."""
    existing = [p.name for p in case_files(folder)]
    path = folder / new_case_file(existing, name)
    with path.open("x", encoding="utf-8") as out:
        out.write(case_document(name, kind, signals, expect))
    return path


def case_tag(suite: Suite, case: Case) -> str:
    """The history tag of a case's request."""
    return f"suite {suite.name}: {case.name}"


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What happened to one case, and whether it met its expectation."""

    case: Case
    outcome: str
    """The outcome kind (``accepted``, ``invalid_request``, …)."""
    title: str
    detail: str
    status: int | None
    problems: list[Problem]
    misses: list[Miss]
    entry_id: int
    duration_ms: float
    earlier: float | None = None
    """When the result comes from an earlier run's history entry, that entry's time."""
    store: str = ""
    """The store the case was sent to."""

    @property
    def passed(self) -> bool:
        return not self.misses


@dataclass(slots=True)
class SuiteResult:
    """A run: the results of the cases that ran, in order."""

    suite: Suite
    store: str
    results: list[CaseResult] = field(default_factory=list)
    planned: int = 0
    """How many cases the run was to send."""
    cancelled: bool = False
    unreachable_first: bool = False
    """The first case found the store unreachable (refused, or its name not resolved): the
    run stopped there, and the other cases were not sent."""
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def passed(self) -> bool:
        """Every planned case ran and met its expectation."""
        return (
            not self.cancelled
            and not self.unreachable_first
            and not self.failed
            and len(self.results) == self.planned
        )

    @property
    def unreachable(self) -> bool:
        """No case got an HTTP answer: the store could not be reached at all."""
        return bool(self.results) and all(r.status is None for r in self.results)

    def not_run(self) -> list[Case]:
        """The planned cases a cancel (or an unreachable store) stopped before they were sent."""
        ran = {r.case.file for r in self.results}
        return [c for c in self.suite.cases if c.file not in ran][: self.planned - len(ran)]


@dataclass(frozen=True, slots=True)
class Target:
    """Where and how a run sends: the store, its token, the shared sender and history."""

    store: Store
    sender: Sender
    history: History
    vault: TokenVault
    mock_url: str | None = None
    source: str = "cli"


def run_suite(
    suite: Suite,
    target: Target,
    *,
    cases: Collection[Case] | None = None,
    cancel: threading.Event | None = None,
    on_start: Callable[[Case], None] | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> SuiteResult:
    """Sends each case (all, or the ones given) in order and checks it.

    Variables are replaced before anything is sent (SuiteError names each unknown one); a send
    that cannot start (no token) raises SendError before the first case. A cancel stops after
    the case on the wire; its answer is still recorded. A case whose request had not left
    when the cancel came is not a result: it is among ``not_run()``.
    """
    ready = prepare(suite, cases, environ=environ)
    run = SuiteResult(suite, target.store.name, planned=len(ready))
    started = time.perf_counter()
    cancel = cancel or threading.Event()
    for item in ready:
        if cancel.is_set():
            break
        if on_start is not None:
            on_start(item.case)
        result = _run_case(suite, item, target, cancel)
        if result is None:  # cancelled before its request left: the case did not run
            break
        run.results.append(result)
        if on_result is not None:
            on_result(result)
        if len(run.results) == 1 and result.status is None and result.outcome in UNREACHABLE:
            run.unreachable_first = True  # every other case would only wait for the same
            break
    stopped = len(run.results) < run.planned or any(
        r.outcome == Kind.CANCELLED for r in run.results
    )
    run.cancelled = cancel.is_set() and stopped
    run.duration_s = time.perf_counter() - started
    return run


def _run_case(
    suite: Suite, item: ReadyCase, target: Target, cancel: threading.Event
) -> CaseResult | None:
    """The case's result; None when a cancel came before its request left (no attempt)."""
    case = item.case
    problems = validate_batch(case.type, item.signals)
    body, count = encode_body(item.signals)
    store = target.store
    request = build_request(store, case.type, body, count, target.vault, target.mock_url)
    recorded = send_recorded(
        target.sender,
        target.history,
        store,
        request,
        source=target.source,
        tag=case_tag(suite, case),
        cancel=cancel,
    )
    found = recorded.result.outcome
    if not recorded.result.attempts:
        return None
    return CaseResult(
        case=case,
        outcome=str(found.kind),
        title=found.title,
        detail=found.detail,
        status=recorded.result.status,
        problems=problems,
        misses=check(case.expect, str(found.kind), problems),
        entry_id=recorded.entry_id,
        duration_ms=recorded.result.duration_ms,
        store=store.name,
    )


def last_results(suite: Suite, history: History, store: str | None = None) -> dict[str, CaseResult]:
    """Each case's result in its newest history entry (an earlier run, from the window or the
    command line), checked against the case's expectation as it is now. With ``store``, a
    result against that store wins over a newer one against another store."""
    import json

    tags = {case_tag(suite, case): case for case in suite.cases}
    found: dict[str, CaseResult] = {}
    newest = history.latest_tagged(list(tags))
    if store is not None:
        newest |= history.latest_tagged(list(tags), store)
    for tag, entry_id in newest.items():
        case, entry = tags[tag], history.get(entry_id)
        try:
            problems = validate_batch(case.type, json.loads(entry.body_bytes()))
        except ValueError:
            problems = []
        got = entry.summary.outcome or ""
        title = outcome(Kind(got)).title if got in OUTCOME_KINDS else got
        found[case.file] = CaseResult(
            case=case,
            outcome=got,
            title=title,
            detail=entry.detail,
            status=entry.summary.status,
            problems=problems,
            misses=check(case.expect, got, problems),
            entry_id=entry_id,
            duration_ms=entry.summary.duration_ms or 0.0,
            earlier=entry.summary.created_at,
            store=entry.summary.store,
        )
    return found
