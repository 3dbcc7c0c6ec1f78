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
