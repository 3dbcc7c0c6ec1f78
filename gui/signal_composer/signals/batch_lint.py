"""The journey lint over one batch in the composer: the relations between its signals.

A batch holds signals of one type, so a relation whose other half is sent in another type's
batch (a click's search, a purchase's cart adds) cannot be judged from it; those codes, and the
ones the body's validation already reports field by field, are left out. Everything else the
journey lint finds (time going backwards, a reused queryId, a shared or reopened session, a
cart that changes while open, personal data in a visitorId) joins the batch's problems.
Personal data is marked on every signal that carries it, not only on its visitor's first: a
person looking at any of them must see it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from signal_composer.signals.lint import lint_signals
from signal_composer.signals.lint_rules import personal_data_problem
from signal_composer.signals.problems import Problem

NOT_IN_ONE_BATCH: Final = frozenset({"query_unknown", "purchase_without_cart"})
"""Relations to signals of another type, which travel in another batch."""
FIELD_LEVEL: Final = frozenset({"bad_line", "missing_id", "revenue_not_total"})
"""Codes the body's validation reports already (a missing field, revenue_mismatch)."""
PER_SIGNAL: Final = frozenset({"visitor_email", "visitor_phone", "visitor_name"})
"""Codes the journey lint gives a visitor's first signal only, and the batch gives each signal."""
_LEFT_OUT: Final = NOT_IN_ONE_BATCH | FIELD_LEVEL | PER_SIGNAL


def batch_relations(kind: str, signals: Sequence[Any]) -> list[Problem]:
    """The relation problems between the signals of a batch of one type, in order."""
    found = []
    for index, signal in enumerate(signals):
        visitor = signal.get("visitorId") if isinstance(signal, Mapping) else None
        personal = personal_data_problem(index, visitor) if isinstance(visitor, str) else None
        if personal is not None:
            found.append(personal)
    found += [p for p in lint_signals((kind, s) for s in signals) if p.code not in _LEFT_OUT]
    return sorted(found, key=lambda problem: -1 if problem.index is None else problem.index)
