"""``signal-composer mock-store``: run the local mock of the Signals API."""

from __future__ import annotations

import argparse

from signal_composer.cli.common import EXIT_OK, Commands, fail
from signal_composer.cli.guard import guarded
from signal_composer.store.mockstore import MockOptions, MockStore
from signal_composer.store.stores import StoreError, check_store_id


def cmd_mock_store(args: argparse.Namespace) -> int:
    try:
        store_ids = frozenset(check_store_id(i) for i in args.store_id or [])
    except StoreError as exc:
        return fail(str(exc))
    options = MockOptions(
        token=args.token,
        latency=args.latency,
        fail_rate=args.fail_rate,
        status=args.status,
        store_ids=store_ids,
    )
    try:
        mock = MockStore(args.host, args.port, options)
    except OSError as exc:
        return fail(
            f"cannot listen on {args.host}:{args.port} ({exc.strerror}); try another --port"
        )
    print(f"mock store listening on {mock.url} (Ctrl+C stops it)", flush=True)
    print(f"  POST {mock.url}/retail/signals/{{query,click,cartadd,purchase}}", flush=True)
    if store_ids:
        known = ", ".join(sorted(store_ids))
        print(
            f"  POST {mock.url}/{{storeId}}/retail/signals/{{type}} for store IDs: {known} "
            "(others: 404, no such store)",
            flush=True,
        )
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
    mock.add_argument(
        "--store-id",
        action="append",
        metavar="ID",
        help="a store ID this mock stands for (repeatable); a base URL with {storeId} then "
        "reaches it, and any other ID gets 404, no such store",
    )
    mock.set_defaults(handler=guarded(cmd_mock_store))
