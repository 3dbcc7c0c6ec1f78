"""A case's expectation against what happened: the outcome kind and local validation problems."""

from __future__ import annotations

from signal_composer.signals.expectations import (
    Expectation,
    ExpectedProblem,
    Miss,
    check,
    expectation_from,
)
from signal_composer.signals.problems import Problem

BAD_IP = Problem(0, "ipAddress", "invalid_ip", "error", "not a valid IPv4 or IPv6 address")
PLACEHOLDER = Problem(0, "sourceId", "placeholder_value", "warning", "'<string>' is a placeholder")


def test_the_outcome_must_match() -> None:
    assert check(Expectation("accepted"), "accepted", [BAD_IP]) == []
    assert check(Expectation("accepted"), "invalid_request", []) == [
        Miss("outcome", "accepted", "invalid_request")
    ]


def test_no_problems_expected_means_no_errors_but_warnings_are_fine() -> None:
    none = Expectation(problems=())
    assert check(none, "accepted", [PLACEHOLDER]) == []
    (miss,) = check(none, "accepted", [BAD_IP, PLACEHOLDER])
    assert miss.format() == "problems: expected no errors, got ipAddress invalid_ip"


def test_each_expected_problem_must_be_reported_with_its_code_when_given() -> None:
    by_path = Expectation(problems=(ExpectedProblem("ipAddress"),))
    by_code = Expectation(problems=(ExpectedProblem("ipAddress", "invalid_ip"),))
    warned = Expectation(problems=(ExpectedProblem("sourceId", "placeholder_value"),))
    assert check(by_path, "x", [BAD_IP]) == []
    assert check(by_code, "x", [PLACEHOLDER, BAD_IP]) == []
    assert check(warned, "x", [PLACEHOLDER]) == []
    wrong_code = Expectation(problems=(ExpectedProblem("ipAddress", "wrong_type"),))
    assert check(wrong_code, "x", [BAD_IP]) == [
        Miss("problems", "ipAddress wrong_type", "ipAddress invalid_ip")
    ]
    assert check(by_path, "x", []) == [Miss("problems", "ipAddress", "no problems")]


def test_both_parts_are_checked_and_unchecked_parts_are_ignored() -> None:
    both = Expectation("accepted", (ExpectedProblem("ipAddress"),))
    assert [m.what for m in check(both, "invalid_request", [])] == ["outcome", "problems"]
    assert check(Expectation(), "anything", [BAD_IP]) == []


def test_the_expectation_taken_from_a_result_is_met_by_it() -> None:
    problems = [BAD_IP, PLACEHOLDER, BAD_IP]
    taken = expectation_from("invalid_request", problems)
    assert taken.as_dict() == {
        "outcome": "invalid_request",
        "problems": [
            {"path": "ipAddress", "code": "invalid_ip"},
            {"path": "sourceId", "code": "placeholder_value"},
        ],
    }
    assert check(taken, "invalid_request", problems) == []
    assert expectation_from("accepted", []).as_dict() == {"outcome": "accepted", "problems": []}
