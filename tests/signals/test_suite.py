"""The suite format: a folder of case files, suite.json, every error named by file and path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.expectations import Expectation, ExpectedProblem
from signal_composer.signals.suite import (
    SuiteError,
    case_document,
    load_suite,
    new_case_file,
    prepare,
)

KINDS = frozenset({"accepted", "invalid_request", "bad_token"})


def write(folder: Path, name: str, data: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / name).write_text(text, encoding="utf-8")


def case(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "a click",
        "type": "click",
        "signals": [new_signal("click")],
        "expect": {"outcome": "accepted", "problems": []},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_cases_load_in_file_name_order_with_the_suites_settings(tmp_path: Path) -> None:
    folder = tmp_path / "smoke"
    write(folder, "suite.json", {"name": "Smoke", "store": "staging", "variables": {"v": "x"}})
    write(folder, "10-second.json", case(name="second"))
    write(folder, "02-first.json", case(name=None))
    write(folder, "README.md", "# not a case")
    write(folder, ".hidden.json", "not even JSON")
    suite = load_suite(folder, KINDS)
    assert suite.name == "Smoke"
    assert suite.store == "staging"
    assert suite.variables == {"v": "x"}
    assert [c.file for c in suite.cases] == ["02-first.json", "10-second.json"]
    assert [c.name for c in suite.cases] == ["02-first", "second"]  # name defaults to the stem
    assert suite.cases[1].expect == Expectation("accepted", ())


def test_without_suite_json_the_folder_names_the_suite(tmp_path: Path) -> None:
    write(tmp_path / "checkout", "01.json", case())
    suite = load_suite(tmp_path / "checkout", KINDS)
    assert (suite.name, suite.store, suite.variables) == ("checkout", None, {})


MALFORMED: list[tuple[str, Any, str, str]] = [
    ("suite.json", "{", "", "not valid JSON at line 1"),
    ("suite.json", [], "", "must be a JSON object"),
    ("suite.json", {"varibles": {}}, "varibles", "unknown key"),
    ("suite.json", {"name": ""}, "name", "non-empty string"),
    ("suite.json", {"store": 3}, "store", "non-empty string"),
    ("suite.json", {"variables": []}, "variables", "must be an object"),
    ("suite.json", {"variables": {"now": "1"}}, "variables.now", "not a usable variable name"),
    ("suite.json", {"variables": {"9x": "1"}}, "variables.9x", "not a usable variable name"),
    ("suite.json", {"variables": {"v": {"a": 1}}}, "variables.v", "a string, a number"),
    (
        "suite.json",
        {"variables": {"v": "{{w}}", "w": "1"}},
        "variables.v",
        "unknown variable {{w}}",
    ),
    ("05-case.json", "[1,", "", "not valid JSON"),
    ("05-case.json", b"\xff\xfe", "", "not UTF-8"),
    ("05-case.json", ["x"], "", "must be a JSON object"),
    ("05-case.json", "null", "", "must be a JSON object"),
    ("05-case.json", case(signals=json.loads("[" * 70 + "]" * 70)), "", "nested more than 64"),
    (
        "05-case.json",
        '{"signals":' + "[" * 100_000 + "]" * 100_000 + "}",
        "",
        "nested too deeply",
    ),  # the JSON reader says it
    ("05-case.json", case(expcet={}), "expcet", "unknown key"),
    ("05-case.json", case(name=[]), "name", "non-empty string"),
    ("05-case.json", case(type=None), "type", "required"),
    ("05-case.json", case(type="checkout"), "type", "unknown type 'checkout'"),
    ("05-case.json", case(signals=None), "signals", "required: an array"),
    ("05-case.json", case(signals={"a": 1}), "signals", "must be an array"),
    ("05-case.json", case(expect=None), "expect", "required"),
    ("05-case.json", case(expect="accepted"), "expect", "must be an object"),
    ("05-case.json", case(expect={}), "expect", "expects nothing"),
    ("05-case.json", case(expect={"outcome": "ok"}), "expect.outcome", "unknown outcome 'ok'"),
    ("05-case.json", case(expect={"outcome": "accepted", "why": 1}), "expect.why", "unknown key"),
    ("05-case.json", case(expect={"problems": "none"}), "expect.problems", "must be an array"),
    ("05-case.json", case(expect={"problems": [1]}), "expect.problems[0]", "must be an object"),
    (
        "05-case.json",
        case(expect={"problems": [{"code": "invalid_ip"}]}),
        "expect.problems[0].path",
        "required",
    ),
    (
        "05-case.json",
        case(expect={"problems": [{"path": "ipAddress", "code": ""}]}),
        "expect.problems[0].code",
        "non-empty string",
    ),
    (
        "05-case.json",
        case(expect={"problems": [{"path": "ipAddress", "severity": "error"}]}),
        "expect.problems[0].severity",
        "unknown key",
    ),
    (
        "05-case.json",
        case(signals=[{"visitorId": "{{visitor}}"}]),
        "signals[0].visitorId",
        "unknown variable {{visitor}}",
    ),
    ("05-case.json", case(name="good"), "name", "the same name as in 01-good.json"),
]


@pytest.mark.parametrize(("file", "content", "path", "message"), MALFORMED)
def test_each_malformed_part_is_named_by_file_and_path(
    tmp_path: Path, file: str, content: Any, path: str, message: str
) -> None:
    folder = tmp_path / "suite"
    write(folder, "01-good.json", case(name="good"))
    if isinstance(content, bytes):
        folder.joinpath(file).write_bytes(content)
    else:
        write(folder, file, content)
    with pytest.raises(SuiteError) as caught:
        load_suite(folder, KINDS)
    found = [(p.file, p.path) for p in caught.value.problems]
    assert found == [(file, path)], caught.value
    assert message in caught.value.problems[0].message
    assert str(caught.value).startswith(f"{file}: {path + ': ' if path else ''}")


def test_every_error_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "suite"
    write(folder, "suite.json", {"store": ""})
    write(folder, "01.json", case(type="x", expect={}))
    write(folder, "02.json", "nope")
    with pytest.raises(SuiteError) as caught:
        load_suite(folder, KINDS)
    assert [(p.file, p.path) for p in caught.value.problems] == [
        ("suite.json", "store"),
        ("01.json", "type"),
        ("01.json", "expect"),
        ("02.json", ""),
    ]


def test_a_missing_or_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="no such folder"):
        load_suite(tmp_path / "absent", KINDS)
    (tmp_path / "empty").mkdir()
    with pytest.raises(SuiteError, match="no case files"):
        load_suite(tmp_path / "empty", KINDS)


def ids() -> Any:
    counter = iter(range(1, 1000))
    return lambda: f"00000000-0000-4000-8000-{next(counter):012d}"


def test_variables_keep_their_json_type_when_they_are_the_whole_string(tmp_path: Path) -> None:
    folder = tmp_path / "vars"
    write(
        folder,
        "suite.json",
        {"variables": {"position": 3, "live": True, "shop": "https://shop.example"}},
    )
    signal = {
        "timestamp": "{{now}}",
        "selectedPosition": "{{position}}",
        "flag": "{{ live }}",
        "uri": "{{shop}}/p/{{position}}?at={{now}}",
        "{{now}}": "keys stay as written",
    }
    write(folder, "01.json", case(signals=[signal]))
    (ready,) = prepare(load_suite(folder, KINDS), environ={}, now=1796000000123)
    assert ready.signals == [
        {
            "timestamp": 1796000000123,
            "selectedPosition": 3,
            "flag": True,
            "uri": "https://shop.example/p/3?at=1796000000123",
            "{{now}}": "keys stay as written",
        }
    ]


def test_each_variable_is_worked_out_once_per_run(tmp_path: Path) -> None:
    folder = tmp_path / "journey"
    write(
        folder,
        "suite.json",
        {"variables": {"visitor": "{{uuid}}", "query": "{{uuid}}", "session": "s-{{visitor}}"}},
    )
    a = {"visitorId": "{{visitor}}", "queryId": "{{query}}", "orderId": "{{uuid}}", "t": "{{now}}"}
    b = {
        "visitorId": "{{visitor}}",
        "queryId": "{{query}}",
        "orderId": "{{uuid}}",
        "s": "{{session}}",
        "t": "{{now}}",
    }
    write(folder, "01-query.json", case(name="q", signals=[a]))
    write(folder, "02-click.json", case(name="c", signals=[b]))
    suite = load_suite(folder, KINDS)
    first, second = prepare(suite, environ={}, new_uuid=ids())
    (one,), (two,) = first.signals, second.signals
    assert one["visitorId"] == two["visitorId"]  # every case sees the same visitor
    assert one["queryId"] == two["queryId"]  # so a click can carry the query's id
    assert one["visitorId"] != one["queryId"]  # each suite variable has a UUID of its own
    assert one["orderId"] == two["orderId"]  # {{uuid}} in the cases: one per run
    assert len({one["visitorId"], one["queryId"], one["orderId"]}) == 3
    assert two["s"] == "s-" + one["visitorId"]
    assert one["t"] == two["t"]  # one time for the whole run
    again, _ = prepare(suite, environ={})
    assert again.signals[0]["visitorId"] != one["visitorId"]  # a new run, new values


def test_environment_variables_and_a_missing_one(tmp_path: Path) -> None:
    folder = tmp_path / "env"
    write(folder, "suite.json", {"variables": {"store": "{{env.SHOP}}"}})
    write(folder, "01.json", case(signals=[{"sourceId": "{{env.SOURCE}}", "uri": "{{store}}"}]))
    suite = load_suite(folder, KINDS)
    (ready,) = prepare(suite, environ={"SHOP": "acme", "SOURCE": "qa"})
    assert ready.signals == [{"sourceId": "qa", "uri": "acme"}]
    with pytest.raises(SuiteError) as caught:
        prepare(suite, environ={})
    assert [(p.file, p.path) for p in caught.value.problems] == [
        ("suite.json", "variables.store"),
        ("01.json", "signals[0].sourceId"),
        ("01.json", "signals[0].uri"),
    ]
    assert "the environment variable SHOP is not set" in str(caught.value)


def test_a_saved_case_reads_back_as_the_same_case(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    expect = Expectation("invalid_request", (ExpectedProblem("ipAddress", "invalid_ip"),))
    signals = [new_signal("query")]
    write(folder, "01-first.json", case(name="first"))
    name = new_case_file(["01-first.json", "README.md"], "Bad IP: 111.222.333!")
    assert name == "02-bad-ip-111-222-333.json"
    (folder / name).write_text(case_document("Bad IP", "query", signals, expect))
    saved = load_suite(folder, KINDS).case(name)
    assert (saved.name, saved.type, saved.signals, saved.expect) == (
        "Bad IP",
        "query",
        signals,
        expect,
    )
    assert new_case_file([], "") == "01-case.json"
    assert new_case_file(["01-case.json"], "case") == "02-case.json"


def test_the_readme_example_is_a_case_of_the_sample_suite(tmp_path: Path) -> None:
    from signal_composer.signals.resources import resources_dir

    readme = (resources_dir().parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Suites", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "readme"
    folder.mkdir()
    sample = resources_dir() / "suites" / "docs-traps" / "suite.json"
    (folder / "suite.json").write_text(sample.read_text(encoding="utf-8"))
    (folder / "01-example.json").write_text(example)
    outcomes = {"accepted", "invalid_request"}
    (ready,) = prepare(load_suite(folder, outcomes), environ={})
    assert ready.signals[0]["productDetails"][0]["product"]["currencyCode"] == "usd"
    assert isinstance(ready.signals[0]["timestamp"], int)
