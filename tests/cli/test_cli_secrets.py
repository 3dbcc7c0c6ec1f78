"""Secrets at the edges, as a user meets them: real processes, a real loopback store and proxy."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from signal_composer.signals.drafts import new_signal

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer

TOKEN = "Zq9TOKENvalueXY12345678abcdefgh"
cli = run_cli


def pieces(token: str, size: int = 8) -> list[str]:
    """Every run of ``size`` characters of the token: none may show anywhere."""
    return [token[i : i + size] for i in range(len(token) - size + 1)]


def leaked(text: str) -> bool:
    return any(piece in text for piece in pieces(TOKEN))


def signals_file(home: Path) -> str:
    path = home.parent / "signals.json"
    path.write_text(json.dumps([new_signal("click")]), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("bad", ["é", "😀", "\u200b", "\u202e"])
def test_token_set_refuses_a_mangled_token_naming_its_position(bad: str) -> None:
    assert cli("stores", "add", "shop", "--store-id", "abc").returncode == 0
    result = cli("token", "set", "shop", stdin=TOKEN[:5] + bad + TOKEN[5:] + "\n")
    assert result.returncode == 2
    assert f"U+{ord(bad):04X}" in result.stderr
    assert "at character 6 of 32" in result.stderr
    assert "nothing was saved" in result.stderr
    assert not leaked(result.stdout + result.stderr)


@pytest.mark.parametrize("bad", ["\n", "\u200b", "é"])
def test_a_mangled_token_in_the_environment_never_reaches_output_or_history(
    home: Path, bad: str
) -> None:
    env = {"SIGNAL_COMPOSER_TOKEN": TOKEN[:10] + bad + TOKEN[10:]}
    with ScriptedServer(Reply(202)) as server:
        cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        result = cli("send", "--store", "t", "--type", "click", signals_file(home), env=env)
    assert result.returncode == 2
    assert "SIGNAL_COMPOSER_TOKEN has" in result.stderr
    assert "at character 11 of 32" in result.stderr
    assert "Traceback" not in result.stderr
    assert not leaked(result.stdout + result.stderr)
    assert server.seen == []
    exported = cli("history", "export", "--format", "json")
    assert not leaked(exported.stdout)


def test_a_one_character_token_is_refused_before_it_can_rewrite_anything(home: Path) -> None:
    with ScriptedServer(Reply(400, body=b'{"error": "a bad batch"}')) as server:
        cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        sent = cli(
            "send", "--store", "t", "--type", "click", signals_file(home),
            env={"SIGNAL_COMPOSER_TOKEN": "a"},
        )  # fmt: skip
        assert server.seen == []
    assert sent.returncode == 2
    assert "SIGNAL_COMPOSER_TOKEN is 1 characters long" in sent.stderr
    assert "at least 16" in sent.stderr
    saved = cli("token", "set", "t", stdin="a\n")
    assert saved.returncode == 2
    assert "at least 16" in saved.stderr


def test_loose_folders_and_files_are_tightened(home: Path) -> None:
    config, data = home / "config", home / "data"
    assert cli("stores", "add", "shop", "--store-id", "abc").returncode == 0
    assert cli("history", "list").returncode == 0
    loose = [config, data, config / "config.json", data / "history.sqlite3"]
    for path in loose:
        path.chmod(0o777 if path.is_dir() else 0o666)
    assert cli("stores", "list").returncode == 0
    assert cli("history", "list").returncode == 0
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in loose}
    assert modes == {
        "config": 0o700,
        "data": 0o700,
        "config.json": 0o600,
        "history.sqlite3": 0o600,
    }


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy")


def test_a_loopback_store_is_never_sent_through_a_proxy(home: Path) -> None:
    with ScriptedServer(Reply(502)) as proxy, ScriptedServer(Reply(202)) as store:
        env = dict.fromkeys(PROXY_VARIABLES, proxy.url)
        cli("stores", "add", "t", "--store-id", "t", "--base-url", store.url)
        sent = cli(
            "send", "--store", "t", "--type", "click", signals_file(home),
            env={**env, "SIGNAL_COMPOSER_TOKEN": TOKEN},
        )  # fmt: skip
        mock = cli("send", "--store", "local-mock", "--type", "click", signals_file(home), env=env)
        assert proxy.seen == []  # the proxy never saw the token, nor anything else
        assert len(store.seen) == 1
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert mock.returncode == 0, mock.stdout + mock.stderr
    assert os.environ.get("HTTP_PROXY") is None  # the test's own environment is untouched
