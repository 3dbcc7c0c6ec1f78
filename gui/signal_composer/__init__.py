"""Signal Composer: compose, validate, send and inspect Lucidworks retail signals."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``signal_composer.__version__`` on demand: reading package metadata costs start-up time.
    if name == "__version__":
        from signal_composer.version import version

        return version()
    raise AttributeError(f"module 'signal_composer' has no attribute {name!r}")
