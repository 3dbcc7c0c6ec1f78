"""A one-line progress bar on a terminal: signals sent, rate, time left."""

from __future__ import annotations

import time
from typing import TextIO

_EVERY_S = 0.1
_WIDTH = 24


class Progress:
    """Redraws one line of ``out`` at most ten times a second; silent when it is not a terminal."""

    def __init__(self, out: TextIO, start_fraction: float = 0.0) -> None:
        self.out = out
        self.live = out.isatty()
        self.started = time.monotonic()
        self.start_fraction = start_fraction
        self._drawn = 0.0

    def update(self, sent: int, fraction: float, force: bool = False) -> None:
        """``sent`` signals so far in this run; ``fraction`` of the whole job done (0 to 1)."""
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._drawn < _EVERY_S:
            return
        self._drawn = now
        self.out.write("\r" + self.line(sent, fraction, now - self.started) + "\x1b[K")
        self.out.flush()

    def line(self, sent: int, fraction: float, elapsed: float) -> str:
        fraction = min(1.0, max(0.0, fraction))
        done = int(fraction * _WIDTH)
        bar = "#" * done + "." * (_WIDTH - done)
        rate = sent / elapsed if elapsed > 0 else 0.0
        progress = fraction - self.start_fraction
        if progress > 0.001 and elapsed > 0.5:
            left = _clock(elapsed * (1 - fraction) / progress)
        else:
            left = "--:--"
        return f"[{bar}] {fraction:4.0%}  {sent:,} signals sent  {rate:,.0f}/s  {left} left"

    def finish(self) -> None:
        """Ends the bar's line, so what follows starts on a line of its own."""
        if self.live and self._drawn:
            self.out.write("\n")
            self.out.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
