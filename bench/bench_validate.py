"""Validation speed: one click with 50 products (median), and 10,000 signals through the CLI.

Run: .venv/bin/python -m bench.bench_validate
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from signal_composer.signals.drafts import new_product, new_signal
from signal_composer.signals.validation import validate_signal


def median_ms(func: object, repeat: int) -> float:
    assert callable(func)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    signal = new_signal("click")
    signal["productDetails"] = [new_product(i) for i in range(50)]
    assert validate_signal("click", signal) == []
    validate_signal("click", signal)  # warm caches (currency list)
    one = median_ms(lambda: validate_signal("click", signal), 2000)
    print(f"validate one click with 50 products: median {one:.3f} ms (target < 1 ms)")

    batch = [new_signal("click") for _ in range(10_000)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.json"
        path.write_text(json.dumps(batch), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "signal_composer", "validate", "--type", "click", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            runs.append(time.perf_counter() - start)
            assert result.returncode == 0, result.stdout + result.stderr
    print(
        f"CLI validate of 10,000 clicks ({size_mb:.1f} MB): "
        f"median {statistics.median(runs):.3f} s, best {min(runs):.3f} s (target < 1 s)"
    )


if __name__ == "__main__":
    main()
