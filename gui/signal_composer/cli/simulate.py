"""``signal-composer simulate``: generated shoppers' signals to a JSON Lines file or to a store."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import BinaryIO

from signal_composer.cli.arguments import number, whole_number
from signal_composer.cli.common import EXIT_OK, Commands, UsageError
from signal_composer.cli.delivery import add_network_arguments
from signal_composer.cli.guard import guarded
from signal_composer.cli.outputs import is_special, output_path, write_failed
from signal_composer.cli.when import parse_when
from signal_composer.signals.catalog import CatalogError, default_catalog, read_catalog
from signal_composer.signals.journeys import JourneyGenerator
from signal_composer.signals.jsonl import encode_line
from signal_composer.signals.profiles import ProfileError, load_profile
from signal_composer.signals.types import SIGNAL_TYPES

_FLUSH_LINES = 2048


def generator(args: argparse.Namespace) -> JourneyGenerator:
    """The journeys the arguments describe (``args.now`` already in epoch ms)."""
    try:
        profile = load_profile(args.profile)
        catalog = read_catalog(args.catalog) if args.catalog else default_catalog()
    except (ProfileError, CatalogError) as exc:
        raise UsageError(str(exc)) from None
    return JourneyGenerator(profile, args.seed, args.shoppers, args.days, args.now, catalog)


def cmd_simulate(args: argparse.Namespace) -> int:
    args.now = (
        parse_when(args.now, int(time.time() * 1000), "--now")
        if args.now
        else int(time.time() * 1000)
    )
    if args.out is not None:
        if args.resume or args.rate or args.yes:
            raise UsageError("--resume, --rate and --yes are for --store; --out writes a file")
        if args.out != "-":
            output_path(args.out, "journeys.jsonl")  # said before the shoppers are made
        return write_lines(generator(args), args.out)
    from signal_composer.cli.simulate_store import send_journeys

    return send_journeys(args, generator(args))


def write_lines(journeys: JourneyGenerator, out: str) -> int:
    """Writes the JSON Lines file; a file appears whole or not at all."""
    if out == "-":
        count = _write(journeys, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return EXIT_OK
    target = output_path(out, "journeys.jsonl")
    if is_special(target):  # a named pipe, /dev/null: written to, never replaced
        try:
            with target.open("wb") as handle:
                count = _write(journeys, handle)
        except OSError as exc:
            raise write_failed(out, exc) from None
        print(
            f"{count:,} signals of {journeys.shoppers:,} shoppers written to {out}", file=sys.stderr
        )
        return EXIT_OK
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as handle:
            count = _write(journeys, handle)
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise write_failed(out, exc) from None
        raise
    print(f"{count:,} signals of {journeys.shoppers:,} shoppers written to {out}", file=sys.stderr)
    return EXIT_OK


def _write(journeys: JourneyGenerator, handle: BinaryIO) -> int:
    chunk: list[bytes] = []
    count = 0
    for kind, signal in journeys:
        chunk.append(encode_line(kind, signal))
        if len(chunk) == _FLUSH_LINES:
            handle.write(b"".join(chunk))
            count += len(chunk)
            chunk.clear()
    handle.write(b"".join(chunk))
    return count + len(chunk)


def register(commands: Commands) -> None:
    sim = commands.add_parser(
        "simulate",
        help="generate shoppers' signals: a JSON Lines file, or sent to a store",
        description="Generates shoppers (visitors, sessions, searches, clicks, carts, purchases) "
        "over --days ending now, every id relation kept, the same for the same arguments. "
        "--out writes JSON Lines and sends nothing; --store sends in timestamp order, batched "
        "per type. Ctrl+C stops a send cleanly and prints how to continue.",
    )
    sim.add_argument("--shoppers", type=whole_number(1), required=True, metavar="N")
    sim.add_argument("--days", type=number(above=0), default=7.0, metavar="D")
    sim.add_argument("--seed", type=whole_number(), default=1, metavar="S")
    sim.add_argument("--profile", default="default", metavar="P", help="name or .toml file")
    sim.add_argument("--catalog", metavar="FILE", help="JSON list of products, or CSV")
    sim.add_argument(
        "--now",
        metavar="WHEN",
        help="end of the window (epoch ms or ISO 8601; default: now): pin it to repeat a run",
    )
    where = sim.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE|-", help="write JSON Lines; send nothing")
    where.add_argument("--store", metavar="NAME", help="send to this store")
    sim.add_argument("--batch", type=whole_number(1), default=100, metavar="B")
    sim.add_argument(
        "--rate",
        type=number(above=0, what="a number of signals a second"),
        metavar="R",
        help="at most R signals/s",
    )
    sim.add_argument("--yes", action="store_true", help="confirm sending to a production store")
    sim.add_argument(
        "--resume",
        metavar="COUNTS",
        help="continue a stopped send: the counts it printed ("
        + ",".join(f"{k}=N" for k in SIGNAL_TYPES)
        + ")",
    )
    add_network_arguments(sim)
    sim.set_defaults(handler=guarded(cmd_simulate))
