"""The send controller on its own: what its signals say, in order, for a send, a retry, a
cancel and a send that cannot start (a plain widget stands in for the window)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt.send_controller import SendController
from signal_composer.qt.workers import Runner
from signal_composer.signals.drafts import new_signal
from signal_composer.store.sender import SignalRequest
from signal_composer.store.sending import Recorded, encode_body
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.servers import Reply, ScriptedServer

TOKEN = "c0ntrollerTOKENabcdefghijklmn12"


@pytest.fixture
def control(qtbot: QtBot, workspace: Workspace) -> Iterator[SendController]:
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host)
    controller = SendController(runner, host)
    controller.attach(workspace)
    yield controller
    controller.stop()
    assert runner.wait(10000), "a worker thread was still running"


def spy(control: SendController) -> list[tuple[str, tuple[Any, ...]]]:
    """Every signal the controller emits, by name, with its arguments, in order."""
    seen: list[tuple[str, tuple[Any, ...]]] = []
    for name in (
        "busy_changed",
        "started",
        "request_built",
        "finished",
        "not_sent",
        "cancelled",
        "recorded",
        "message",
    ):
        getattr(control, name).connect(lambda *args, name=name: seen.append((name, args)))
    return seen


def body() -> tuple[bytes, int]:
    return encode_body([new_signal("click")])


def test_a_send_reports_start_request_result_and_entry_in_order(
    qtbot: QtBot, control: SendController, workspace: Workspace
) -> None:
    seen = spy(control)
    with qtbot.waitSignal(control.recorded, timeout=10000):
        control.send("local-mock", "click", *body(), [])
    assert [name for name, _ in seen] == [
        "busy_changed",
        "started",
        "request_built",
        "busy_changed",
        "finished",
        "message",
        "recorded",
    ]
    args = dict(seen[:3])
    assert args["busy_changed"] == (True,)
    assert args["started"] == ("local-mock",)
    (request,) = args["request_built"]
    assert isinstance(request, SignalRequest)
    assert seen[3] == ("busy_changed", (False,))
    (recorded,) = seen[4][1]
    assert isinstance(recorded, Recorded)
    assert recorded.result.outcome.accepted
    assert seen[6] == ("recorded", (recorded.entry_id,))
    assert not control.busy
    assert workspace.history.count() == 1


def test_a_retry_is_said_in_the_status_bar(
    qtbot: QtBot, control: SendController, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(503, headers={"Retry-After": "0"}), Reply(202)) as server:
        workspace.registry.put(make_store(name="flaky", store_id="flaky", base_url=server.url))
        workspace.vault.set("flaky", TOKEN)
        seen = spy(control)
        with qtbot.waitSignal(control.finished, timeout=10000) as finished:
            control.send("flaky", "click", *body(), [])
    assert finished.args is not None
    assert finished.args[0].result.outcome.accepted
    assert ("message", ("Attempt 2: Accepted", 4000)) in seen  # the title, not the code


def test_a_cancel_ends_the_send_at_once_and_the_late_answer_is_still_recorded(
    qtbot: QtBot, control: SendController, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(action="hang")) as server:
        workspace.registry.put(make_store(name="slow", store_id="slow", base_url=server.url))
        workspace.vault.set("slow", TOKEN)
        control.send("slow", "click", *body(), [])
        was_busy = control.busy
        qtbot.waitUntil(lambda: len(server.seen) == 1, timeout=5000)
        seen = spy(control)
        control.cancel()
        assert seen == [("busy_changed", (False,)), ("cancelled", ())]
        assert was_busy
        assert not control.busy
        with (
            qtbot.assertNotEmitted(control.finished, wait=0),
            qtbot.waitSignal(control.recorded, timeout=30000),
        ):
            server.release.set()
    assert workspace.history.count() == 1


def test_a_send_that_cannot_start_says_why(
    qtbot: QtBot, control: SendController, workspace: Workspace
) -> None:
    workspace.registry.put(make_store(name="bare", store_id="bare", base_url="https://x.invalid"))
    with qtbot.waitSignal(control.not_sent, timeout=10000) as not_sent:
        control.send("bare", "click", *body(), [])
    assert not_sent.args is not None
    assert not_sent.args[0] == "Not sent"
    assert "no embed token" in not_sent.args[1]
    assert not control.busy
    assert workspace.history.count() == 0


def test_before_the_workspace_a_send_only_says_to_wait(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    control = SendController(Runner(host), host)
    seen = spy(control)
    control.send("local-mock", "click", *body(), [])
    assert seen == [("message", ("Still starting: try again in a moment", 3000))]
