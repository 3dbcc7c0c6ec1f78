"""Journeys at volume: simulate --out, metrics and lint on a 1,000,000-signal file (rate and peak
memory of the real command), and simulate --store against send with the same batch size.

Run: .venv/bin/python -m bench.bench_journeys [SIGNALS]   (default 1,000,000)
Rates are wall-clock; CPU seconds are printed beside them, since other work on the machine
slows the wall clock but not the CPU time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from signal_composer.signals.journeys import JourneyGenerator
from signal_composer.signals.jsonl import encode_signal
from signal_composer.signals.profiles import load_profile
from signal_composer.signals.types import SignalType
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind
from signal_composer.store.sender import Sender, SignalRequest, make_client
from signal_composer.store.sending import send_recorded
from signal_composer.store.stores import StoreRegistry

NOW = "2026-11-30T12:00:00Z"
SIGNALS_PER_SHOPPER = 5.6  # the default profile's mean, measured
TOKEN = "BenchTOKENvalue0123456789abcdefXY"


def run(args: list[str]) -> tuple[float, float, float, str]:
    """Runs the command; returns (wall s, CPU s, peak RSS MB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "signal_composer", *args], stdout=out, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)  # this child's own CPU time and peak
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({code}): {err.read().decode()}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode()


def bench_files(tmp: Path, signals: int) -> None:
    shoppers = int(signals / SIGNALS_PER_SHOPPER)
    path = tmp / "journeys.jsonl"
    wall, cpu, rss, _ = run(
        ["simulate", "--shoppers", str(shoppers), "--days", "7", "--now", NOW, "--out", str(path)]
    )
    count = sum(1 for _ in path.open("rb"))
    size = path.stat().st_size / 1e6
    print(f"file: {count:,} signals of {shoppers:,} shoppers, {size:,.0f} MB")
    print(
        f"simulate --out: {count / wall:,.0f} signals/s ({wall:.1f} s wall, {count / cpu:,.0f}"
        f" signals per CPU second), peak {rss:,.0f} MB (target >= 50,000/s)"
    )
    for command, target in (("metrics", 500_000), ("lint", 200_000)):
        runs = [run([command, str(path), "--json"]) for _ in range(3)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        print(
            f"{command}: {count / wall:,.0f} signals/s ({wall:.2f} s wall, {count / cpu:,.0f}"
            f" signals per CPU second, start-up included), peak {rss:,.0f} MB "
            f"(target >= {target:,}/s, < 300 MB)"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_store(batch: int = 100, shoppers: int = 1500) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", "mock-store", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        subprocess.run(
            [sys.executable, "-m", "signal_composer", "stores", "add", "bench", "--store-id",
             "bench", "--base-url", base],
            check=True, capture_output=True,
        )  # fmt: skip
        os.environ["SIGNAL_COMPOSER_TOKEN"] = TOKEN
        store = StoreRegistry().get("bench")
        # The send path: prebuilt batches of the same signals, one type each, as `send` sends.
        journeys = JourneyGenerator(load_profile(), 1, shoppers, 7, 1_780_000_000_000)
        by_kind: dict[SignalType, list[bytes]] = {}
        for kind, signal in journeys:
            by_kind.setdefault(kind, []).append(encode_signal(signal))
        bodies = [
            (kind, b"[" + b",".join(items[i : i + batch]) + b"]", len(items[i : i + batch]))
            for kind, items in by_kind.items()
            for i in range(0, len(items), batch)
        ]
        total = sum(n for _, _, n in bodies)
        send_rates: list[float] = []
        sim_rates: list[float] = []
        whole_rates: list[float] = []
        for _ in range(3):  # interleaved, so drift hits both alike
            history = History()
            with make_client() as client:
                sender = Sender(client)
                started = time.perf_counter()
                for kind_, body, n in bodies:
                    url = f"{base}/retail/signals/{kind_}"
                    request = SignalRequest("bench", kind_, url, body, n)
                    recorded = send_recorded(sender, history, store, request, source="bench")
                    assert recorded.result.outcome.kind is Kind.ACCEPTED
                send_rates.append(total / (time.perf_counter() - started))
            history.close()
            wall, _, _, stdout = run(
                ["simulate", "--shoppers", str(shoppers), "--days", "7", "--seed", "1", "--now",
                 "1780000000000", "--store", "bench", "--batch", str(batch)]
            )  # fmt: skip
            whole_rates.append(total / wall)
            # "Sent N signals to bench in X s (R/s): ...": from the first batch to the last
            sim_rates.append(float(stdout.split(" in ", 1)[1].split(" s ", 1)[0]))
        s = statistics.median(send_rates)
        m = total / statistics.median(sim_rates)
        w = statistics.median(whole_rates)
        print(
            f"batch {batch}, {total:,} signals: send path {s:,.0f} signals/s; simulate --store "
            f"{m:,.0f} signals/s, generation included = {m / s:.2f}x (target >= 0.8x); with "
            f"the process's start-up too {w:,.0f} signals/s = {w / s:.2f}x"
        )
    finally:
        server.terminate()
        server.communicate(timeout=10)


def main() -> None:
    signals = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SIGNAL_COMPOSER_HOME"] = tmp
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        bench_files(Path(tmp), signals)
        bench_store()


if __name__ == "__main__":
    main()
