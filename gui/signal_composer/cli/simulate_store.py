"""``simulate --store``: generated signals sent in timestamp order, batched per type, at most
``--rate`` signals a second, every request in the history; Ctrl+C stops after the request in
flight and prints the command that continues where it stopped."""

from __future__ import annotations

import argparse
import dataclasses
import queue
import shlex
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

from signal_composer.cli.common import EXIT_OK, UsageError
from signal_composer.cli.delivery import (
    confirm_production,
    exit_code,
    network_settings,
    print_result,
    target_url,
)
from signal_composer.cli.progress import Progress
from signal_composer.signals.journeys import JourneyGenerator
from signal_composer.signals.jsonl import encode_signal
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.store.history import History
from signal_composer.store.sender import Sender, make_client
from signal_composer.store.sending import Recorded, build_request, send_recorded
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import TokenVault

EXIT_STOPPED = 130
"""Stopped by Ctrl+C (128 + SIGINT, as shells report it)."""


def parse_counts(text: str | None) -> dict[SignalType, int]:
    """``query=10,click=4,...`` -> counts per type (0 for a type not named)."""
    counts: dict[SignalType, int] = dict.fromkeys(SIGNAL_TYPES, 0)
    for part in (text or "").split(","):
        if not part.strip():
            continue
        kind, _, number = part.partition("=")
        kind = kind.strip()
        if kind not in counts or not number.strip().isdigit():
            raise UsageError(
                f"--resume {text!r}: expected {','.join(f'{k}=N' for k in SIGNAL_TYPES)} "
                "(as printed when the send stopped)"
            )
        counts[kind] = int(number)
    return counts


def counts_text(counts: dict[SignalType, int]) -> str:
    return ",".join(f"{kind}={counts[kind]}" for kind in SIGNAL_TYPES)


