"""A mistyped option value says what the option takes, in words, and what was given: never a
Python type's or function's name ("invalid _positive_int value", "invalid float value")."""

from __future__ import annotations

import re

import pytest

from tests.processes import run_cli

SIM = ("simulate", "--out", "-")
CASES = [
    ((*SIM, "--shoppers", "abc"), "--shoppers must be a whole number of at least 1, not 'abc'"),
    ((*SIM, "--shoppers", "0"), "--shoppers must be a whole number of at least 1, not '0'"),
    ((*SIM, "--shoppers", "1.5"), "--shoppers must be a whole number of at least 1, not '1.5'"),
    ((*SIM, "--shoppers", "2", "--days", "x"), "--days must be a number above 0, not 'x'"),
    ((*SIM, "--shoppers", "2", "--days", "inf"), "--days must be a number above 0, not 'inf'"),
    ((*SIM, "--shoppers", "2", "--seed", "s1"), "--seed must be a whole number, not 's1'"),
    (
        (*SIM, "--shoppers", "2", "--batch", "0"),
        "--batch must be a whole number of at least 1, not '0'",
    ),
    (
        (*SIM, "--shoppers", "2", "--rate", "-3"),
        "--rate must be a number of signals a second above 0, not '-3'",
    ),
    (
        ("simulate", "--store", "x", "--shoppers", "2", "--retries", "many"),
        "--retries must be a whole number, not 'many'",
    ),
    (
        ("send", "--type", "query", "--store", "x", "--connect-timeout", "5s", "-"),
        "--connect-timeout must be a number of seconds, not '5s'",
    ),
    (
        ("send", "--type", "query", "--store", "x", "--read-timeout", "1,5", "-"),
        "--read-timeout must be a number of seconds, not '1,5'",
    ),
    (
        ("metrics", "--history", "--newest", "zero"),
        "--newest must be a whole number of at least 1, not 'zero'",
    ),
    (
        ("validate", "--type", "query", "--max-problems", "all", "-"),
        "--max-problems must be a whole number of at least 0 (0: all), not 'all'",
    ),
    (("history", "list", "--limit", "ten"), "--limit must be a whole number, not 'ten'"),
    (
        ("history", "list", "--status", "2xx"),
        "--status must be an HTTP status from 100 to 599, not '2xx'",
    ),
    (("history", "show", "last"), "ID must be a history entry's id (a whole number), not 'last'"),
    (
        ("stores", "add", "s", "--store-id", "s", "--deadline", "soon"),
        "--deadline must be a number of seconds, not 'soon'",
    ),
    (("mock-store", "--port", "http"), "--port must be a port from 0 to 65535, not 'http'"),
    (("mock-store", "--port", "70000"), "--port must be a port from 0 to 65535, not '70000'"),
    (
        ("mock-store", "--latency", "900"),
        "--latency must be a number of seconds from 0 to 600, not '900'",
    ),
    (("mock-store", "--fail-rate", "50%"), "--fail-rate must be a share from 0 to 1, not '50%'"),
    (
        ("mock-store", "--status", "2000"),
        "--status must be an HTTP status from 100 to 599, not '2000'",
    ),
]


@pytest.mark.parametrize(("args", "said"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_bad_option_value_says_what_is_expected(args: tuple[str, ...], said: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.endswith(f": error: {said}"), last
    assert not re.search(r"invalid \w+ value|argument |_\w+ value", result.stderr)
