"""Sending a body to a store from a command: production guard, network options, result."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from signal_composer.cli.arguments import number, whole_number
from signal_composer.cli.common import EXIT_NETWORK, EXIT_OK, EXIT_REJECTED, UsageError
from signal_composer.cli.terminal import safe
from signal_composer.signals.types import SignalType
from signal_composer.store import recording
from signal_composer.store.history import History, HistoryError
from signal_composer.store.mockstore import MockStore
from signal_composer.store.sender import Sender, SendResult, make_client
from signal_composer.store.sending import Recorded, build_request, send_recorded
from signal_composer.store.stores import NetworkSettings, Store, StoreRegistry
from signal_composer.store.tokens import TokenVault


@contextmanager
def target_url(store: Store) -> Iterator[str | None]:
    """For the built-in mock, a mock store on a free loopback port for the command's duration."""
    if not store.builtin_mock:
        yield None
        return
    with MockStore() as mock:
        yield mock.url


def confirm_production(store: Store, yes: bool, reads_stdin: bool) -> None:
    if not store.production or yes:
        return
    if reads_stdin or not sys.stdin.isatty():
        raise UsageError(
            f"store {store.name!r} is a production store: add --yes to confirm the send"
        )
    typed = input(f"{store.name!r} is a PRODUCTION store. Type its name to send: ")
    if typed.strip() != store.name:
        raise UsageError("not confirmed; nothing was sent")


def print_result(result: SendResult, entry_id: int) -> None:
    o = result.outcome
    attempts = len(result.attempts)
    print(
        f"{o.title}: {safe(o.detail)} in {result.duration_ms:.0f} ms, "
        f"{attempts} attempt{'s' * (attempts != 1)}; "
        + (f"history entry {entry_id}" if entry_id else "not recorded in the history")
    )
    if not o.accepted:
        print(f"next step: {o.next_step}")
        problems = _problems_in(result.response_body)
        for problem in problems:
            print(f"  {safe(problem)}")


def _problems_in(body: str) -> list[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return [body[:500]] if body.strip() else []
    if isinstance(data, dict) and isinstance(data.get("problems"), list):
        return [
            f"[{p.get('index')}] {p.get('path') or '(signal)'}: {p.get('message')} "
            f"[{p.get('severity')}]"
            for p in data["problems"]
            if isinstance(p, dict)
        ]
    return [body[:500]]


def exit_code(result: SendResult) -> int:
    if result.outcome.accepted:
        return EXIT_OK
    if result.status is None:
        return EXIT_NETWORK
    return EXIT_REJECTED


def network_settings(registry: StoreRegistry, args: argparse.Namespace) -> NetworkSettings:
    """The config's timeouts and retries, with the command's overrides (checked by the model)."""
    overrides = {
        key: value
        for key in ("connect_timeout", "read_timeout", "retries")
        if (value := getattr(args, key, None)) is not None
    }
    try:
        return NetworkSettings.model_validate({**registry.config.network.model_dump(), **overrides})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise UsageError(f"--{str(first['loc'][0]).replace('_', '-')}: {first['msg']}") from None


def open_history(max_body: int) -> History | None:
    """The history, or None, said loudly, when it cannot be used: the send goes on."""
    try:
        return History(max_body=max_body)
    except HistoryError as exc:
        history_off(str(exc))
        return None


def history_off(reason: str) -> None:
    print(
        f"signal-composer: WARNING: this send is NOT recorded in the history: {safe(reason)}",
        file=sys.stderr,
    )


def deliver(
    store: Store, kind: SignalType, body: bytes, count: int, net: NetworkSettings, max_body: int
) -> int:
    vault = TokenVault()
    with target_url(store) as mock_url, make_client(net) as client:
        request = build_request(store, kind, body, count, vault, mock_url)
        sender = Sender(client, retries=net.retries)
        history = open_history(max_body)
        try:
            recorded = send_recorded(
                sender, history, store, request, source="cli", on_history_off=history_off
            )
            print_result(recorded.result, recorded.entry_id)
            if history is not None and recorded.unrecorded and recording.flush(history):
                print(f"warning: {recorded.unrecorded}", file=sys.stderr)
                print(_kept_in_full(recorded), file=sys.stderr)
        finally:
            if history is not None:
                history.close()
    return exit_code(recorded.result)


def _kept_in_full(recorded: Recorded) -> str:
    """The command ends here, and its memory with it: the answer goes to the terminal instead."""
    result = recorded.result
    return (
        f"the answer, as the history would have kept it: status {result.status}, "
        f"{len(result.attempts)} attempt(s), response body: {result.response_body[:2000]}"
    )


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Overrides of the config's network settings for one command."""
    seconds = number(what="a number of seconds")
    parser.add_argument("--connect-timeout", type=seconds, metavar="S", help="seconds to connect")
    parser.add_argument(
        "--read-timeout", type=seconds, metavar="S", help="seconds to wait for an answer"
    )
    parser.add_argument(
        "--retries", type=whole_number(), metavar="N", help="extra attempts (0 to 10)"
    )
