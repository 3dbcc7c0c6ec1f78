"""Two texts laid out line beside line for a side-by-side diff: blank rows fill the gaps."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass
class Rows:
    """Both sides with the same number of rows; equal lines stand on the same row."""

    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    changes: list[tuple[int, int]] = field(default_factory=list)
    """Each change's rows, start to end (exclusive): the same rows on both sides."""
    fillers: tuple[set[int], set[int]] = field(default_factory=lambda: (set(), set()))
    """The rows of each side that hold no line of its text, only room for the other's."""

    def changed(self, side: int) -> list[int]:
        """The rows of one side (0 left, 1 right) that hold a line of a change."""
        return [r for start, end in self.changes for r in range(start, end)
                if r not in self.fillers[side]]  # fmt: skip


def side_by_side(a: list[str], b: list[str]) -> Rows:
    """Lines ``a`` and ``b`` row by row: where one side of a change has fewer lines, blank
    rows follow them, so that the lines after the change still stand beside each other (and
    both panes are as long, scrolling to the same rows to the end)."""
    rows = Rows()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        start, height = len(rows.left), max(i2 - i1, j2 - j1)
        for side, lines, fill in ((rows.left, a[i1:i2], 0), (rows.right, b[j1:j2], 1)):
            side.extend(lines)
            rows.fillers[fill].update(range(start + len(lines), start + height))
            side.extend([""] * (height - len(lines)))
        if tag != "equal":
            rows.changes.append((start, start + height))
    return rows
