"""Test set-up shared by every test: offscreen Qt, an isolated home for config and data."""

from __future__ import annotations

import os

# Qt aborts the whole run when it finds neither a display nor this, so set it before any import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
