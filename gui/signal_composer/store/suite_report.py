"""A suite run's reports: one line per case, JUnit XML for CI systems, and a JSON result.

None of them carries a request's headers, so the token cannot appear; texts from the store
were scrubbed of it by the sender.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any, Final

from signal_composer.signals.suite import Case
from signal_composer.store.outcomes import title_of
from signal_composer.store.suite_run import CaseResult, SuiteResult

_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_RUN: Final = "not run: the run was cancelled"
NOT_REACHED: Final = "not run: the first case found the store unreachable"


def got_text(result: CaseResult) -> str:
    """``invalid_request (400), 2 errors, 1 warning``."""
    status = f" ({result.status})" if result.status is not None else ""
    errors = sum(p.severity == "error" for p in result.problems)
    warnings = len(result.problems) - errors
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return f"{result.outcome}{status}, {counts}"


def case_lines(result: CaseResult) -> list[str]:
    """``PASS name: got …`` and, for a failure, one indented line per missed expectation."""
    mark = "PASS" if result.passed else "FAIL"
    head = (
        f"{mark}  {result.case.name}: {got_text(result)} in {result.duration_ms:.0f} ms; "
        f"history entry {result.entry_id}"
    )
    return [head, *(f"      {miss.format()}" for miss in result.misses)]


def details_text(case: Case, result: CaseResult | None) -> str:
    """A case in full for the window: what it expects, and what happened last time."""
    lines = [f"{case.name}  ({case.file}, {case.type}, {len(case.signals)} signal"
             f"{'s' * (len(case.signals) != 1)})"]  # fmt: skip
    if case.description:
        lines.append(case.description)
    expect = case.expect
    lines.append("")
    wanted = (
        "(not checked)"
        if expect.outcome is None
        else f"{title_of(expect.outcome)} ({expect.outcome})"
    )
    lines.append(f"expected outcome: {wanted}")
    if expect.problems is None:
        lines.append("expected problems: (not checked)")
    else:
        shown = ", ".join(p.format() for p in expect.problems) or "no errors"
        lines.append(f"expected problems (JSON path, code): {shown}")
    if result is None:
        lines += ["", "Not run yet."]
        return "\n".join(lines)
    if result.earlier is not None:
        when = datetime.fromtimestamp(result.earlier).strftime("%Y-%m-%d %H:%M:%S")
        lines += ["", f"last run {when} (history entry {result.entry_id}; the case may have "
                  "changed since)"]  # fmt: skip
    lines += ["", f"got: {result.title} ({got_text(result)}): {result.detail}"]
    lines += [f"  {p.for_people()}" for p in result.problems]
    verdict = "PASSED" if result.passed else "FAILED"
    lines += ["", verdict, *(f"  {miss.format()}" for miss in result.misses)]
    lines.append(f"history entry {result.entry_id}, {result.duration_ms:.0f} ms")
    return "\n".join(lines)


def summary_line(run: SuiteResult) -> str:
    """``3 passed, 1 failed of 4 cases against local-mock in 0.4 s``."""
    passed = sum(r.passed for r in run.results)
    parts = [f"{passed} passed", f"{len(run.failed)} failed"]
    skipped = len(run.not_run())
    if skipped:
        why = "the store could not be reached" if run.unreachable_first else "cancelled"
        parts.append(f"{skipped} not run ({why})")
    cases = f"{run.planned} case{'s' * (run.planned != 1)}"
    return f"{', '.join(parts)} of {cases} against {run.store} in {took(run.duration_s)}"


def took(seconds: float) -> str:
    """A run's wall time: milliseconds under a second (a quick run is not "0.0 s")."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(result: CaseResult) -> str:
    lines = [miss.format() for miss in result.misses]
    lines.append(f"got: {result.title}: {result.detail}")
    lines += [f"local problem {p.format()}" for p in result.problems]
    lines.append(f"history entry {result.entry_id}")
    return "\n".join(lines)


def junit_xml(run: SuiteResult) -> bytes:
    """The run as JUnit XML: one testcase per case, a failure for a missed expectation."""
    skipped = run.not_run()
    counts = {
        "tests": str(len(run.results) + len(skipped)),
        "failures": str(len(run.failed)),
        "errors": "0",
        "skipped": str(len(skipped)),
        "time": f"{run.duration_s:.3f}",
    }
    root = ET.Element("testsuites", {"name": "signal-composer", **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": _clean(run.suite.name),
            **counts,
            "timestamp": datetime.fromtimestamp(run.started_at, UTC).isoformat(timespec="seconds"),
            "hostname": _clean(socket.gethostname()),
        },
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "store", "value": _clean(run.store)})
    for result in run.results:
        case = ET.SubElement(suite, "testcase", _case_attributes(run, result.case.name))
        case.set("file", _clean(result.case.file))
        case.set("time", f"{result.duration_ms / 1000:.3f}")
        if result.misses:
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": _clean("; ".join(m.format() for m in result.misses)),
                    "type": "expectation",
                },
            )
            failure.text = _clean(_failure_text(result))
        out = ET.SubElement(case, "system-out")
        out.text = _clean(f"{got_text(result)}; history entry {result.entry_id}")
    for item in skipped:
        case = ET.SubElement(suite, "testcase", _case_attributes(run, item.name))
        case.set("file", _clean(item.file))
        why = NOT_REACHED if run.unreachable_first else NOT_RUN
        ET.SubElement(case, "skipped", {"message": why})
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _case_attributes(run: SuiteResult, name: str) -> dict[str, str]:
    return {"name": _clean(name), "classname": _clean(run.suite.name)}


def result_json(run: SuiteResult) -> dict[str, Any]:
    """The run as a JSON-ready object (``--json``)."""
    return {
        "suite": run.suite.name,
        "folder": str(run.suite.folder),
        "store": run.store,
        "passed": run.passed,
        "cancelled": run.cancelled,
        "unreachable": run.unreachable,
        "counts": {
            "cases": run.planned,
            "passed": sum(r.passed for r in run.results),
            "failed": len(run.failed),
            "notRun": len(run.not_run()),
        },
        "durationS": round(run.duration_s, 3),
        "cases": [_case_json(r) for r in run.results],
        "notRun": [c.file for c in run.not_run()],
    }


def _case_json(result: CaseResult) -> dict[str, Any]:
    return {
        "file": result.case.file,
        "name": result.case.name,
        "type": result.case.type,
        "passed": result.passed,
        "expected": result.case.expect.as_dict(),
        "got": {
            "outcome": result.outcome,
            "status": result.status,
            "detail": result.detail,
            "problems": [p.as_dict() for p in result.problems],
        },
        "misses": [{"what": m.what, "expected": m.expected, "got": m.got} for m in result.misses],
        "historyEntry": result.entry_id,
        "durationMs": round(result.duration_ms, 3),
    }
