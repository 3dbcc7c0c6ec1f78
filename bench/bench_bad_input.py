"""Validate on huge invalid files, and inputs that used to end in a traceback: exit code, peak
memory and time of each, as the command line runs them (a process per case).

Run: .venv/bin/python -m bench.bench_bad_input [--big]   (--big adds the 69 MB file)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, float, float, str]:
    """Exit code, peak RSS in MB, seconds, and the last line of stderr of one command."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "err = p.stderr.decode(errors='replace').strip().splitlines()\n"
        "print(json.dumps([p.returncode, rss, dt, err[-1] if err else '']))\n"
    )
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "signal_composer", *args]
    out = subprocess.run(
        cmd, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    import json

    rc, rss, seconds, last = json.loads(out.stdout)
    return int(rc), float(rss), float(seconds), str(last)


def tiny_invalid(path: Path, count: int) -> float:
    """``count`` tiny invalid signals (each a handful of errors); returns the size in MB."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        out.write(",".join(['{"a":1}'] * count))
        out.write("]")
    return path.stat().st_size / 1e6


def main() -> None:
    big = "--big" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"SIGNAL_COMPOSER_HOME": str(folder / "home")}
        cases: list[tuple[str, list[str]]] = []
        for count in (500_000, *((5_000_000,) if big else ())):
            path = folder / f"tiny-{count}.json"
            size = tiny_invalid(path, count)
            cases.append(
                (
                    f"validate {count:,} tiny invalid objects ({size:.0f} MB)",
                    ["validate", "--type", "click", str(path)],
                )
            )
            cases.append(
                (
                    "validate --json, same file",
                    ["validate", "--type", "click", "--json", str(path)],
                )
            )
        nested = folder / "nested.json"
        nested.write_text("[" * 100_000 + "]" * 100_000)
        cases.append(
            ("validate 100,000 nested arrays", ["validate", "--type", "click", str(nested)])
        )
        surrogate = folder / "surrogate.json"
        surrogate.write_text('[{"query": "\\ud800"}]')
        cases.append(
            (
                "send a lone surrogate with --allow-invalid",
                [
                    "send",
                    "--store",
                    "local-mock",
                    "--type",
                    "query",
                    "--allow-invalid",
                    str(surrogate),
                ],
            )
        )
        huge = folder / "huge-number.json"
        huge.write_text('[{"price": 1e400}]')
        cases.append(
            (
                "send 1e400 with --allow-invalid",
                ["send", "--store", "local-mock", "--type", "query", "--allow-invalid", str(huge)],
            )
        )
        cases.append(("history show 2**64", ["history", "show", str(2**64)]))
        cases.append(("mock-store --port 99999", ["mock-store", "--port", "99999"]))
        for title, args in cases:
            start = time.perf_counter()
            rc, rss, seconds, last = run(args, env)
            del start
            print(f"{title}: exit {rc}, peak {rss:.0f} MB, {seconds:.2f} s  | {last[:90]}")


if __name__ == "__main__":
    main()
