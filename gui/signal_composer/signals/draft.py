"""The batch being composed, edited by JSON path: what the forms and the JSON view share."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from signal_composer.signals.drafts import new_id, new_product, new_signal
from signal_composer.signals.fieldspec import FieldKind, all_signal_names, names_of, signal_fields
from signal_composer.signals.form_order import form_slot
from signal_composer.signals.totals import revenue_of
from signal_composer.signals.types import SignalType

if TYPE_CHECKING:
    from signal_composer.signals.problems import Problem
_PART: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class _Missing:
    """The value of a field that is absent from the signal."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def parse_path(path: str) -> list[str | int]:
    """``productDetails[0].product.price`` -> ``['productDetails', 0, 'product', 'price']``."""
    return [int(index) if index else name for name, index in _PART.findall(path)]


def text_to_value(text: str, kind: FieldKind, required: bool) -> Any:
    """A form's text as the JSON value it stands for; what does not parse stays text, so
    validation reports it (a form can compose an invalid signal on purpose)."""
    if text == "":
        return "" if kind == "string" and required else MISSING
    if kind == "string":
        return text
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        pass
    if kind == "number":
        try:
            value = float(stripped)
        except ValueError:
            return text
        return value if value == value and abs(value) != float("inf") else text
    return text


def value_to_text(value: Any) -> str:
    """How a form shows a JSON value."""
    if value is MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    import json

    return json.dumps(value, ensure_ascii=False)


