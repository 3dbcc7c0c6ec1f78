"""Template names: the one rule, said in a person's words, and what saving does with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from signal_composer.signals.draft import Draft
from signal_composer.store import library


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "Type a name for the template."),
        ("   ", "Type a name for the template."),
        ("a/b", '"/" cannot be in a template name'),
        ("a/b:c*", '"*", "/" and ":" cannot be in a template name'),
        ("tab\there", "U+0009 cannot be in a template name"),
        ("-x", "A template name starts with a letter, a digit or an underscore."),
        ("x" * 65, "65 characters: a template name has at most 64."),
    ],
)
def test_a_bad_name_is_named_and_refused(home: Path, name: str, said: str) -> None:
    problem = library.template_name_problem(name)
    assert problem is not None
    assert said in problem
    with pytest.raises(ValueError, match=re.escape(said)):
        library.save_template(name, Draft.fresh("click"))
    assert library.template_names() == []


@pytest.mark.parametrize("name", ["red shoes", "x" * 64, "Größe 42", "_a.b-c", "  padded  "])
def test_a_good_name_is_saved_without_its_surrounding_spaces(home: Path, name: str) -> None:
    assert library.template_name_problem(name) is None
    library.save_template(name, Draft.fresh("click"))
    assert library.template_names() == [name.strip()]
