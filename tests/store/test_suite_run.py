"""Running a suite: every case sent to a real loopback store, recorded, tagged and checked."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.resources import resources_dir
from signal_composer.signals.suite import Suite, SuiteError
from signal_composer.store.history import Filter, History
from signal_composer.store.mockstore import MockStore
from signal_composer.store.sender import Sender
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.suite_report import case_lines, junit_xml, result_json
from signal_composer.store.suite_run import (
    Target,
    last_results,
    open_suite,
    run_suite,
)
from signal_composer.store.tokens import TokenVault

from tests.conftest import MemoryKeyring

DOCS_TRAPS = resources_dir() / "suites" / "docs-traps"


@pytest.fixture
def target(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[tuple[Target, MockStore]]:
    registry = StoreRegistry()
    history = History(tmp_path / "history.sqlite3")
    with MockStore() as mock, httpx.Client() as client:
        store = registry.get("local-mock")
        yield Target(store, Sender(client, retries=0), history, TokenVault(), mock.url), mock
    history.close()


def write_suite(folder: Path, cases: dict[str, dict[str, Any]], **settings: Any) -> Suite:
    folder.mkdir()
    if settings:
        (folder / "suite.json").write_text(json.dumps(settings))
    for name, data in cases.items():
        (folder / name).write_text(json.dumps(data))
    return open_suite(folder)


def click(**changes: Any) -> dict[str, Any]:
    signal = new_signal("click")
    signal.update(changes)
    return signal


def test_the_docs_traps_suite_passes_against_the_local_mock(
    target: tuple[Target, MockStore],
) -> None:
    run_target, mock = target
    suite = open_suite(DOCS_TRAPS)
    run = run_suite(suite, run_target)
    assert [r.case.file for r in run.failed] == []
    assert run.passed
    assert len(run.results) == len(suite.cases) == 10
    # every case went to the store, the invalid ones too, and the mock accepted the valid ones
    assert mock.requests == 10
    outcomes = {r.case.file: r.outcome for r in run.results}
    assert outcomes["05-bad-ip-rejected.json"] == "invalid_request"
    assert outcomes["07-placeholder-source-id.json"] == "accepted"
    # one visitor and one query id for the whole run: the journey holds together
    visitors = {r.signal["visitorId"] for r in mock.accepted}
    assert len(visitors) == 1
    assert {r.signal["queryId"] for r in mock.accepted if r.type != "query"} == {
        r.signal["queryId"] for r in mock.accepted if r.type == "query"
    }
    # the four types' happy paths reached the store
    assert {r.type for r in mock.accepted} == {"query", "click", "cartadd", "purchase"}


def test_each_request_is_in_the_history_tagged_with_suite_and_case(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, _ = target
    suite = write_suite(
        tmp_path / "tags",
        {
            "01-ok.json": {
                "type": "click",
                "signals": [click()],
                "expect": {"outcome": "accepted"},
            },
            "02-bad.json": {
                "name": "bad ip",
                "type": "click",
                "signals": [click(ipAddress="1.2.3")],
                "expect": {"outcome": "invalid_request"},
            },
        },
        name="Tagging",
    )
    run = run_suite(suite, run_target)
    history = run_target.history
    tags = [history.get(r.entry_id).tag for r in run.results]
    assert tags == ["suite Tagging: 01-ok", "suite Tagging: bad ip"]
    assert history.ids(Filter(contains="suite Tagging")) == sorted(
        (r.entry_id for r in run.results), reverse=True
    )
    assert history.get(run.results[1].entry_id).summary.outcome == "invalid_request"


def test_a_missed_expectation_fails_the_case_with_expected_and_got(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, _ = target
    suite = write_suite(
        tmp_path / "misses",
        {
            "01.json": {
                "name": "expects acceptance",
                "type": "click",
                "signals": [click(ipAddress="111.222.333")],
                "expect": {"outcome": "accepted", "problems": []},
            }
        },
    )
    run = run_suite(suite, run_target)
    (result,) = run.failed
    assert not run.passed
    lines = case_lines(result)
    assert lines[0].startswith("FAIL  expects acceptance: invalid_request (400), 1 error")
    assert lines[1:] == [
        "      outcome: expected accepted, got invalid_request",
        "      problems: expected no errors, got ipAddress invalid_ip",
    ]


def test_an_unknown_environment_variable_stops_the_run_before_anything_is_sent(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, mock = target
    suite = write_suite(
        tmp_path / "env",
        {
            "01.json": {"type": "click", "signals": [click()], "expect": {"outcome": "accepted"}},
            "02.json": {
                "type": "click",
                "signals": [click(sourceId="{{env.NOT_SET_ANYWHERE}}")],
                "expect": {"outcome": "accepted"},
            },
        },
    )
    with pytest.raises(SuiteError) as caught:
        run_suite(suite, run_target, environ={})
    assert [(p.file, p.path) for p in caught.value.problems] == [("02.json", "signals[0].sourceId")]
    assert mock.requests == 0
    assert run_target.history.count() == 0


def test_cancel_stops_after_the_case_on_the_wire_and_reports_the_rest_as_not_run(
    target: tuple[Target, MockStore],
) -> None:
    run_target, mock = target
    suite = open_suite(DOCS_TRAPS)
    cancel = threading.Event()
    run = run_suite(suite, run_target, cancel=cancel, on_result=lambda _: cancel.set())
    assert len(run.results) == 1
    assert run.cancelled
    assert not run.passed
    assert mock.requests == len(run.results)
    not_run = [c.file for c in run.not_run()]
    assert not_run == [c.file for c in suite.cases[len(run.results) :]]
    root = ET.fromstring(junit_xml(run))
    (testsuite,) = root.iter("testsuite")
    assert testsuite.get("skipped") == str(len(not_run))
    skipped = [c.get("file") for c in testsuite.iter("testcase") if c.find("skipped") is not None]
    assert skipped == not_run


def test_a_case_cancelled_before_its_request_left_is_not_run_not_a_result(
    target: tuple[Target, MockStore],
) -> None:
    """The cancel lands after the runner picked the second case but before it was sent."""
    run_target, mock = target
    suite = open_suite(DOCS_TRAPS)
    cancel = threading.Event()
    started: list[str] = []

    def on_start(case: Any) -> None:
        started.append(case.file)
        if len(started) == 2:
            cancel.set()

    run = run_suite(suite, run_target, cancel=cancel, on_start=on_start)
    assert len(started) == 2
    assert [r.case.file for r in run.results] == started[:1]
    assert mock.requests == 1
    assert run.cancelled
    assert [c.file for c in run.not_run()] == [c.file for c in suite.cases[1:]]


def test_the_junit_report_reads_back_with_one_testcase_per_case(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, _ = target
    suite = write_suite(
        tmp_path / "junit",
        {
            "01-pass.json": {
                "type": "click",
                "signals": [click()],
                "expect": {"outcome": "accepted"},
            },
            "02-fail.json": {
                "name": "currency <usd> & more",
                "type": "click",
                "signals": [click(productDetails=[])],
                "expect": {
                    "outcome": "invalid_request",
                    "problems": [{"path": "productDetails", "code": "too_short"}],
                },
            },
        },
        name="JUnit check",
    )
    run = run_suite(suite, run_target)
    root = ET.fromstring(junit_xml(run))
    assert root.tag == "testsuites"
    (testsuite,) = root.findall("testsuite")
    assert testsuite.get("name") == "JUnit check"
    assert (testsuite.get("tests"), testsuite.get("failures"), testsuite.get("skipped")) == (
        "2",
        "1",
        "0",
    )
    assert testsuite.find("properties/property[@name='store']").get("value") == "local-mock"  # type: ignore[union-attr]
    passed, failed = testsuite.findall("testcase")
    assert (passed.get("name"), passed.get("classname")) == ("01-pass", "JUnit check")
    assert passed.find("failure") is None
    assert failed.get("name") == "currency <usd> & more"
    failure = failed.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "outcome: expected invalid_request, got accepted; "
        "problems: expected productDetails too_short, got productDetails no_products"
    )
    assert f"history entry {run.results[1].entry_id}" in (failure.text or "")
    data = result_json(run)
    assert data["counts"] == {"cases": 2, "passed": 1, "failed": 1, "notRun": 0}
    assert data["cases"][1]["misses"][0] == {
        "what": "outcome",
        "expected": "invalid_request",
        "got": "accepted",
    }


def test_expectations_name_the_outcome_kinds_of_the_store_layer(tmp_path: Path) -> None:
    expect = {"outcome": "rate_limited"}
    case = {"type": "click", "signals": [], "expect": expect}
    assert (
        open_suite(write_suite_dir(tmp_path / "ok", case)).cases[0].expect.outcome == "rate_limited"
    )
    case["expect"] = {"outcome": "interrupted"}  # a history state, not an outcome of a send
    with pytest.raises(
        SuiteError, match="unknown outcome 'interrupted': one of accepted, bad_token"
    ):
        open_suite(write_suite_dir(tmp_path / "bad", case))


def write_suite_dir(folder: Path, case: dict[str, Any]) -> Path:
    folder.mkdir()
    (folder / "01.json").write_text(json.dumps(case))
    return folder


def test_the_last_results_come_back_from_the_history_exactly_by_case(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, _ = target
    ok = {"outcome": "accepted"}
    suite = write_suite(
        tmp_path / "again",
        {
            "01.json": {"name": "a", "type": "click", "signals": [click()], "expect": ok},
            "02.json": {
                "name": "ab",
                "type": "click",
                "signals": [click(ipAddress="x")],
                "expect": ok,
            },
            "03.json": {"name": "never run", "type": "click", "signals": [], "expect": ok},
        },
    )
    first = run_suite(suite, run_target, cases=suite.cases[:2])
    second = run_suite(suite, run_target, cases=suite.cases[:1])
    found = last_results(suite, run_target.history)
    assert sorted(found) == ["01.json", "02.json"]
    assert found["01.json"].entry_id == second.results[0].entry_id  # the newest
    assert found["02.json"].entry_id == first.results[1].entry_id  # not "a"'s, though it matches
    assert found["01.json"].passed
    assert found["01.json"].earlier is not None
    assert found["02.json"].outcome == "invalid_request"
    assert [m.format() for m in found["02.json"].misses] == [
        "outcome: expected accepted, got invalid_request"
    ]
    assert [p.code for p in found["02.json"].problems] == ["invalid_ip"]
    # checked against the expectation as it is now
    (tmp_path / "again" / "02.json").write_text(
        json.dumps(
            {"name": "ab", "type": "click", "signals": [], "expect": {"outcome": "invalid_request"}}
        )
    )
    assert last_results(open_suite(tmp_path / "again"), run_target.history)["02.json"].passed


def test_the_junit_report_stays_xml_whatever_the_names_hold(
    target: tuple[Target, MockStore], tmp_path: Path
) -> None:
    run_target, _ = target
    case: dict[str, Any] = {"name": "bell \x07 and ]]> end", "type": "click"}
    case |= {"signals": [click()], "expect": {"outcome": "bad_token"}}
    suite = write_suite(tmp_path / "odd", {"01.json": case}, name="nul\x00 suite")
    root = ET.fromstring(junit_xml(run_suite(suite, run_target)))
    testcase = root.find("testsuite/testcase")
    assert testcase is not None
    assert testcase.get("name") == "bell \ufffd and ]]> end"
    assert root.find("testsuite/testcase/failure") is not None


def test_a_quick_run_says_its_milliseconds_not_zero_seconds() -> None:
    from signal_composer.store.suite_report import took

    assert took(0.042) == "42 ms"
    assert took(0.3) == "300 ms"
    assert took(11.04) == "11.0 s"
