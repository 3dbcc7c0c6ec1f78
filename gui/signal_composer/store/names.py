"""Names the first frame shows before the config is read through its models (no pydantic)."""

from __future__ import annotations

from typing import Final

LOCAL_MOCK: Final = "local-mock"
"""The built-in store: an in-process mock on a free loopback port, the first start's target."""
