"""``signal-composer run``: real processes, real suite folders, the real local mock store."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from signal_composer.signals.drafts import new_signal
from signal_composer.signals.resources import resources_dir

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer, closed_port

TOKEN = "Zq9SUITEtokenXY12345678abcdefgh"
DOCS_TRAPS = str(resources_dir() / "suites" / "docs-traps")


def suite(home: Path, cases: dict[str, Any], **settings: Any) -> str:
    folder = home.parent / "suite"
    folder.mkdir()
    if settings:
        (folder / "suite.json").write_text(json.dumps(settings))
    for name, data in cases.items():
        (folder / name).write_text(json.dumps(data))
    return str(folder)


def click_case(expect: dict[str, Any], **changes: Any) -> dict[str, Any]:
    signal = new_signal("click")
    signal.update(changes)
    return {"type": "click", "signals": [signal], "expect": expect}


def test_the_docs_traps_suite_passes_with_a_junit_report(home: Path) -> None:
    report = home.parent / "report.xml"
    result = run_cli("run", DOCS_TRAPS, "--junit", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Suite docs-traps: 10 cases against local-mock"
    assert sum(line.startswith("PASS  ") for line in lines) == 10
    assert lines[-1].startswith("10 passed, 0 failed of 10 cases against local-mock in ")
    root = ET.parse(report).getroot()
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 10
    assert all(c.find("failure") is None for c in cases)
    assert cases[4].get("name") == "trap: the docs' IP address 111.222.333 is rejected"
    # every request is in the history, tagged with the suite and the case
    listed = run_cli("history", "list", "--contains", "suite docs-traps").stdout.splitlines()
    assert len(listed) == 10
    shown = run_cli("history", "show", listed[0].split()[0]).stdout
    assert "tag: suite docs-traps: the docs' click example, as published, is rejected" in shown


def test_a_failed_case_exits_1_and_says_expected_and_got(home: Path) -> None:
    folder = suite(
        home,
        {
            "01-good.json": click_case({"outcome": "accepted", "problems": []}),
            "02-wrong.json": click_case(
                {"outcome": "accepted", "problems": [{"path": "sourceId"}]}, ipAddress="1.2.3"
            ),
        },
        name="regressions",
    )
    report = home.parent / "out.xml"
    result = run_cli("run", folder, "--junit", str(report))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("PASS  01-good: accepted (202)")
    assert lines[2].startswith("FAIL  02-wrong: invalid_request (400), 1 error")
    assert lines[3] == "      outcome: expected accepted, got invalid_request"
    assert lines[4].startswith("      problems: expected sourceId, got ipAddress invalid_ip")
    assert lines[-1].startswith("1 passed, 1 failed of 2 cases")
    failures = ET.parse(report).getroot().findall("testsuite/testcase/failure")
    assert [f.get("type") for f in failures] == ["expectation"]


def test_json_result(home: Path) -> None:
    folder = suite(home, {"01.json": click_case({"outcome": "bad_token"})})
    result = run_cli("run", folder, "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["suite"] == "suite"
    assert data["passed"] is False
    (case,) = data["cases"]
    assert case["expected"] == {"outcome": "bad_token"}
    assert case["got"]["outcome"] == "accepted"
    assert case["got"]["status"] == 202
    assert isinstance(case["historyEntry"], int)


def test_a_malformed_suite_exits_2_naming_file_and_path_and_sends_nothing(home: Path) -> None:
    folder = suite(
        home,
        {
            "01.json": click_case({"outcome": "accepted"}),
            "02.json": click_case({"outcome": "acepted"}),
            "03.json": click_case({"outcome": "accepted"}, visitorId="{{visitor}}"),
        },
    )
    result = run_cli("run", folder)
    assert result.returncode == 2
    assert result.stdout == ""
    errors = result.stderr.splitlines()
    assert errors[0].startswith("02.json: expect.outcome: unknown outcome 'acepted': one of ")
    assert errors[1].startswith("03.json: signals[0].visitorId: unknown variable {{visitor}}")
    assert errors[2] == "signal-composer: 2 problems in the suite; the suite cannot run"
    assert run_cli("history", "list").stdout == ""


def test_usage_errors_exit_2(home: Path) -> None:
    assert run_cli("run", str(home.parent / "absent")).returncode == 2
    folder = suite(home, {"01.json": click_case({"outcome": "accepted"})})
    missing = run_cli("run", folder, "--store", "nowhere")
    assert missing.returncode == 2
    assert "nowhere" in missing.stderr
    bad_junit = run_cli("run", folder, "--junit", str(home.parent / "no" / "such" / "r.xml"))
    assert bad_junit.returncode == 2
    assert "does not exist" in bad_junit.stderr
    assert run_cli("history", "list").stdout == ""


def test_an_unreachable_store_exits_3(home: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    run_cli("stores", "add", "down", "--store-id", "down", "--base-url", url)
    folder = suite(home, {"01.json": click_case({"outcome": "accepted"})}, store="down")
    result = run_cli("run", folder, "--retries", "0", env={"SIGNAL_COMPOSER_TOKEN": TOKEN})
    assert result.returncode == 3, result.stdout + result.stderr
    assert "FAIL  01: refused" in result.stdout
    assert "the store could not be reached: Connection refused" in result.stderr


def test_an_unreachable_store_stops_after_the_first_case(home: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    run_cli("stores", "add", "down", "--store-id", "down", "--base-url", url)
    cases = {f"0{n}.json": click_case({"outcome": "accepted"}) for n in range(1, 5)}
    folder = suite(home, cases, store="down")
    report = home.parent / "r.xml"
    env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
    result = run_cli("run", folder, "--retries", "0", "--junit", str(report), env=env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "FAIL  01: refused" in result.stdout
    assert "FAIL  02" not in result.stdout
    assert "3 not run (the store could not be reached) of 4 cases against down" in result.stdout
    assert "stopped after the first case: the other 3 cases were not sent" in result.stderr
    assert report.read_text().count("not run: the first case found the store unreachable") == 3
    assert len(run_cli("history", "list").stdout.splitlines()) == 1  # one request was tried


def test_the_token_never_appears_in_a_report(home: Path) -> None:
    echo = json.dumps({"echo": TOKEN}).encode()
    with ScriptedServer(Reply(400, {"X-Echo": TOKEN}, echo)) as server:
        run_cli("stores", "add", "shop", "--store-id", "shop", "--base-url", server.url)
        folder = suite(home, {"01.json": click_case({"outcome": "accepted"})})
        report = home.parent / "r.xml"
        env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
        human = run_cli("run", folder, "--store", "shop", "--junit", str(report), env=env)
        machine = run_cli("run", folder, "--store", "shop", "--json", env=env)
        assert server.seen[0].headers["Authorization"] == TOKEN  # it was really sent
    assert human.returncode == machine.returncode == 1
    for text in (human.stdout, human.stderr, machine.stdout, report.read_text()):
        assert TOKEN not in text
    exported = run_cli("history", "export").stdout
    assert "suite suite: 01" in exported
    assert TOKEN not in exported


def test_a_production_store_needs_yes(home: Path) -> None:
    with ScriptedServer(Reply(202)) as server:
        run_cli(
            "stores", "add", "live", "--store-id", "live", "--base-url", server.url, "--production"
        )
        folder = suite(home, {"01.json": click_case({"outcome": "accepted"})}, store="live")
        env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
        refused = run_cli("run", folder, env=env)
        assert refused.returncode == 2
        assert "production store: add --yes" in refused.stderr
        assert server.seen == []
        confirmed = run_cli("run", folder, "--yes", env=env)
        assert confirmed.returncode == 0, confirmed.stderr
        assert len(server.seen) == 1


def test_a_suite_whose_store_is_not_set_up_says_how_to_pick_one(home: Path) -> None:
    folder = suite(home, {"01.json": click_case({"outcome": "accepted"})}, store="staging")
    result = run_cli("run", folder)
    assert result.returncode == 2
    assert "the suite's store 'staging' (suite.json) is not set up here" in result.stderr
    assert "--store" in result.stderr
    assert run_cli("run", folder, "--store", "local-mock").returncode == 0


def test_a_store_without_a_token_exits_2_before_anything_is_sent(home: Path) -> None:
    with ScriptedServer(Reply(202)) as server:
        run_cli("stores", "add", "shop", "--store-id", "shop", "--base-url", server.url)
        folder = suite(home, {"01.json": click_case({"outcome": "accepted"})}, store="shop")
        result = run_cli("run", folder)
        assert server.seen == []
    assert result.returncode == 2
    assert "SIGNAL_COMPOSER_TOKEN" in result.stderr  # the next step, keyring or not
    assert run_cli("history", "list").stdout == ""
