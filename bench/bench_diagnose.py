"""Diagnosis speed: a long browser session's HAR (5,000 entries, 1,000 of them signal calls),
read and diagnosed in-process and through the command line; and one pasted cURL command.

Run: .venv/bin/python -m bench.bench_diagnose
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from signal_composer.signals.drafts import new_signal
from signal_composer.signals.types import SIGNAL_TYPES
from signal_composer.store.casefile import case_json, open_case

STORE = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
TOKEN = "Xy7Qp2Lm9Rt4Vw8Zb3Nc6Hd1Kf5Gj0As"
CURL = Path(__file__).parent.parent / "tests" / "inputs" / "diagnose" / "chrome-bash.sh"


def entry(n: int) -> dict[str, Any]:
    if n % 5:
        request: dict[str, Any] = {
            "method": "GET",
            "url": f"https://shop.example.com/static/chunk-{n}.js",
            "headers": [{"name": "accept", "value": "*/*"}],
        }
        response = {"status": 200, "content": {"mimeType": "text/javascript", "text": "x" * 2000}}
    else:
        kind = SIGNAL_TYPES[(n // 5) % 4]
        request = {
            "method": "POST",
            "url": f"https://{STORE}.applications.lucidworks.com/retail/signals/{kind}",
            "headers": [
                {"name": "Authorization", "value": TOKEN},
                {"name": "Content-Type", "value": "application/json"},
                {"name": "Accept", "value": "application/json"},
            ],
            "postData": {"mimeType": "application/json", "text": json.dumps([new_signal(kind)])},
        }
        response = {"status": 202, "content": {"mimeType": "", "text": ""}}
    return {"startedDateTime": "2026-11-30T09:40:00.000Z", "request": request, "response": response}


def main() -> None:
    har = json.dumps({"log": {"version": "1.2", "entries": [entry(n) for n in range(5000)]}})
    print(f"HAR: 5,000 entries, 1,000 signal calls, {len(har) / 1e6:.1f} MB")
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        case = open_case(har, "session.har")
        case_json(case)
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples) * 1000
    print(f"diagnose in-process (read, findings, validation, JSON): median {median:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.har"
        path.write_text(har, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "signal_composer", "diagnose", "--json", str(path)],
            check=False,
            capture_output=True,
        )
        print(
            f"signal-composer diagnose --json (a new process): {time.perf_counter() - start:.2f} s"
        )
    text = CURL.read_text(encoding="utf-8")
    open_case(text, "x")
    curl = []
    for _ in range(200):
        start = time.perf_counter()
        open_case(text, "pasted")
        curl.append(time.perf_counter() - start)
    print(f"one pasted Chrome cURL command: median {statistics.median(curl) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
