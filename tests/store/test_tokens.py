"""Tokens live in the keyring only; every failure of the keyring says what to do."""

from __future__ import annotations

import contextlib
import json
import uuid
from urllib.parse import quote

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import SERVICE, TokenError, TokenVault, fingerprint, scrub

from tests.conftest import MemoryKeyring
from tests.processes import run_cli

TOKEN = "qasdlkjdoiu1123455WECMMLLJ22eeg"


def test_set_get_status_delete(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault()
    assert vault.status("shop").is_set is False
    assert vault.set("shop", f"  {TOKEN}\n") == fingerprint(TOKEN)
    assert memory_keyring.items[(SERVICE, "shop")] == TOKEN
    token = vault.get("shop")
    assert token is not None
    assert token.get_secret_value() == TOKEN
    assert TOKEN not in repr(token)
    status = vault.status("shop")
    assert (status.is_set, status.fingerprint, status.source) == (
        True,
        fingerprint(TOKEN),
        "keyring",
    )
    assert vault.delete("shop") is True
    assert vault.delete("shop") is False
    assert vault.get("shop") is None


@pytest.mark.parametrize("bad", ["", "   ", "abc\ndef"])
def test_empty_or_broken_tokens_are_refused(memory_keyring: MemoryKeyring, bad: str) -> None:
    with pytest.raises(ValueError, match=r"empty|control"):
        TokenVault().set("shop", bad)
    assert memory_keyring.items == {}


def test_the_environment_variable_wins(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory_keyring.items[(SERVICE, "shop")] = "from-keyring"
    monkeypatch.setenv("SIGNAL_COMPOSER_TOKEN", TOKEN)
    vault = TokenVault()
    token = vault.get("shop")
    assert token is not None
    assert token.get_secret_value() == TOKEN
    assert vault.status("shop").source == "SIGNAL_COMPOSER_TOKEN"
    assert "SIGNAL_COMPOSER_TOKEN" in vault.backend_name()


def test_no_keyring_names_the_cause_and_the_fix() -> None:
    with pytest.raises(TokenError, match="no usable OS keyring") as caught:
        TokenVault(fail.Keyring()).get("shop")  # type: ignore[no-untyped-call]
    assert "gnome-keyring" in str(caught.value)
    assert "SIGNAL_COMPOSER_TOKEN" in str(caught.value)


def test_a_plain_file_keyring_is_refused() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    with pytest.raises(TokenError, match="plain file"):
        TokenVault(PlaintextKeyring()).set("shop", TOKEN)


def test_a_locked_keyring_says_unlock() -> None:
    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked(f"locked while saving {password}")

    with pytest.raises(TokenError, match="locked") as caught:
        TokenVault(Locked()).set("shop", TOKEN)
    assert TOKEN not in str(caught.value)


@pytest.mark.real_keyring
def test_real_keyring_round_trip(real_keyring: KeyringBackend) -> None:
    store = f"test-{uuid.uuid4()}"
    vault = TokenVault(real_keyring)
    assert vault.set(store, TOKEN) == fingerprint(TOKEN)
    assert keyring.get_keyring().get_password(SERVICE, store) == TOKEN
    token = TokenVault(real_keyring).get(store)
    assert token is not None
    assert token.get_secret_value() == TOKEN
    assert vault.delete(store) is True
    assert vault.get(store) is None


@pytest.mark.real_keyring
def test_real_keyring_through_the_command_line(real_keyring: KeyringBackend) -> None:
    cli = run_cli
    name = f"shop-{uuid.uuid4().hex[:12]}"  # never a name a developer's own keyring holds
    assert cli("stores", "add", name, "--store-id", "abc-123").returncode == 0
    key = StoreRegistry().get(name).key
    try:
        saved = cli("token", "set", name, stdin=TOKEN + "\n")
        assert saved.returncode == 0, saved.stderr
        assert TOKEN not in saved.stdout + saved.stderr
        status = cli("token", "status", name)
        assert "SecretService" in status.stdout or "Secret" in status.stdout
        assert fingerprint(TOKEN) in status.stdout
        assert TOKEN not in status.stdout
        assert real_keyring.get_password(SERVICE, key) == TOKEN  # under the store's stable key
        assert cli("token", "delete", name).returncode == 0
        assert real_keyring.get_password(SERVICE, key) is None
    finally:
        for entry in (key, name):
            with contextlib.suppress(Exception):
                real_keyring.delete_password(SERVICE, entry)


def pieces(token: str, size: int = 8) -> list[str]:
    """Every run of ``size`` characters of the token: none may show anywhere."""
    return [token[i : i + size] for i in range(len(token) - size + 1)]


@pytest.mark.parametrize("bad", ["é", "😀", "\u200b", "\u202e", " ", "\t"])
def test_a_token_with_a_non_printable_ascii_character_is_refused_by_position(
    memory_keyring: MemoryKeyring, bad: str
) -> None:
    mangled = TOKEN[:5] + bad + TOKEN[5:]
    with pytest.raises(ValueError, match="at character 6 of 32") as caught:
        TokenVault().set("shop", mangled)
    message = str(caught.value)
    assert "printable ASCII" in message
    assert not any(piece in message for piece in pieces(TOKEN))
    assert memory_keyring.items == {}


@pytest.mark.parametrize("short", ["x", "a1", "fifteen-chars!!"])
def test_a_short_token_is_refused(memory_keyring: MemoryKeyring, short: str) -> None:
    with pytest.raises(ValueError, match="at least 16"):
        TokenVault().set("shop", short)
    assert memory_keyring.items == {}


def test_a_bad_token_in_the_environment_is_refused_by_position(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNAL_COMPOSER_TOKEN", TOKEN[:3] + "\n" + TOKEN[3:])
    with pytest.raises(TokenError, match="SIGNAL_COMPOSER_TOKEN has U\\+000A") as caught:
        TokenVault().get("shop")
    assert "at character 4" in str(caught.value)
    assert not any(piece in str(caught.value) for piece in pieces(TOKEN))


def test_a_bad_token_saved_earlier_is_refused_with_the_fix(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.items[(SERVICE, "shop")] = "x"  # saved by an older version
    with pytest.raises(TokenError, match="token set shop"):
        TokenVault().get("shop")


ODD = TOKEN + "/+'\"\\"  # with characters that escaping and percent-encoding change


@pytest.mark.parametrize(
    ("token", "form"),
    [
        (TOKEN, TOKEN),
        (ODD, repr(ODD)),
        (ODD, repr(ODD.encode())),
        (ODD, json.dumps(ODD)),
        (ODD, quote(ODD, safe="")),
        (ODD, quote(ODD, safe="").replace("%2F", "%2f").replace("%2B", "%2b")),
        (TOKEN, TOKEN[:10] + "\n" + TOKEN[10:]),
        (TOKEN, TOKEN[:10] + "   " + TOKEN[10:20] + "\\n" + TOKEN[20:]),
    ],
    ids=["plain", "repr", "bytes-repr", "json", "percent", "percent-lower", "split", "split-esc"],
)
def test_every_form_of_the_token_is_redacted(token: str, form: str) -> None:
    text = f"Illegal header value {form} (at the end)"
    scrubbed = scrub(text, token)
    assert not any(piece in scrubbed for piece in pieces(TOKEN)), scrubbed
    assert f"<redacted {fingerprint(token)}>" in scrubbed
    assert scrubbed.startswith("Illegal header value ")
    assert scrubbed.endswith(" (at the end)")


def test_redaction_leaves_unrelated_text_alone() -> None:
    text = "a 400 answer: missing field 'visitorId' in signal 0"
    assert scrub(text, TOKEN) == text
    assert scrub(text, "a") == text.replace("a 400", "<redacted sha256:ca978112> 400")
    assert scrub("visitorId, data, max", "a") == "visitorId, data, max"
