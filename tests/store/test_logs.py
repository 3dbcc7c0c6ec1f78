"""The diagnostic log: a rotating file in the data folder, with no token in it, ever."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from signal_composer.store import logs
from signal_composer.store.tokens import TokenVault, redact

from tests.conftest import MemoryKeyring

SAVED = "s4vedTOKENabcdefghijklmnopqrst"
READ = "r3adTOKENabcdefghijklmnopqrstu"
NEVER_SEEN = "n3verSEENtokenabcdefghijklmno"


@pytest.fixture
def log_file(home: Path) -> Iterator[Path]:
    path = logs.start()
    yield path
    logs.stop()


def written(path: Path) -> str:
    logs.stop()  # writes what is queued
    return "".join(p.read_text(encoding="utf-8") for p in sorted(path.parent.iterdir()))


def test_the_log_lives_in_the_data_folder(log_file: Path, home: Path) -> None:
    assert log_file == home / "data" / "logs" / "signal-composer.log"
    assert logs.start() == log_file  # once per process
    logging.getLogger("signal_composer.test").info("hello")
    assert "INFO signal_composer.test [MainThread] hello" in written(log_file)
    assert (log_file.parent.stat().st_mode & 0o777) == 0o700


def test_a_record_holding_a_token_is_written_redacted(
    log_file: Path, memory_keyring: MemoryKeyring
) -> None:
    vault = TokenVault(use_env=False)
    vault.set("shop", SAVED)
    memory_keyring.set_password("signal-composer", "other", READ)
    assert vault.get("other") is not None
    log = logging.getLogger("signal_composer.test")
    log.info("sending with %s to %s", SAVED, "shop")
    log.info({"token": READ})  # not even a string
    log.warning("the proxy said: Authorization: Bearer %s", NEVER_SEEN)
    try:
        raise RuntimeError(f"the server echoed {SAVED}")
    except RuntimeError:
        log.exception("send failed")
    text = written(log_file)
    for token in (SAVED, READ, NEVER_SEEN):
        assert token not in text
    assert f"sending with {redact(SAVED)} to shop" in text
    assert redact(READ) in text
    assert f"Authorization: Bearer {redact(NEVER_SEEN)}" in text
    assert f"RuntimeError: the server echoed {redact(SAVED)}" in text
    assert "Traceback (most recent call last)" in text


def test_an_uncaught_exception_is_logged_with_its_traceback(
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # not pytest-qt's, for once
    log_file = logs.start()
    TokenVault(use_env=False).set("shop", SAVED)
    try:
        raise KeyError(f"lost {SAVED}")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # what Python and Qt call when nothing caught it
    text = written(log_file)
    assert "CRITICAL signal_composer [MainThread] Uncaught exception" in text
    assert f"KeyError: 'lost {redact(SAVED)}'" in text
    assert "KeyError" in capsys.readouterr().err  # still shown as before
    assert sys.excepthook is sys.__excepthook__  # and the hook is put back


def test_the_file_rotates(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    path = logs.start()
    try:
        log = logging.getLogger("signal_composer.test")
        for i in range(400):
            log.info("line %d %s", i, "x" * 60)
    finally:
        logs.stop()
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == [
        "signal-composer.log",
        "signal-composer.log.1",
        "signal-composer.log.2",
        "signal-composer.log.3",
    ]
    assert all(p.stat().st_size <= 4000 for p in path.parent.iterdir())
    assert "line 399" in path.read_text(encoding="utf-8")
