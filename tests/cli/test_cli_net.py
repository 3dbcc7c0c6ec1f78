"""The command line end to end: real processes, real files, a real loopback store."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from signal_composer.signals.drafts import new_signal
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import SERVICE

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer, closed_port

TOKEN = "Zq9TOKENvalueXY12345678abcdefgh"


cli = run_cli


def signals_file(home: Path, data: Any, name: str = "signals.json") -> str:
    path = home.parent / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_stores_add_list_show_remove() -> None:
    added = cli("stores", "add", "Shop QA", "--store-id", "3f2a-77", "--auth", "bearer")
    assert added.returncode == 0, added.stderr
    assert "https://3f2a-77.applications.lucidworks.com/retail/signals/click" in added.stdout
    listed = cli("stores", "list").stdout
    assert "local-mock" in listed
    assert "Shop QA" in listed
    shown = cli("stores", "show", "Shop QA").stdout
    assert "bearer" in shown
    assert cli("stores", "remove", "Shop QA").returncode == 0
    assert "Shop QA" not in cli("stores", "list").stdout


@pytest.mark.parametrize("store_id", ["evil.example/x#", "a.b", "has space", "аbc", "-x"])
def test_crafted_store_ids_are_refused(store_id: str) -> None:
    result = cli("stores", "add", "evil", f"--store-id={store_id}")
    assert result.returncode == 2
    assert "not a DNS label" in result.stderr
    assert "evil" not in cli("stores", "list").stdout


def test_plain_http_to_another_host_is_refused() -> None:
    result = cli("stores", "add", "x", "--store-id", "x", "--base-url", "http://10.1.2.3:80")
    assert result.returncode == 2
    assert "unencrypted" in result.stderr


def test_send_to_the_local_mock_is_accepted_and_recorded(home: Path) -> None:
    result = cli(
        "send",
        "--store",
        "local-mock",
        "--type",
        "click",
        signals_file(home, [new_signal("click")]),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Accepted: 202")
    listed = cli("history", "list").stdout
    assert "local-mock" in listed
    assert "accepted" in listed


def test_invalid_signals_are_refused_before_sending(home: Path) -> None:
    bad = new_signal("click")
    bad["ipAddress"] = "111.222.333"
    result = cli("send", "--store", "local-mock", "--type", "click", signals_file(home, [bad]))
    assert result.returncode == 2
    assert "ipAddress: not a valid IPv4 or IPv6 address" in result.stderr
    assert cli("history", "list").stdout == ""


def test_allow_invalid_sends_and_shows_the_mocks_problems(home: Path) -> None:
    bad = new_signal("click")
    bad["ipAddress"] = "111.222.333"
    path = signals_file(home, [bad])
    result = cli("send", "--store", "local-mock", "--type", "click", "--allow-invalid", path)
    assert result.returncode == 1
    assert "Invalid request" in result.stdout
    assert "[0] ipAddress: not a valid IPv4 or IPv6 address: '111.222.333'" in result.stdout


def test_raw_sends_the_files_bytes_exactly(home: Path) -> None:
    raw = b'[ {"visitorId" : "x"},\n  {"oops": ]'
    path = home.parent / "raw.json"
    path.write_bytes(raw)
    with ScriptedServer(Reply(400)) as server:
        cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        result = cli(
            "send",
            "--store",
            "t",
            "--type",
            "click",
            "--raw",
            "--allow-invalid",
            str(path),
            env={"SIGNAL_COMPOSER_TOKEN": TOKEN},
        )
    assert result.returncode == 1, result.stderr
    assert server.seen[0].body == raw


def test_production_needs_yes(home: Path) -> None:
    path = signals_file(home, [new_signal("query")])
    with ScriptedServer(Reply(202)) as server:
        cli("stores", "add", "live", "--store-id", "live", "--base-url", server.url, "--production")
        env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
        refused = cli("send", "--store", "live", "--type", "query", path, env=env)
        assert refused.returncode == 2
        assert "--yes" in refused.stderr
        assert server.seen == []
        sent = cli("send", "--store", "live", "--type", "query", "--yes", path, env=env)
    assert sent.returncode == 0, sent.stderr
    assert len(server.seen) == 1


def test_a_missing_token_says_how_to_set_one(home: Path) -> None:
    cli("stores", "add", "shop", "--store-id", "abc")
    path = signals_file(home, [new_signal("query")])
    args = ("send", "--store", "shop", "--type", "query", path)
    # A keyring that works and holds no token for the store: the missing-token path itself.
    empty = cli(*args, env={"PYTHON_KEYRING_BACKEND": "tests.conftest.MemoryKeyring"})
    assert empty.returncode == 2
    assert "no embed token for store 'shop'" in empty.stderr
    assert "signal-composer token set shop" in empty.stderr
    # No usable keyring at all: a different message, naming the keyring.
    none = cli(*args, env={"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"})
    assert none.returncode == 2
    assert "no embed token" not in none.stderr
    assert "keyring" in none.stderr


def test_network_failure_exits_3(home: Path) -> None:
    cli(
        "stores",
        "add",
        "dead",
        "--store-id",
        "d",
        "--base-url",
        f"http://127.0.0.1:{closed_port()}",
    )
    result = cli(
        "send",
        "--store",
        "dead",
        "--type",
        "query",
        signals_file(home, [new_signal("query")]),
        env={"SIGNAL_COMPOSER_TOKEN": TOKEN},
    )
    assert result.returncode == 3
    assert "Connection refused" in result.stdout
    assert "next step:" in result.stdout


def test_history_show_resend_and_exports(home: Path) -> None:
    path = signals_file(home, [new_signal("cartadd")])
    with ScriptedServer(Reply(202)) as server:
        cli("stores", "add", "qa", "--store-id", "qa", "--base-url", server.url, "--auth", "bearer")
        env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
        assert cli("send", "--store", "qa", "--type", "cartadd", path, env=env).returncode == 0
        resent = cli("history", "resend", "1", env=env)
        assert resent.returncode == 0, resent.stderr
        assert server.seen[0].body == server.seen[1].body
    shown = cli("history", "show", "1").stdout
    assert "Authorization: Bearer <redacted sha256:" in shown
    assert '"cartId"' in shown
    exported = json.loads(cli("history", "export", "--format", "json").stdout)
    assert [e["id"] for e in exported] == [1, 2]  # oldest first, as sent
    har = json.loads(cli("history", "export", "--format", "har", "1").stdout)
    assert har["log"]["entries"][0]["response"]["status"] == 202
    curl = cli("history", "export", "--format", "curl", "1").stdout
    assert '-H "Authorization: Bearer ${SIGNAL_COMPOSER_TOKEN:?set SIGNAL_COMPOSER_TOKEN' in curl
    assert "--data-binary" in curl
    filtered = cli("history", "list", "--store", "qa", "--status", "202", "--contains", "cartId")
    assert len(filtered.stdout.strip().splitlines()) == 2


def no_file_holds(folder: Path, secret: str) -> None:
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files, "nothing was written: the check would prove nothing"
    for file in files:
        assert secret.encode() not in file.read_bytes(), f"token found in {file}"


def full_cycle(
    home: Path, env: dict[str, str], name: str = "cyc", keyring_token: bool = False
) -> None:
    path = signals_file(home, [new_signal("purchase")])
    echo = f'{{"echo":"{TOKEN}"}}'.encode()
    with ScriptedServer(Reply(202), Reply(400, {"X-Echo": TOKEN}, echo)) as server:
        cli("stores", "add", name, "--store-id", "cyc", "--base-url", server.url)
        if keyring_token:
            assert cli("token", "set", name, stdin=TOKEN).returncode == 0
        assert cli("send", "--store", name, "--type", "purchase", path, env=env).returncode == 0
        assert cli("history", "resend", "1", env=env).returncode == 1
        assert server.seen[0].headers["Authorization"] == TOKEN
    out = home.parent / "export"
    for fmt in ("json", "har", "curl"):
        result = cli("history", "export", "--format", fmt, "-o", str(out / f"e.{fmt}"))
        assert result.returncode == 0, result.stderr
        assert TOKEN not in result.stdout + result.stderr
    no_file_holds(home, TOKEN)
    no_file_holds(out, TOKEN)


def test_no_file_holds_the_token_after_a_full_cycle_env(home: Path) -> None:
    (home.parent / "export").mkdir()
    full_cycle(home, {"SIGNAL_COMPOSER_TOKEN": TOKEN})


@pytest.mark.real_keyring
def test_no_file_holds_the_token_after_a_full_cycle_keyring(
    home: Path, real_keyring: KeyringBackend
) -> None:
    (home.parent / "export").mkdir()
    name = f"cyc-{uuid.uuid4().hex[:12]}"  # never a name a developer's own keyring holds
    try:
        full_cycle(home, {}, name, keyring_token=True)
    finally:
        key = StoreRegistry().get(name).key
        cli("token", "delete", name)
    assert real_keyring.get_password(SERVICE, key) is None  # nothing left behind
    assert real_keyring.get_password(SERVICE, name) is None


def test_timeouts_and_retries_are_settable_per_command(home: Path) -> None:
    path = signals_file(home, [new_signal("query")])
    env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
    with ScriptedServer(Reply(action="hang")) as server:
        cli("stores", "add", "slow", "--store-id", "slow", "--base-url", server.url)
        args = ("send", "--store", "slow", "--type", "query", path)
        result = cli(*args, "--read-timeout", "0.3", "--retries", "0", env=env)
        assert result.returncode == 3
        assert result.stdout.startswith("Timed out")
        refused = cli(*args, "--retries", "11", env=env)
        assert refused.returncode == 2
        assert "--retries" in refused.stderr
        assert len(server.seen) == 1


def test_history_show_prints_the_raw_body_exactly_as_sent(home: Path) -> None:
    raw = (
        '[{"type":"click","visitorId":"v-1","visitorId":"v-2",'
        '"x":"FR-\\u0041","p":2592.10,"q":1e0}]'
    )
    path = home.parent / "raw.json"
    path.write_text(raw, encoding="utf-8")
    sent = cli(
        "send", "--raw", "--allow-invalid", "--store", "local-mock", "--type", "click", str(path)
    )
    assert sent.returncode in (0, 1), sent.stderr
    shown = cli("history", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert raw in shown.stdout.splitlines()
