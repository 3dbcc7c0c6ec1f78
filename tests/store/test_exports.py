"""Exports other tools read: HAR per attempt, cURL that runs, JSON that comes back in."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from signal_composer.store.export import export
from signal_composer.store.history import History
from signal_composer.store.history_import import rows_of
from signal_composer.store.sender import Sender, SignalRequest, make_client
from signal_composer.store.sending import send_recorded
from signal_composer.store.stores import make_store

from tests.servers import Reply, ScriptedServer, closed_port

TOKEN = "exp0rtTOKENvalue1234567890abcd"


def request(url: str, body: bytes, store: str = "shop") -> SignalRequest:
    return SignalRequest(
        store=store,
        kind="click",
        url=f"{url}/retail/signals/click",
        body=body,
        signal_count=1,
        token=SecretStr(TOKEN),
        bearer=True,
    )


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    with History(tmp_path / "h.db", max_body=4096) as opened:
        yield opened


def send(history: History, url: str, body: bytes) -> int:
    store = make_store(name="shop", store_id="abc", base_url=url, auth="bearer")
    with make_client() as client:
        sender = Sender(client, retries=2, backoff=0.01)
        recorded = send_recorded(sender, history, store, request(url, body), source="test")
    return recorded.entry_id


def test_har_has_one_entry_per_attempt_oldest_first(history: History) -> None:
    with ScriptedServer(Reply(503), Reply(503), Reply(202), Reply(400, body=b"x" * 10_000)) as srv:
        first = send(history, srv.url, b'[{"a":1}]')
        second = send(history, srv.url, b'[{"a":2}]')
        seen = srv.seen[0].headers
    failed = send(history, f"http://127.0.0.1:{closed_port()}", b"[]")
    har = json.loads(export([history.get(i) for i in (failed, second, first)], "har"))
    entries = har["log"]["entries"]
    assert [(e["response"]["status"], e["response"]["statusText"]) for e in entries[:4]] == [
        (503, "Service Unavailable"),
        (503, "Service Unavailable"),
        (202, "Accepted"),
        (400, "Bad Request"),
    ]
    assert [e["comment"].split(",")[0] for e in entries[:4]] == [
        f"Signal Composer entry {first}",
        f"Signal Composer entry {first}",
        f"Signal Composer entry {first}",
        f"Signal Composer entry {second}",
    ]
    times = [e["startedDateTime"] for e in entries]
    assert times == sorted(times)
    assert "sent after waiting" in entries[1]["comment"]
    no_answer = entries[-1]["response"]
    assert (no_answer["status"], no_answer["statusText"], no_answer["httpVersion"]) == (0, "", "")
    names = {h["name"].lower(): h["value"] for h in entries[0]["request"]["headers"]}
    for name in seen:  # every header the server saw is in the HAR
        assert name.lower() in names, name
    assert names["content-length"] == seen["Content-Length"]
    assert names["host"] == seen["Host"]
    assert names["user-agent"] == seen["User-Agent"]
    assert names["authorization"].startswith("Bearer <redacted sha256:")
    assert "Response body cut: 4,096 of 10,000 bytes kept" in entries[3]["comment"]
    assert entries[3]["response"]["content"]["size"] == 10_000
    assert TOKEN not in json.dumps(har)


def run_script(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "SIGNAL_COMPOSER_TOKEN"}
    return subprocess.run(
        ["sh", str(script)], capture_output=True, text=True, env={**base, **env}, timeout=60
    )


def test_curl_repeats_each_request_exactly_and_stops_without_a_token(
    history: History, tmp_path: Path
) -> None:
    bodies = [b'[{"q":"it\'s 100% \\\\ ok"}]', b'[{"a":"x\x00y"}]\n\x1b', b"\xff\xfe raw"]
    with ScriptedServer(Reply(202)) as server:
        ids = [send(history, server.url, body) for body in bodies]
        script = tmp_path / "again.sh"
        text = export([history.get(i) for i in reversed(ids)], "curl")
        script.write_text(text)
        refused = run_script(script, {})
        assert refused.returncode != 0
        assert "set SIGNAL_COMPOSER_TOKEN to the embed token of store shop" in refused.stderr
        assert len(server.seen) == 3  # nothing went out
        done = run_script(script, {"SIGNAL_COMPOSER_TOKEN": TOKEN})
        assert done.returncode == 0, done.stderr
        repeated = server.seen[3:]
    assert [s.body for s in repeated] == bodies  # oldest first, byte for byte
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in repeated)
    first_comment = text.splitlines()[3]
    assert re.match(
        rf"# entry {ids[0]}, .*: click to store 'shop' \(store ID abc\), ", first_comment
    )
    assert re.search(r"token sha256:[0-9a-f]{8}$", first_comment)
    assert TOKEN not in text


def all_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from all_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_keys(item)


def test_json_export_is_camel_case_and_imports_back(history: History, tmp_path: Path) -> None:
    with ScriptedServer(Reply(503), Reply(202)) as server:
        ids = [send(history, server.url, b'[{"n":1}]'), send(history, server.url, b"\xff\x00")]
    text = export([history.get(i) for i in ids], "json")
    keys = set(all_keys(json.loads(text)))
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", k) for k in keys), sorted(keys)
    assert {"durationMs", "waitedMs", "bodyBase64", "createdAt"} <= keys
    with History(tmp_path / "other.db") as other:
        assert other.restore(rows_of(text, "export.json")) == 2
        assert other.restore(rows_of(text, "export.json")) == 0  # already there
        back = [other.get(i) for i in sorted(other.ids())]
        assert [e.stored_bytes() for e in back] == [b'[{"n":1}]', b"\xff\x00"]
        assert [e.summary.outcome_label for e in back] == [
            history.get(i).summary.outcome_label for i in ids
        ]
        assert len(back[0].attempts) == len(history.get(ids[0]).attempts)
        assert json.loads(export(back, "json"))[0]["attempts"] == json.loads(text)[0]["attempts"]
