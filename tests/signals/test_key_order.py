"""A draft keeps its keys in place: an emptied and refilled field comes back where it was."""

from __future__ import annotations

from signal_composer.signals.draft import MISSING, Draft
from signal_composer.signals.form_order import form_slot


def test_a_field_emptied_and_filled_again_keeps_its_place() -> None:
    draft = Draft.fresh("purchase")
    keys = list(draft.signal)
    product = list(draft.signal["productDetails"][0]["product"])
    for path, value in (("timestamp", 1), ("uri", "u"), ("productDetails[0].product.price", 2)):
        draft.set(path, MISSING)
        draft.set(path, value)
    assert list(draft.signal) == keys
    assert list(draft.signal["productDetails"][0]["product"]) == product


def test_a_new_field_goes_in_form_order_and_others_stay() -> None:
    keys = ["timestamp", "visitorId", "sessionId", "queryId", "productDetails", "sourceId"]
    assert form_slot(keys, "ipAddress") == 3  # after sessionId, as in the Session group
    assert form_slot(keys, "searchTerms") == 4  # after queryId
    assert form_slot(["productDetails", "uri"], "timestamp") == 1  # before uri, the next shown
    assert form_slot(keys, "custom") == len(keys)  # not in the form: at the end
    draft = Draft.fresh("click")
    draft.set_kind("purchase")
    added = list(draft.signal)[-3:]
    assert added == ["cartId", "orderId", "revenue"]  # the Details group's order
