"""``signal-composer mock-store``: run the local mock of the Signals API."""

from __future__ import annotations

import argparse

from signal_composer.cli.arguments import number, whole_number
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


def register(commands: Commands) -> None:
    mock = commands.add_parser("mock-store", help="run a local mock of the Signals API")
    mock.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: %(default)s, this machine only)",
    )
    mock.add_argument(
        "--port",
        type=whole_number(0, 65535, "a port"),
        default=8787,
        help="the port to listen on (default: %(default)s; 0 picks a free one)",
    )
    mock.add_argument("--token", help="require this token (401 without, 403 when it differs)")
    mock.add_argument(
        "--latency",
        type=number(0, 600, what="a number of seconds"),
        default=0.0,
        metavar="SECONDS",
        help="wait this long before each answer, to try timeouts (default: %(default)s)",
    )
    mock.add_argument(
        "--fail-rate",
        type=number(0, 1, what="a share"),
        default=0.0,
        metavar="SHARE",
        help="the share of signal requests answered 503 at random, 0 to 1, to try retries "
        "(default: %(default)s)",
    )
    mock.add_argument(
        "--status",
        type=whole_number(100, 599, "an HTTP status"),
        help="answer every signal request with this status",
    )
    mock.add_argument(
        "--store-id",
        action="append",
        metavar="ID",
        help="a store ID this mock stands for (repeatable); a base URL with {storeId} then "
        "reaches it, and any other ID gets 404, no such store",
    )
    mock.set_defaults(handler=guarded(cmd_mock_store))
