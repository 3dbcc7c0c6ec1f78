"""A damaged history file from the command line: sending goes on, said loudly; recover works."""

from __future__ import annotations

import json
from pathlib import Path

from signal_composer.signals.drafts import new_signal

from tests.processes import run_cli
from tests.store.test_history_safety import damage, fill


def test_send_goes_on_without_history_and_recover_brings_it_back(home: Path) -> None:
    path = home / "data" / "history.sqlite3"
    path.parent.mkdir(parents=True)
    fill(path, 300)
    damage(path)
    signals = home.parent / "q.json"
    signals.write_text(json.dumps([new_signal("query")]))

    sent = run_cli("send", "--store", "local-mock", "--type", "query", str(signals))
    assert sent.returncode == 0, sent.stderr
    assert "Traceback" not in sent.stderr
    assert "WARNING: this send is NOT recorded in the history" in sent.stderr
    assert "history recover" in sent.stderr
    assert "not recorded in the history" in sent.stdout

    listed = run_cli("history", "list")
    assert listed.returncode == 2
    assert "Traceback" not in listed.stderr
    assert "damaged" in listed.stderr
    assert "history recover" in listed.stderr

    recovered = run_cli("history", "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert "recovered" in recovered.stdout
    assert list(path.parent.glob("history.sqlite3.damaged-*"))
    after = run_cli("history", "list", "--limit", "1000")
    assert after.returncode == 0, after.stderr
    assert 200 < len(after.stdout.splitlines()) < 300
    again = run_cli("send", "--store", "local-mock", "--type", "query", str(signals))
    assert "history entry" in again.stdout
    assert "WARNING" not in again.stderr


def test_history_import_brings_an_export_back(home: Path) -> None:
    signals = home.parent / "q.json"
    signals.write_text(json.dumps([new_signal("query")]))
    for _ in range(2):
        assert (
            run_cli("send", "--store", "local-mock", "--type", "query", str(signals)).returncode
            == 0
        )
    export = home.parent / "export.json"
    assert run_cli("history", "export", "-o", str(export)).returncode == 0
    (home / "data" / "history.sqlite3").unlink()
    imported = run_cli("history", "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"imported 2 entries from {export}"
    again = run_cli("history", "import", str(export))
    assert "imported 0 entries" in again.stdout
    assert "(2 already in the history)" in again.stdout
    listed = run_cli("history", "list").stdout.splitlines()
    assert len(listed) == 2
    assert all("accepted" in line for line in listed)
    bad = home.parent / "bad.json"
    bad.write_text('[{"request": {}}]')
    refused = run_cli("history", "import", str(bad))
    assert refused.returncode == 2
    assert "not an entry of a Signal Composer history export" in refused.stderr
