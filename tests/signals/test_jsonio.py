"""JSON errors point at the real mistake, with the same words on every Python version."""

from __future__ import annotations

import pytest
from signal_composer.signals.jsonio import InputError, parse_json


@pytest.mark.parametrize(
    ("text", "where", "bracket"),
    [
        ('[\n  {"sourceId": "lost",\n}', "line 2, column 22", "'}'"),
        ("[1,2,]", "line 1, column 5", "']'"),
        ("[1,2,\n  ]", "line 1, column 5", "']'"),
        ('{"a":1 ,  }', "line 1, column 8", "'}'"),
    ],
)
def test_a_trailing_comma_is_named_where_it_stands(text: str, where: str, bracket: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_json(text, "draft")
    message = str(caught.value)
    assert f"draft: not valid JSON at {where}: a comma before {bracket}" in message
    assert "remove the comma" in message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[1,,2]", "line 1, column 4"),
        ('{"a" 1}', "line 1, column 6"),
        ("[\n  x]", "line 2, column 3"),
    ],
)
def test_other_mistakes_keep_the_decoders_place(text: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_json(text)
    assert f"at {where}:" in str(caught.value)
    assert "comma before" not in str(caught.value)


def test_reindent_changes_whitespace_only() -> None:
    from signal_composer.signals.jsonio import reindent

    raw = '[{"a":"x","a":"y \\" ,:{","n":2592.10,"e":1e0,"s":"\\u0041","o":{},"l":[ ]}]'
    laid = reindent(raw)
    assert laid.splitlines()[2] == '    "a": "x",'
    assert '"a": "y \\" ,:{"' in laid
    for kept in ("2592.10", "1e0", '"\\u0041"', '"o": {}', '"l": []'):
        assert kept in laid
    assert reindent("not { json") == "not { json"
