"""The journey lint in the composer: relations between a batch's signals in the Problems list."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft
from signal_composer.signals.drafts import new_signal

from tests.qt.conftest import MakeWindow


def problem_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    rows = []
    for row in range(window.problems.topLevelItemCount()):
        item = window.problems.topLevelItem(row)
        assert item is not None
        rows.append((item.text(1), item.text(2), item.text(3)))
    return rows


def test_a_search_that_reuses_a_query_id_shows_in_problems_and_leads_to_the_field(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    first = new_signal("query")
    second = new_signal("query", like=first)
    second["queryId"] = first["queryId"]  # the same search id twice: a broken relation
    window = make_window(Draft("query", [first, second], 0))
    rows = problem_rows(window)
    assert [(where, field) for where, field, _ in rows] == [("#2", "queryId")]
    assert "earlier search's" in rows[0][2]
    assert window.status_problems.text() == "1 error · 0 warnings"
    item = window.problems.topLevelItem(0)
    assert item is not None
    window.problems.itemClicked.emit(item, 0)
    assert window.composer.draft.current == 1
    assert window.composer.editor_for("queryId") is window.focusWidget()


def test_add_signal_to_a_search_batch_is_a_new_search_without_problems(
    make_window: MakeWindow,
) -> None:
    window = make_window(Draft.fresh("query"))
    window.composer.signal_action("add")
    assert len(window.composer.draft.signals) == 2
    assert problem_rows(window) == []


def test_relations_to_another_batch_are_not_reported_in_one_batch(
    make_window: MakeWindow,
) -> None:
    clicks = [new_signal("click")]
    clicks.append(new_signal("click", like=clicks[0]))
    purchase = make_window(Draft("purchase", [new_signal("purchase")], 0))
    assert problem_rows(purchase) == []  # its cart adds went in a cartadd batch
    window = make_window(Draft("click", clicks, 0))
    assert problem_rows(window) == []  # the search they click went in a query batch


def test_time_going_backwards_and_an_email_as_visitor(make_window: MakeWindow) -> None:
    first = new_signal("cartadd")
    second = new_signal("cartadd", like=first)
    second["timestamp"] = first["timestamp"] - 120_000
    first["visitorId"] = second["visitorId"] = "ann@example.com"
    window = make_window(Draft("cartadd", [first, second], 0))
    rows = problem_rows(window)
    assert ("#1", "visitorId") in [(w, f) for w, f, _ in rows]
    assert ("#2", "visitorId") in [(w, f) for w, f, _ in rows]  # on every signal that carries it
    assert any(w == "#2" and f == "timestamp" and "2 minutes before" in m for w, f, m in rows)