@dataclass
class Draft:
    """A request body being composed: a signal type and a list of signals, one of them current."""

    kind: SignalType = "click"
    signals: list[Any] = field(default_factory=lambda: [new_signal("click")])
    current: int = 0
    _following: dict[int, tuple[Any, bool]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Per purchase signal (by identity, the signal kept so its id stays its own): whether its
    revenue is the form's default, which follows the products' total, or one the user typed."""
    _gaps: dict[tuple[int, str], tuple[Any, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Where a key was removed from an object (by the object's identity, the object kept so
    its id stays its own), so that the key comes back to its place: retyping a field empties
    it on the way, and the key must not move to the end of the signal for that."""

    @classmethod
    def fresh(cls, kind: SignalType = "click") -> Draft:
        return cls(kind, [new_signal(kind)], 0)

    @property
    def signal(self) -> Any:
        return self.signals[self.current]

    def body(self) -> list[Any]:
        """The request body: always an array."""
        return self.signals

    def validate(self) -> list[Problem]:
        """Each signal's own problems, then the journey relations between them."""
        from signal_composer.signals.batch_lint import batch_relations
        from signal_composer.signals.validation import validate_batch  # not before a first frame

        return validate_batch(self.kind, self.signals) + batch_relations(self.kind, self.signals)

    def get(self, path: str, index: int | None = None) -> Any:
        """The value at a path of a signal (the current one by default), or MISSING."""
        node: Any = self.signals[self.current if index is None else index]
        for part in parse_path(path):
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return MISSING
            elif not isinstance(node, dict) or part not in node:
                return MISSING
            node = node[part]
        return node

    def set(self, path: str, value: Any, index: int | None = None) -> None:
        """Sets (or, with MISSING, removes) the value at a path, creating parents as needed.

        A purchase's revenue follows its products while it is the default (see ``follows``).
        """
        signal = self.signals[self.current if index is None else index]
        if path.startswith("productDetails"):
            with self._revenue_kept(signal):
                self._set(signal, path, value)
            return
        self._set(signal, path, value)
        if path == "revenue" and isinstance(signal, dict):
            self._following[id(signal)] = (signal, self._matches(signal))

    def _set(self, signal: Any, path: str, value: Any) -> None:
        parts = parse_path(path)
        node: Any = signal
        for part, following in itertools.pairwise(parts):
            child = node[part] if _has(node, part) else None
            if not isinstance(child, dict | list):
                child = [] if isinstance(following, int) else {}
                node[part] = child
            node = child
        last = parts[-1]
        if value is MISSING:
            if isinstance(node, dict) and last in node:
                self._gaps[(id(node), str(last))] = (node, list(node).index(last))
                del node[last]
        elif isinstance(node, dict) and isinstance(last, str) and last not in node:
            self._insert(node, last, value)
        else:
            node[last] = value

    def _insert(self, node: dict[str, Any], key: str, value: Any) -> None:
        """Adds a key where it was removed from, else where the form shows it."""
        gap = self._gaps.pop((id(node), key), None)
        position = min(gap[1], len(node)) if gap and gap[0] is node else form_slot(list(node), key)
        items = list(node.items())
        items.insert(position, (key, value))
        node.clear()  # the same object: others hold it (the revenue's bookkeeping, by id)
        node.update(items)

    # ---- signals in the batch --------------------------------------------------------------

    def add_signal(self) -> None:
        """A new signal that keeps the session fields of the current one."""
        signal = new_signal(self.kind, like=_dict(self.signal))
        if self.kind == "purchase":
            signal["cartId"] = new_id()  # the last purchase closed its cart: this is another
        self.signals.append(signal)
        self.current = len(self.signals) - 1

    def duplicate_signal(self) -> None:
        self.signals.insert(self.current + 1, copy.deepcopy(self.signal))
        self.current += 1

    def remove_signal(self) -> None:
        """Removes the current signal; the last one is replaced by a fresh one."""
        self._following.pop(id(self.signal), None)
        del self.signals[self.current]
        if not self.signals:
            self.signals.append(new_signal(self.kind))
        self.current = min(self.current, len(self.signals) - 1)

    # ---- products of the current signal -----------------------------------------------------

    def products(self) -> list[Any]:
        """The current signal's productDetails, created when absent or not a list."""
        signal = self.signal
        if not isinstance(signal, dict):
            return []
        details = signal.get("productDetails")
        if not isinstance(details, list):
            details = []
            signal["productDetails"] = details
        return details

    def add_product(self) -> int:
        with self._revenue_kept(self.signal):
            products = self.products()
            products.append(new_product(len(products) + 1))
        return len(products) - 1

    def duplicate_product(self, row: int) -> int:
        with self._revenue_kept(self.signal):
            products = self.products()
            products.insert(row + 1, copy.deepcopy(products[row]))
        return row + 1

    def remove_product(self, row: int) -> None:
        with self._revenue_kept(self.signal):
            del self.products()[row]

    def move_product(self, row: int, delta: int) -> int:
        products = self.products()
        target = row + delta
        if not 0 <= target < len(products):
            return row
        products[row], products[target] = products[target], products[row]
        return target

    # ---- a purchase's revenue ---------------------------------------------------------------

    def follows(self, signal: Any) -> bool:
        """True while a purchase's revenue is the form's default: the products' total, kept so
        as products are added, removed or edited. A revenue the user types that differs from
        the total stays as typed (a negative test); "Sum of products" makes it follow again.
        A signal first seen (opened, pasted, restored) follows when its revenue is the total."""
        if not isinstance(signal, dict):
            return False
        kept = self._following.get(id(signal))
        if kept is None or kept[0] is not signal:
            kept = (signal, self._matches(signal))
            self._following[id(signal)] = kept
        return kept[1]

    def _matches(self, signal: dict[str, Any]) -> bool:
        revenue, details = signal.get("revenue"), signal.get("productDetails")
        total = revenue_of(details) if isinstance(details, list) else None
        number = isinstance(revenue, int | float) and not isinstance(revenue, bool)
        return self.kind == "purchase" and number and total is not None and revenue == total

    @contextmanager
    def _revenue_kept(self, signal: Any) -> Iterator[None]:
        """Around a change of the products: the default revenue becomes the new total. While
        the total cannot be made (a price being retyped), the revenue waits, still following."""
        following = self.follows(signal)
        yield
        if following:
            details = signal.get("productDetails")
            total = revenue_of(details) if isinstance(details, list) else None
            if total is not None:
                signal["revenue"] = total

    # ---- type -----------------------------------------------------------------------------

    def set_kind(self, kind: SignalType) -> None:
        """Switches the type: fields of other types go, the new type's fields are added."""
        own = names_of(kind)
        other_fields = all_signal_names() - own
        for i, signal in enumerate(self.signals):
            if not isinstance(signal, dict):
                continue
            template = new_signal(kind, like=signal)
            details = signal.get("productDetails")
            if isinstance(details, list) and revenue_of(details) is not None:
                template["revenue"] = revenue_of(details)  # its own products', not the template's
            for name in other_fields:
                signal.pop(name, None)
            for name in (spec.name for spec in signal_fields(kind)):
                if name not in signal and name in template:
                    self._insert(signal, name, template[name])
            self.signals[i] = signal
        self.kind = kind
        self._following.clear()  # judged again, for the new type

    def replace(self, data: Any) -> None:
        """Takes a whole body from the JSON view (an array, or one signal object)."""
        self.signals = data if isinstance(data, list) and data else [data] if data else [{}]
        self.current = min(self.current, len(self.signals) - 1)
        self._following.clear()  # new signals: each follows when its revenue is its total
        self._gaps.clear()


def _has(node: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and part < len(node)
    return isinstance(node, dict) and part in node


def _dict(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None
