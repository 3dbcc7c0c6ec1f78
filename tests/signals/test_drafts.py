"""Fresh signals: the ids they carry are real version 4 UUIDs, and each is new."""

from __future__ import annotations

import uuid

from signal_composer.signals.drafts import new_id, new_signal
from signal_composer.signals.validation import validate_batch


def test_new_ids_are_random_version_4_uuids() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # lower case, 8-4-4-4-12
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_a_fresh_purchase_is_valid_and_has_a_new_order_id() -> None:
    first, second = new_signal("purchase"), new_signal("purchase")
    assert validate_batch("purchase", [first]) == []
    assert first["orderId"] != second["orderId"]
    assert first["orderId"].startswith("ORDER-")
