"""``signal-composer run``: send a suite's cases to a store and check each one's expectation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from signal_composer.cli.common import (
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    Commands,
    UsageError,
)
from signal_composer.cli.delivery import (
    add_network_arguments,
    confirm_production,
    network_settings,
    target_url,
)
from signal_composer.cli.guard import guarded
from signal_composer.signals.suite import SuiteError
from signal_composer.store.history import History
from signal_composer.store.sender import Sender, make_client
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.suite_report import case_lines, junit_xml, result_json, summary_line
from signal_composer.store.suite_run import CaseResult, SuiteResult, Target, open_suite, run_suite
from signal_composer.store.tokens import TOKEN_VARIABLE, TokenVault


def cmd_run(args: argparse.Namespace) -> int:
    try:
        suite = open_suite(Path(args.suite))
    except SuiteError as exc:
        return _suite_error(exc, "the suite cannot run")
    registry = StoreRegistry()
    if not args.store and suite.store and suite.store not in registry.names():
        raise UsageError(
            f"the suite's store {suite.store!r} (suite.json) is not set up here: add it with "
            "'stores add' or pick one with --store"
        )
    store = registry.get(args.store or suite.store or registry.config.default_store)
    confirm_production(store, args.yes, reads_stdin=False)
    junit = Path(args.junit) if args.junit else None
    if junit is not None and not junit.parent.is_dir():
        raise UsageError(f"--junit {junit}: the folder {junit.parent} does not exist")
    net = network_settings(registry, args)

    def show(result: CaseResult) -> None:
        if not args.json:
            print("\n".join(case_lines(result)), flush=True)

    history = History()
    try:
        with target_url(store) as mock_url, make_client(net) as client:
            target = Target(
                store, Sender(client, retries=net.retries), history, TokenVault(), mock_url
            )
            if not args.json:
                print(f"Suite {suite.name}: {len(suite.cases)} cases against {store.name}")
            run = run_suite(suite, target, on_result=show)
    except SuiteError as exc:
        return _suite_error(exc, "nothing was sent")
    finally:
        history.close()
    return _report(run, args, junit)


def _report(run: SuiteResult, args: argparse.Namespace, junit: Path | None) -> int:
    if junit is not None:
        try:
            junit.write_bytes(junit_xml(run))
        except OSError as exc:
            print(f"signal-composer: --junit {junit}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps(result_json(run), indent=2, ensure_ascii=False))
    else:
        print(summary_line(run))
    if run.unreachable:
        if not args.json:
            first = run.results[0]
            print(f"the store could not be reached: {first.title}: {first.detail}", file=sys.stderr)
            if run.unreachable_first and run.not_run():
                count = len(run.not_run())
                print(
                    f"stopped after the first case: the other {count} case"
                    f"{'s were' if count != 1 else ' was'} not sent",
                    file=sys.stderr,
                )
        return EXIT_NETWORK
    return EXIT_OK if run.passed else EXIT_REJECTED


def _suite_error(exc: SuiteError, consequence: str) -> int:
    for problem in exc.problems:
        print(problem.format(), file=sys.stderr)
    count = len(exc.problems)
    print(
        f"signal-composer: {count} problem{'s' * (count != 1)} in the suite; {consequence}",
        file=sys.stderr,
    )
    return EXIT_USAGE


def register(commands: Commands) -> None:
    run = commands.add_parser(
        "run",
        help="run a suite of cases against a store",
        description="Sends every case of the suite folder (valid or not), checks each against "
        "its expectation and records each request in the history, tagged with suite and case. "
        "Exit 0: all passed; 1: any failed; 2: unreadable suite or usage error; 3: the store "
        f"could not be reached. The token comes from the keyring or {TOKEN_VARIABLE}.",
    )
    run.add_argument("suite", metavar="SUITE", help="the suite's folder")
    run.add_argument(
        "--store", help="the store to run against (default: the suite's, or the default store)"
    )
    run.add_argument("--junit", metavar="FILE", help="write a JUnit XML report to FILE")
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    run.add_argument("--yes", action="store_true", help="confirm a run against a production store")
    add_network_arguments(run)
    run.set_defaults(handler=guarded(cmd_run))
