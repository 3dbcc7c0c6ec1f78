"""``signal-composer mock-store``: run the local mock of the Signals API."""

from __future__ import annotations

import argparse

from signal_composer.cli.common import EXIT_OK, Commands, fail
from signal_composer.cli.guard import guarded
from signal_composer.store.mockstore import MockOptions, MockStore


def cmd_mock_store(args: argparse.Namespace) -> int:
    options = MockOptions(
        token=args.token, latency=args.latency, fail_rate=args.fail_rate, status=args.status
    )
    try:
        mock = MockStore(args.host, args.port, options)
    except OSError as exc:
        return fail(
            f"cannot listen on {args.host}:{args.port} ({exc.strerror}); try another --port"
        )
    print(f"mock store listening on {mock.url} (Ctrl+C stops it)", flush=True)
    print(f"  POST {mock.url}/retail/signals/{{query,click,cartadd,purchase}}", flush=True)
    print(f"  GET|DELETE {mock.url}/_mock/signals", flush=True)
    try:
        mock.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        mock.stop()
    return EXIT_OK


def fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def register(commands: Commands) -> None:
    mock = commands.add_parser("mock-store", help="run a local mock of the Signals API")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8787)
    mock.add_argument("--token", help="require this token (401 without, 403 when it differs)")
    mock.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    mock.add_argument("--fail-rate", type=fraction, default=0.0, help="share answered 503")
    mock.add_argument("--status", type=int, help="answer every signal request with this status")
    mock.set_defaults(handler=guarded(cmd_mock_store))
