"""The signal file format: typed, readable by any JSON tool, and what else may be opened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from signal_composer.signals import signalfile
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.jsonio import InputError


def test_round_trip_keeps_the_type() -> None:
    signals = [new_signal("purchase")]
    text = signalfile.to_text("purchase", signals)
    found = signalfile.read(json.loads(text), "f.json")
    assert found.types == ("purchase",)
    assert found.typed
    assert found.signals == signals


@pytest.mark.parametrize("kind", ["query", "click", "cartadd", "purchase"])
def test_a_bare_array_gets_the_type_of_its_fields(kind: str) -> None:
    found = signalfile.read([new_signal(kind), new_signal(kind)], "f.json")  # type: ignore[arg-type]
    assert found.types == (kind,)
    assert not found.typed


def test_refusals_name_the_problem() -> None:
    with pytest.raises(InputError, match=r"x\.har is a HAR log .* use Diagnose a request"):
        signalfile.read({"log": {"entries": []}}, "x.har")
    with pytest.raises(InputError, match=r"is a history export .* History panel"):
        signalfile.read([{"request": {}, "response": {}}], "x.json")
    with pytest.raises(InputError, match="newer than this app reads"):
        signalfile.read({"format": signalfile.FORMAT, "version": 9, "type": "click",
                         "signals": [{}]}, "f")  # fmt: skip
    with pytest.raises(InputError, match="not a signal type"):
        signalfile.read({"format": signalfile.FORMAT, "type": "buy", "signals": [{}]}, "f")
    with pytest.raises(InputError, match="expected a JSON array"):
        signalfile.read([], "f")


def test_the_command_line_validates_a_saved_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(signalfile.to_text("click", [new_signal("click")]), encoding="utf-8")
    run = [sys.executable, "-m", "signal_composer", "validate", "--type"]
    ok = subprocess.run([*run, "click", str(path)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    wrong = subprocess.run([*run, "query", str(path)], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2
    assert "use --type click" in wrong.stderr
