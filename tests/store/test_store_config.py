"""The stores config shared by processes: no store lost, stable keys, renames keep everything."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.stores import StoreRegistry, make_store
from signal_composer.store.tokens import TokenVault
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer

ADDER = """
import sys, time
from pathlib import Path
go = Path(sys.argv[1])
from signal_composer.cli.main import main
while not go.exists():
    time.sleep(0.001)
sys.exit(main(["stores", "add", sys.argv[2], "--store-id", sys.argv[2]]))
"""


def test_stores_added_by_processes_at_once_are_all_kept(home: Path, tmp_path: Path) -> None:
    for round_ in range(3):
        go = tmp_path / f"go{round_}"
        names = [f"r{round_}p{i}" for i in range(4)]
        procs = [
            subprocess.Popen([sys.executable, "-c", ADDER, str(go), name], stderr=subprocess.PIPE)
            for name in names
        ]
        time.sleep(1.0)
        go.touch()
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
    stored = json.loads((home / "config" / "config.json").read_text())
    names_kept = {s["name"] for s in stored["stores"]}
    assert {f"r{r}p{i}" for r in range(3) for i in range(4)} <= names_kept
    keys = [s["key"] for s in stored["stores"]]
    assert len(set(keys)) == len(keys)


def test_a_change_keeps_a_store_another_process_added(home: Path) -> None:
    window = StoreRegistry()  # loaded once, as the window does
    assert run_cli("stores", "add", "from-cli", "--store-id", "cli").returncode == 0
    window.put(make_store(name="from-window", store_id="win"))
    window.set_default("from-window")
    names = {s["name"] for s in json.loads((home / "config" / "config.json").read_text())["stores"]}
    assert {"from-cli", "from-window", "local-mock"} <= names
    assert "from-cli" in window.names()  # the window's copy follows the file


def test_a_config_from_before_keys_gets_them_once(home: Path) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    old = {"stores": [{"name": "shop", "store_id": "abc"}], "default_store": "shop"}
    (config / "config.json").write_text(json.dumps(old))
    first = StoreRegistry().get("shop").key
    assert first.startswith("st-")
    assert StoreRegistry().get("shop").key == first


def test_renaming_a_store_keeps_its_token_and_history_and_resend_works(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    signals = home.parent / "q.json"
    signals.write_text(json.dumps([new_signal("query")]))
    token = "renameTOKEN0123456789abcdefgh"
    with ScriptedServer(Reply(202)) as server:
        run_cli("stores", "add", "shop", "--store-id", "abc", "--base-url", server.url)
        env = {"SIGNAL_COMPOSER_TOKEN": token}
        sent = run_cli("send", "--store", "shop", "--type", "query", str(signals), env=env)
        assert sent.returncode == 0, sent.stderr
        vault = TokenVault(use_env=False)
        registry = StoreRegistry()
        shop = registry.get("shop")
        vault.set(shop.account, token, shop.name)
        renamed = registry.put(shop.model_copy(update={"name": "shop-eu"}), replacing="shop")
        assert renamed.key == shop.key
        secret = vault.get(renamed.account, renamed.name)
        assert secret is not None
        assert secret.get_secret_value() == token
        # The command line finds the entry's store by its key although its name changed.
        resent = run_cli("history", "resend", "1", env=env)
        assert resent.returncode == 0, resent.stderr
        assert len(server.seen) == 2
        assert server.seen[0].body == server.seen[1].body
    # In the window's workspace, a rename moves the store's entries to the new name.
    ws = Workspace(StoreRegistry(), TokenVault(use_env=False), History())
    ws.registry.renamed.append(ws.history.rename_store)
    try:
        ws.registry.put(
            ws.registry.get("shop-eu").model_copy(update={"name": "shop-de"}), "shop-eu"
        )
        assert set(ws.history.stores()) >= {"shop-de"}
        assert ws.history.get(1).summary.store == "shop-de"
    finally:
        ws.close()


def test_a_token_saved_under_the_old_name_is_found_and_moved(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = StoreRegistry()
    shop = registry.put(make_store(name="shop", store_id="abc"))
    vault = TokenVault(use_env=False)
    memory_keyring.set_password("signal-composer", "shop", "legacyTOKEN0123456789abcdef")
    found = vault.get(shop.account, shop.name)
    assert found is not None
    assert ("signal-composer", shop.key) in memory_keyring.items
    assert ("signal-composer", "shop") not in memory_keyring.items
