"""The shipped samples and demo catalog are what their README says."""

from __future__ import annotations

import json

import pytest
from signal_composer.signals.drafts import demo_catalog, new_product, new_signal
from signal_composer.signals.resources import resources_dir
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.validation import validate_batch, validate_signal

SAMPLES = resources_dir() / "samples"


@pytest.mark.parametrize("kind", SIGNAL_TYPES)
def test_each_type_has_a_valid_sample(kind: SignalType) -> None:
    data = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    assert [p for p in validate_batch(kind, data) if p.severity == "error"] == []


def test_the_docs_traps_sample_trips_every_trap() -> None:
    data = json.loads((SAMPLES / "click-docs-traps.json").read_text(encoding="utf-8"))
    codes = {(p.path, p.code) for p in validate_batch("click", data)}
    assert ("ipAddress", "invalid_ip") in codes
    assert ("productDetails[0].product.currencyCode", "invalid_currency") in codes
    assert ("sourceId", "placeholder_value") in codes
    assert ("productDetails[0].quantity", "placeholder_value") in codes
    assert ("sessionId", "placeholder_value") in codes


def test_the_demo_catalog_feeds_valid_products() -> None:
    catalog = demo_catalog()
    assert len(catalog) >= 10
    signal = new_signal("click")
    signal["productDetails"] = [new_product(i) for i in range(1, len(catalog) + 2)]
    assert validate_signal("click", signal) == []
    first = signal["productDetails"][0]["product"]
    assert first["productId"] == catalog[0]["productId"]
    assert signal["productDetails"][-1]["product"] == first  # the catalog cycles
    assert signal["uri"] == catalog[0]["uri"]
