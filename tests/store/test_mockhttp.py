"""The local mock gets HTTP right: bodies read on every method, strict framing, capped answers,
bounded connections, 405 with Allow, and the API's media-type contract (415, 406)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.store.mockhttp import MAX_ANSWER, MAX_CONNECTIONS
from signal_composer.store.mockstore import MockOptions, MockStore

HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}


@pytest.fixture
def mock() -> Iterator[MockStore]:
    with MockStore() as running:
        yield running


def exchange(mock: MockStore, data: bytes, wait: float = 1.0) -> bytes:
    """Sends raw bytes on one connection; everything the mock answers until it goes quiet."""
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            pass
    return received


def hidden_post() -> bytes:
    body = json.dumps([new_signal("click")]).encode()
    return (
        b"POST /retail/signals/click HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )


@pytest.mark.parametrize(
    "head",
    [
        "GET /_mock/signals",
        "DELETE /_mock/signals",
        "GET /nothing-here",
        "PUT /retail/signals/click",
    ],
)
def test_a_body_on_any_request_is_read_never_run_as_the_next_request(
    mock: MockStore, head: str
) -> None:
    smuggled = hidden_post()
    request = f"{head} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(smuggled)}\r\n\r\n".encode()
    answers = exchange(mock, request + smuggled)
    assert answers.count(b"HTTP/1.1 ") == 1  # one request, one answer
    assert mock.accepted == []


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "+5", "٣"])
def test_a_bad_content_length_is_a_400_that_closes(mock: MockStore, length: str) -> None:
    request = f"POST /retail/signals/click HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n"
    answer = exchange(mock, request.encode() + b"\r\n" + b"[]" * 1000)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"Connection: close" in head
    assert "not a number of bytes" in json.loads(body)["error"]


def test_a_chunked_body_is_read(mock: MockStore) -> None:
    data = json.dumps([new_signal("click"), new_signal("click")]).encode()
    parts = iter([data[:10], data[10:]])
    with httpx.Client(timeout=5) as client:
        response = client.post(f"{mock.url}/retail/signals/click", content=parts, headers=HEADERS)
    assert response.status_code == 202
    assert len(mock.accepted) == 2


def test_a_400_to_a_large_bad_batch_is_capped(mock: MockStore) -> None:
    body = json.dumps([{"x": "y" * 80} for _ in range(4500)]).encode()
    assert len(body) > 400_000
    with httpx.Client(timeout=30) as client:
        response = client.post(f"{mock.url}/retail/signals/click", content=body, headers=HEADERS)
    assert response.status_code == 400
    assert len(response.content) <= MAX_ANSWER
    answer = response.json()
    assert answer["problemCount"] > len(answer["problems"]) == 100


def test_connections_are_bounded_and_idle_ones_time_out() -> None:
    before = threading.active_count()
    with MockStore(options=MockOptions(idle_timeout=1.0)) as mock:
        host, port = mock.url.removeprefix("http://").split(":")
        idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(80)]
        try:
            time.sleep(0.5)
            assert threading.active_count() - before <= MAX_CONNECTIONS + 1
            busy = idle[-1].recv(4096)  # one past the bound is told at once, and closed
            assert busy.startswith(b"HTTP/1.1 503 ")
            assert idle[0].recv(4096) == b""  # closed by the mock after a second of silence
            with httpx.Client(timeout=5) as client:  # and it still serves
                health = client.get(f"{mock.url}/_mock/health", headers=HEADERS)
                assert health.status_code == 200
        finally:
            for sock in idle:
                sock.close()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/retail/signals/click", "POST"),
        ("GET", "/retail/signals/query", "POST"),
        ("PATCH", "/_mock/signals", "GET, DELETE"),
        ("POST", "/_mock/health", "GET"),
    ],
)
def test_an_unsupported_method_is_405_with_allow(
    mock: MockStore, method: str, path: str, allow: str
) -> None:
    with httpx.Client(timeout=5) as client:
        response = client.request(method, f"{mock.url}{path}", headers=HEADERS, content=b"[]")
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.headers["Content-Type"] == "application/json"
    assert method in response.json()["error"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({"Content-Type": None}, 415),
        ({"Accept": "text/html"}, 406),
        ({"Accept": None}, 406),
        ({"Accept": "application/json;q=0"}, 406),
        ({"Accept": "*/*"}, 202),
        ({"Accept": "text/html, application/*;q=0.5"}, 202),
        ({"Content-Type": "application/json; charset=utf-8"}, 202),
    ],
)
def test_the_apis_media_type_contract(
    mock: MockStore, headers: dict[str, str | None], status: int
) -> None:
    sent = {**HEADERS, **headers}
    body = json.dumps([new_signal("click")]).encode()
    with httpx.Client(timeout=5) as client:
        request = client.build_request("POST", f"{mock.url}/retail/signals/click", content=body)
        for name, value in sent.items():
            if value is None:
                request.headers.pop(name, None)
            else:
                request.headers[name] = value
        response = client.send(request)
    assert response.status_code == status
    if status != 202:
        assert "published API contract" in response.json()["note"]
        assert mock.accepted == []
