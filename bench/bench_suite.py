"""Suite speed: loading and preparing a large suite, and running it against the local mock
(cases per second, beside a bare send_recorded loop of the same bodies), and the JUnit report.

Run: .venv/bin/python -m bench.bench_suite
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from signal_composer.signals.resources import resources_dir
from signal_composer.signals.suite import prepare
from signal_composer.store.history import History
from signal_composer.store.mockstore import MockStore
from signal_composer.store.sender import Sender, make_client
from signal_composer.store.sending import build_request, encode_body, send_recorded
from signal_composer.store.stores import local_mock_store
from signal_composer.store.suite_report import junit_xml
from signal_composer.store.suite_run import Target, last_results, open_suite, run_suite
from signal_composer.store.tokens import TokenVault

CASES = 500
ROUNDS = 3


def make_suite(folder: Path, cases: int) -> Path:
    """The docs-traps suite's ten cases, copied until there are ``cases`` of them."""
    folder.mkdir()
    sample = resources_dir() / "suites" / "docs-traps"
    shutil.copy(sample / "suite.json", folder / "suite.json")
    originals = sorted(p for p in sample.glob("*.json") if p.name != "suite.json")
    for i in range(cases):
        source = originals[i % len(originals)]
        data = json.loads(source.read_text(encoding="utf-8"))
        data["name"] = f"{i:04d} {data['name']}"
        (folder / f"{i:04d}-{source.name}").write_text(json.dumps(data), encoding="utf-8")
    return folder


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = make_suite(tmp / "big", CASES)
        loads = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            suite = open_suite(folder)
            loads.append(time.perf_counter() - started)
        print(f"load {CASES} case files: {statistics.median(loads) * 1000:.0f} ms (median)")
        history = History(tmp / "history.sqlite3")
        store, vault = local_mock_store(), TokenVault(use_env=False)
        with MockStore() as mock, make_client() as client:
            sender = Sender(client, retries=0)
            target = Target(store, sender, history, vault, mock.url)
            rates, bare = [], []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                run = run_suite(suite, target)
                rates.append(CASES / (time.perf_counter() - started))
                assert run.passed, [r.case.file for r in run.failed][:5]
                bodies = [encode_body(r.signals) for r in prepare(suite)]
                started = time.perf_counter()
                for case, (body, count) in zip(suite.cases, bodies, strict=True):
                    request = build_request(store, case.type, body, count, vault, mock.url)
                    send_recorded(sender, history, store, request, source="bench")
                bare.append(CASES / (time.perf_counter() - started))
            print(
                f"run {CASES} cases against the local mock: {statistics.median(rates):.0f} cases/s "
                f"(send_recorded alone, the same bodies: {statistics.median(bare):.0f}/s)"
            )
            started = time.perf_counter()
            report = junit_xml(run)
            print(
                f"JUnit report of {CASES} cases: {(time.perf_counter() - started) * 1000:.0f} ms, "
                f"{len(report) // 1024} KiB"
            )
            started = time.perf_counter()
            found = last_results(suite, history)
            print(
                f"last results of {len(found)} cases from a history of {history.count()} "
                f"entries: {(time.perf_counter() - started) * 1000:.0f} ms"
            )
        history.close()


if __name__ == "__main__":
    main()
