"""``history list`` says what is wrong with a filter instead of listing nothing in silence."""

from __future__ import annotations

from pathlib import Path

from signal_composer.store.outcomes import Kind

from tests.processes import run_cli


def test_an_unknown_outcome_is_a_usage_error_naming_the_kinds() -> None:
    result = run_cli("history", "list", "--outcome", "bogus")
    assert result.returncode == 2
    assert "'bogus'" in result.stderr
    for kind in (*Kind, "interrupted"):
        assert str(kind) in result.stderr


def test_an_unknown_store_says_which_stores_have_entries(home: Path) -> None:
    assert run_cli("send", "--store", "local-mock", "--type", "click", "-", stdin="[]").stdout
    result = run_cli("history", "list", "--store", "nosuch")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "no entries for store 'nosuch'; stores with entries: local-mock" in result.stderr
    known = run_cli("history", "list", "--store", "local-mock")
    assert "local-mock" in known.stdout
    assert known.stderr == ""
