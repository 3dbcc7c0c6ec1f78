"""The forms' field table is generated from the models; a stale table fails here."""

from __future__ import annotations

from signal_composer.signals import fieldspec


def test_generated_table_matches_the_models() -> None:
    expected = fieldspec.render_table(fieldspec.compute())
    assert fieldspec.TABLE_FILE.read_text(encoding="utf-8") == expected, (
        "fieldspec_table.py is stale: run python -m signal_composer.signals.fieldspec"
    )


def test_table_reads_the_kinds_forms_need() -> None:
    click = {spec.name: spec for spec in fieldspec.signal_fields("click")}
    assert click["selectedPosition"].kind == "integer"
    assert not click["selectedPosition"].required
    assert click["timestamp"].required
    assert fieldspec.product_fields()["price"].kind == "number"
