"""Names shared by every layer, importable without pydantic (the first frame needs them)."""

from __future__ import annotations

from typing import Final, Literal

SignalType = Literal["query", "click", "cartadd", "purchase"]
SIGNAL_TYPES: Final[tuple[SignalType, ...]] = ("query", "click", "cartadd", "purchase")
DEFAULT_CURRENCY: Final = "USD"
"""The schema's default for ``currencyCode``; used to prefill new products, never to fix input."""
REVENUE_TOLERANCE: Final = 0.005
"""How far a purchase's revenue may be from its products' price x quantity (half a cent)."""
