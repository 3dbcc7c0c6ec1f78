"""Misbehaving peers, measured: a store that trickles one byte a second (the send's deadline),
and clients that abuse the local mock (a huge bad batch, a negative Content-Length, 600 idle
connections). Prints exit codes, times and peak memory; everything stays on 127.0.0.1.

Run: .venv/bin/python -m bench.bench_wire [--deadline S]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from signal_composer.signals.drafts import new_signal

TOKEN = "BenchTOKEN0123456789abcdefghijk"
ANSWER = b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Trickler:
    """Answers each request one byte a second; stops by itself after ``lifetime`` seconds."""

    def __init__(self, lifetime: float) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.until = time.monotonic() + lifetime
        self.requests = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while time.monotonic() < self.until:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()
        self.sock.close()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            while len(body) < length:
                body += conn.recv(65536)
            self.requests += 1
            for index in range(len(ANSWER)):
                if time.monotonic() > self.until:
                    return
                try:
                    conn.sendall(ANSWER[index : index + 1])
                except OSError:
                    return
                time.sleep(1.0)


def run_measured(args: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak memory (MB) of a child process, and its output."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024, output


def trickle_send(deadline: float | None) -> None:
    print("== a store that trickles its answer one byte a second (item 7) ==")
    server = Trickler(lifetime=(deadline or 30) + 30)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SIGNAL_COMPOSER_HOME": home, "SIGNAL_COMPOSER_TOKEN": TOKEN}
        cli = [sys.executable, "-m", "signal_composer"]
        add = [*cli, "stores", "add", "slow", "--store-id", "slow", "--base-url", server.url]
        if deadline is not None:
            add += ["--deadline", str(deadline)]
        subprocess.run(add, env=env, check=True, capture_output=True)
        signals = Path(home) / "signals.json"
        signals.write_text(json.dumps([new_signal("click")]))
        code, took, peak, output = run_measured(
            [*cli, "send", "--store", "slow", "--type", "click", str(signals)], env
        )
    print(f"send: exit {code}, {took:.1f} s, peak memory {peak:.0f} MB")
    print(f"copies the store received: {server.requests}")
    print("printed: " + output.strip().replace("\n", "\n         "))


def proc_status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {k: v.strip() for k, _, v in (line.partition(":") for line in lines)}


def raw(port: int, data: bytes, timeout: float = 10) -> tuple[bytes, float]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        # the mock may answer and close before taking it all: then read what it said
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(1 << 20):
                received += chunk
                if b"\r\n\r\n" in received:
                    head = received.split(b"\r\n\r\n")[0]
                    length = [
                        int(x.split(b":")[1])
                        for x in head.split(b"\r\n")
                        if x.lower().startswith(b"content-length")
                    ]
                    if length and len(received) >= len(head) + 4 + length[0]:
                        break
        except (TimeoutError, ConnectionResetError):
            pass
    return received, time.perf_counter() - started


def status_of(answer: bytes) -> str:
    """The status code of a raw answer, or what came instead."""
    parts = answer.split(b" ", 2)
    return parts[1].decode() if answer.startswith(b"HTTP/") and len(parts) > 1 else "no answer"


def abuse_mock() -> None:
    print("\n== clients that abuse the local mock (item 21) ==")
    port = free_port()
    mock = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", "mock-store", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert mock.stdout is not None
    mock.stdout.readline()  # listening
    try:
        bad = json.dumps([{"x": "y" * 80} for _ in range(4500)]).encode()
        head = (
            "POST /retail/signals/click HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(bad)}\r\n"
            "Connection: close\r\n\r\n"
        )
        answer, took = raw(port, head.encode() + bad, timeout=60)
        print(
            f"400 KB bad batch ({len(bad) // 1024} KB): {status_of(answer)} "
            f"answer of {len(answer) // 1024} KB in {took:.2f} s"
        )
        head = "POST /retail/signals/click HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"
        answer, took = raw(port, head.encode() + b"[" * (4 << 20))
        print(f"Content-Length -1 with 4 MB after it: {status_of(answer)} in {took:.2f} s")
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(600)]
        time.sleep(1.0)
        status = proc_status(mock.pid)
        busy = 0
        for sock in idle:
            sock.settimeout(0.05)
            with contextlib.suppress(TimeoutError):
                busy += sock.recv(64).startswith(b"HTTP/1.1 503")
        print(f"600 idle connections: {status['Threads']} threads, {busy} told 503 at once")
        time.sleep(16)
        print(f"after the 15 s idle timeout: {proc_status(mock.pid)['Threads']} threads")
        for sock in idle:
            sock.close()
        print(f"mock peak memory: {int(proc_status(mock.pid)['VmHWM'].split()[0]) // 1024} MB")
    finally:
        mock.send_signal(signal.SIGINT)
        code = mock.wait(10)
        print(f"mock exit after Ctrl+C: {code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deadline", type=float, help="the store's deadline (default: 30 s)")
    args = parser.parse_args()
    trickle_send(args.deadline)
    abuse_mock()


if __name__ == "__main__":
    main()
