"""``signal-composer diagnose``: what is wrong with a customer's request (cURL, HAR or raw HTTP)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from signal_composer.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Commands
from signal_composer.signals.capture import CaptureError
from signal_composer.signals.jsonio import InputError, read_text
from signal_composer.store.casefile import Case, case_json, open_case


def _print_case(case: Case, out: TextIO) -> None:
    count = len(case.results)
    head = f"{case.name}: {case.format_name}, {count} signal request{'s' * (count != 1)}"
    if case.capture.ignored:
        head += f" ({case.capture.ignored} other requests ignored)"
    print(head, file=out)
    if not count:
        print("no request to the Signals API (/retail/signals/{type}) was found", file=out)
    errors = warnings = 0
    for index, result in enumerate(case.results):
        request = result.request
        print(f"\n{request.method} {request.url}  ({request.origin})", file=out)
        token = result.token
        tag = f"{token.form} {token.fingerprint}" if token.fingerprint else token.form
        print(
            f"  store: {result.store_id or 'not a Signals API host'}   "
            f"type: {result.kind or 'unknown'}   token: {tag}",
            file=out,
        )
        for found in result.findings:
            print(f"  {found.severity:<8} {found.code}: {found.message}", file=out)
        for problem in result.problems:
            where = f"[{problem.index}] " if problem.index is not None else ""
            print(
                f"  {problem.severity:<8} {problem.code}: {where}{problem.path or '(signal)'}: "
                f"{problem.message}",
                file=out,
            )
        errors += sum(f.severity == "error" for f in result.findings)
        errors += sum(p.severity == "error" for p in result.problems)
        warnings += sum(f.severity == "warning" for f in result.findings)
        warnings += sum(p.severity == "warning" for p in result.problems)
        answer = case.answers[index]
        if answer is not None:
            print(f"  answer: {answer.detail} ({answer.title}). {answer.next_step}", file=out)
    if count:
        print(
            f"\n{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            file=out,
        )


def cmd_diagnose(args: argparse.Namespace) -> int:
    try:
        text, _ = read_text(args.file)
        case = open_case(text, args.file)
    except InputError as exc:  # names the file itself
        print(f"signal-composer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CaptureError as exc:
        where = "standard input" if args.file == "-" else args.file
        print(f"signal-composer: {where}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(case_json(case))
    else:
        import io

        buffer = io.StringIO()
        _print_case(case, buffer)
        sys.stdout.write(case.scrub(buffer.getvalue()))
    return EXIT_REJECTED if case.has_errors else EXIT_OK


def register(commands: Commands) -> None:
    diagnose = commands.add_parser(
        "diagnose",
        help="say what is wrong with a customer's request (cURL, HAR or raw HTTP)",
        description="Reads a cURL command (bash or Windows cmd quoting, as browsers and Postman "
        "copy it), a HAR file (only its Signals API requests count) or a raw HTTP request, "
        "and reports for each signal request its store, type, token (as a fingerprint), "
        "header and body findings, and the answer it got. Finding codes: docs/DIAGNOSIS.md. "
        "Exit 0: no errors; 1: errors found; 2: unreadable input.",
    )
    diagnose.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    diagnose.add_argument("file", metavar="FILE|-", help="the file, or - for standard input")
    diagnose.set_defaults(handler=cmd_diagnose)
