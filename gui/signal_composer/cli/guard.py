"""Maps the core's expected failures to a clear message and exit 2, never a traceback."""

from __future__ import annotations

import argparse

from signal_composer.cli.common import Handler, UsageError, fail
from signal_composer.signals.jsonio import InputError
from signal_composer.store.history import HistoryError
from signal_composer.store.sending import SendError
from signal_composer.store.stores import ConfigError, StoreError
from signal_composer.store.tokens import TokenError


def guarded(handler: Handler) -> Handler:
    """Maps the core's expected failures to a message and exit 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (
            StoreError,
            ConfigError,
            TokenError,
            HistoryError,
            SendError,
            InputError,
            UsageError,
        ) as exc:
            return fail(str(exc))
        except BrokenPipeError:
            raise  # the reader went away (``| head``): the command line ends quietly
        except OSError as exc:
            return fail(f"{exc.filename or ''}: {exc.strerror or exc}")

    return run