class _Stop:
    """The first Ctrl+C asks to stop after the request in flight; the second abandons it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._previous = signal.getsignal(signal.SIGINT)

    def __enter__(self) -> _Stop:
        signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.event.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print(
            "\nstopping after the request in flight (Ctrl+C again to abandon it)",
            file=sys.stderr,
            flush=True,
        )

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)


@dataclass(frozen=True, slots=True)
class Batch:
    """One request's worth of one type's signals, in timestamp order."""

    kind: SignalType
    body: bytes
    count: int
    stamp: int
    """The timestamp of its newest signal (how far through the window the run is)."""


class Batches:
    """Generates and encodes the batches on a thread of its own, so the next batch is ready
    while a request waits for its answer (the wait releases the GIL)."""

    def __init__(self, journeys: JourneyGenerator, skip: dict[SignalType, int], size: int):
        self.journeys, self.skip, self.size = journeys, skip, size
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=8)
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="simulate-batches", daemon=True)

    def __enter__(self) -> Batches:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def __iter__(self) -> Iterator[Batch]:
        while True:
            try:
                item = self.queue.get(timeout=0.2)  # a short wait keeps Ctrl+C responsive
            except queue.Empty:
                continue
            if item is None:
                if self.error is not None:
                    raise self.error
                return
            yield item

    def _put(self, item: Batch | None) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.2)
            except queue.Full:
                continue
            return True
        return False

    def _run(self) -> None:
        buffers: dict[SignalType, list[bytes]] = {kind: [] for kind in SIGNAL_TYPES}
        first_time: dict[SignalType, int] = {}
        seen: dict[SignalType, int] = dict.fromkeys(SIGNAL_TYPES, 0)
        try:
            for kind, sig in self.journeys:
                seen[kind] += 1
                if seen[kind] <= self.skip[kind]:
                    continue
                buffer = buffers[kind]
                buffer.append(encode_signal(sig))
                first_time.setdefault(kind, sig["timestamp"])
                if len(buffer) >= self.size:
                    if not self._put(_batch(kind, buffer, sig["timestamp"])):
                        return
                    buffers[kind] = []
                    del first_time[kind]
            for kind in sorted(first_time, key=first_time.__getitem__):  # the rest, oldest first
                if not self._put(_batch(kind, buffers[kind], self.journeys.now)):
                    return
        except BaseException as exc:  # handed to the sending thread, which reports it
            self.error = exc
        self._put(None)


def _batch(kind: SignalType, items: list[bytes], stamp: int) -> Batch:
    return Batch(kind, b"[" + b",".join(items) + b"]", len(items), stamp)


def send_journeys(args: argparse.Namespace, journeys: JourneyGenerator) -> int:
    registry = StoreRegistry()
    store = registry.get(args.store)
    skip = parse_counts(args.resume)
    confirm_production(store, args.yes, reads_stdin=False)
    net = network_settings(registry, args)
    sent: dict[SignalType, int] = dict(skip)
    span = max(1, journeys.now - journeys.start)
    progress = Progress(sys.stderr)
    this_run = 0
    fraction = 0.0
    last: Recorded | None = None
    going = True
    with target_url(store) as mock_url, make_client(net) as client, _Stop() as stop:
        vault = TokenVault()
        requests = {
            kind: build_request(store, kind, b"[]", 0, vault, mock_url) for kind in SIGNAL_TYPES
        }
        sender = Sender(client, retries=net.retries)
        history = History(max_body=registry.config.history.max_body_bytes)
        started = time.monotonic()
        tag = f"simulate seed={journeys.seed} shoppers={journeys.shoppers}"
        # The sending thread waits on the network; when an answer comes it must get the GIL back
        # from the generating thread at once, not after the default 5 ms.
        switch = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        try:
            with Batches(journeys, skip, args.batch) as batches:
                for batch in batches:
                    if args.rate:
                        wait = (this_run + batch.count) / args.rate - (time.monotonic() - started)
                        if wait > 0:
                            stop.event.wait(wait)
                    if stop.event.is_set():
                        going = False
                        break
                    request = dataclasses.replace(
                        requests[batch.kind], body=batch.body, signal_count=batch.count
                    )
                    last = send_recorded(sender, history, store, request, source="cli", tag=tag)
                    if not last.result.outcome.accepted:
                        going = False
                        break
                    sent[batch.kind] += batch.count
                    this_run += batch.count
                    fraction = (batch.stamp - journeys.start) / span
                    progress.update(this_run, fraction)
        except KeyboardInterrupt:
            progress.finish()
            print("abandoned the request in flight: its history entry says whether it was "
                  "accepted; not counted below", file=sys.stderr)  # fmt: skip
            return _stopped(args, journeys, sent, this_run, EXIT_STOPPED)
        finally:
            sys.setswitchinterval(switch)
            history.close()
    progress.update(this_run, 1.0 if going else fraction, force=True)
    progress.finish()
    if last is not None and not last.result.outcome.accepted:
        print_result(last.result, last.entry_id)
        return _stopped(args, journeys, sent, this_run, exit_code(last.result))
    if not going:
        return _stopped(args, journeys, sent, this_run, EXIT_STOPPED)
    elapsed = time.monotonic() - started
    print(
        f"Sent {this_run:,} signals to {store.name} in {elapsed:.1f} s "
        f"({this_run / elapsed if elapsed else 0:,.0f}/s): {_by_type(sent)}"
    )
    return EXIT_OK


def _by_type(counts: dict[SignalType, int]) -> str:
    return ", ".join(f"{kind} {counts[kind]:,}" for kind in SIGNAL_TYPES)


def _stopped(
    args: argparse.Namespace,
    journeys: JourneyGenerator,
    sent: dict[SignalType, int],
    this_run: int,
    code: int,
) -> int:
    print(
        f"stopped: {this_run:,} signals sent in this run; accepted so far: {_by_type(sent)}",
        file=sys.stderr,
    )
    print("to continue where it stopped, run:", file=sys.stderr)
    print("  " + resume_command(args, journeys, sent), file=sys.stderr)
    return code


def resume_command(
    args: argparse.Namespace, journeys: JourneyGenerator, sent: dict[SignalType, int]
) -> str:
    """The same run again (the window's end pinned), told to skip what was accepted."""
    parts = [
        "signal-composer", "simulate", "--store", args.store,
        "--shoppers", str(args.shoppers), "--days", f"{args.days:g}", "--seed", str(args.seed),
        "--profile", args.profile, "--now", str(journeys.now), "--batch", str(args.batch),
    ]  # fmt: skip
    if args.catalog:
        parts += ["--catalog", args.catalog]
    if args.rate:
        parts += ["--rate", f"{args.rate:g}"]
    if args.yes:
        parts.append("--yes")
    for option in ("connect_timeout", "read_timeout", "retries"):
        value = getattr(args, option, None)
        if value is not None:
            parts += [f"--{option.replace('_', '-')}", str(value)]
    parts += ["--resume", counts_text(sent)]
    return shlex.join(parts)
