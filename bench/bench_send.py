"""Send throughput against the mock store (vs a bare httpx loop), and history speed at scale.

Run: .venv/bin/python -m bench.bench_send
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

import httpx
from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import Filter, History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, Sender, SendResult, SignalRequest, make_client
from signal_composer.store.sending import encode_body, send_recorded
from signal_composer.store.stores import local_mock_store

from bench.common import bulk_insert

ROUNDS = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bare_loop(client: httpx.Client, url: str, body: bytes, n: int) -> float:
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    started = time.perf_counter()
    for _ in range(n):
        response = client.post(url, content=body, headers=headers)
        assert response.status_code == 202
    return n / (time.perf_counter() - started)


def ours(sender: Sender, history: History, request: SignalRequest, n: int) -> float:
    store = local_mock_store()
    started = time.perf_counter()
    for _ in range(n):
        recorded = send_recorded(sender, history, store, request, source="bench")
        assert recorded.result.outcome.kind is Kind.ACCEPTED
    return n / (time.perf_counter() - started)


def bench_send(tmp: Path) -> None:
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
        history = History(tmp / "send.sqlite3")
        for batch in (1, 100):
            body, count = encode_body([new_signal("click") for _ in range(batch)])
            url = f"{base}/retail/signals/click"
            request = SignalRequest("local-mock", "click", url, body, count)
            n = 1500 if batch == 1 else 200
            bare: list[float] = []
            mine: list[float] = []
            with make_client() as plain, make_client() as client:
                sender = Sender(client)
                bare_loop(plain, url, body, 50)  # warm up both
                ours(sender, history, request, 50)
                for _ in range(ROUNDS):  # interleaved, so drift hits both alike
                    # The mock keeps what it accepts; clear it so its memory (and GC) is the
                    # same for both loops.
                    plain.delete(f"{base}/_mock/signals")
                    bare.append(bare_loop(plain, url, body, n))
                    plain.delete(f"{base}/_mock/signals")
                    mine.append(ours(sender, history, request, n))
            b, m = statistics.median(bare), statistics.median(mine)
            print(
                f"batch {batch:>3}: bare httpx {b:7.0f} req/s ({b * batch:8.0f} signals/s); "
                f"Signal Composer (sender + history) {m:7.0f} req/s ({m * batch:8.0f} signals/s)"
                f" = {m / b:.2f}x (target >= 0.8x)"
            )
        history.close()
    finally:
        server.terminate()
        server.communicate(timeout=10)


def bench_history(tmp: Path) -> None:
    history = History(tmp / "history.sqlite3")
    body, count = encode_body([new_signal("click")])
    request = SignalRequest("local-mock", "click", "http://127.0.0.1:1/x", body, count)
    result = SendResult(
        outcome(Kind.ACCEPTED, "202"), 202, [("Content-Length", "0")], "", 3.0,
        [Attempt(1, 202, Kind.ACCEPTED, "", 3.0)],
    )  # fmt: skip
    n = 5000
    started = time.perf_counter()
    for _ in range(n):
        entry = history.begin(request, store_id="local-mock", production=False, source="bench")
        history.complete(entry, result)
    rate = n / (time.perf_counter() - started)
    print(
        f"history writes (begin + complete, each committed): {rate:,.0f} entries/s "
        "(target >= 5,000)"
    )

    filler = n
    while filler < 100_000:
        text = body.decode()
        bulk_insert(history, [(f"store-{i % 7}", text, 202, "accepted") for i in range(5000)])
        filler += 5000
    history.close()
    reopened = History(tmp / "history.sqlite3")
    total = reopened.count()
    for label, filt in [
        ("no filter", Filter()),
        ("store filter", Filter(store="store-3")),
        ("status filter", Filter(status=202)),
        ("text search (rare)", Filter(contains="no-such-text")),
        ("text search (common)", Filter(contains="SKU-0001")),
    ]:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            reopened.page(filt, limit=50)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"history list first page over {total:,} entries, {label}: "
            f"median {statistics.median(times):.2f} ms (target < 100 ms)"
        )
    reopened.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SIGNAL_COMPOSER_HOME"] = tmp
        bench_send(Path(tmp))
        bench_history(Path(tmp))


if __name__ == "__main__":
    main()
