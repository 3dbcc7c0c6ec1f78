"""The sender against real loopback servers: the exact request, every outcome kind, retries."""

from __future__ import annotations

import json
import random
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import trustme
from pydantic import SecretStr
from signal_composer.store.outcomes import Kind, from_exception
from signal_composer.store.sender import (
    Attempt,
    Sender,
    SignalRequest,
    make_client,
    retry_after_seconds,
)
from signal_composer.store.stores import NetworkSettings
from signal_composer.store.tokens import fingerprint

from tests.servers import Reply, ScriptedServer, closed_port

TOKEN = "qasdlkjdoiu1123455WECMMLLJ22eeg"
BODY = b'[{"a":1}]'


def request(url: str, *, bearer: bool = False, token: str | None = TOKEN) -> SignalRequest:
    return SignalRequest(
        store="test",
        kind="click",
        url=f"{url}/retail/signals/click",
        body=BODY,
        signal_count=1,
        token=None if token is None else SecretStr(token),
        bearer=bearer,
    )


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(NetworkSettings(connect_timeout=2, read_timeout=0.5)) as c:
        yield c


def sender(client: httpx.Client, retries: int = 2) -> Sender:
    return Sender(client, retries=retries, backoff=0.01)


def test_the_request_is_exactly_the_apis(client: httpx.Client) -> None:
    with ScriptedServer(Reply(202)) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.ACCEPTED
    assert result.status == 202
    seen = server.seen[0]
    assert (seen.method, seen.path, seen.body) == ("POST", "/retail/signals/click", BODY)
    assert seen.headers["Accept"] == "application/json"
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.headers["Authorization"] == TOKEN


def test_bearer_form(client: httpx.Client) -> None:
    with ScriptedServer(Reply(202)) as server:
        sender(client).send(request(server.url, bearer=True))
    assert server.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_redacted_headers_hold_only_a_fingerprint() -> None:
    headers = dict(request("https://x", bearer=True).redacted_headers())
    assert headers["Authorization"] == f"Bearer <redacted {fingerprint(TOKEN)}>"
    assert TOKEN not in json.dumps(headers)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, Kind.INVALID_REQUEST),
        (401, Kind.BAD_TOKEN),
        (403, Kind.BAD_TOKEN),
        (404, Kind.UNKNOWN_STORE),
        (500, Kind.SERVER_ERROR),
        (413, Kind.UNEXPECTED),
        (200, Kind.UNEXPECTED),
        (418, Kind.UNEXPECTED),
    ],
)
def test_statuses_map_to_kinds_without_retry(client: httpx.Client, status: int, kind: Kind) -> None:
    with ScriptedServer(Reply(status, body=b'{"error":"x"}')) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is kind
    assert result.outcome.title
    assert result.outcome.next_step
    assert len(server.seen) == 1
    assert result.response_body == '{"error":"x"}'


def test_429_honours_retry_after_then_succeeds(client: httpx.Client) -> None:
    with ScriptedServer(Reply(429, {"Retry-After": "1"}), Reply(202)) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.ACCEPTED
    assert [a.status for a in result.attempts] == [429, 202]
    assert 1.0 <= result.attempts[1].waited_s <= 1.1  # never sooner than asked; some jitter
    assert result.duration_ms >= 1000


def test_503_is_retried_a_bounded_number_of_times_and_the_cap_is_shown(
    client: httpx.Client,
) -> None:
    with ScriptedServer(Reply(503)) as server:
        result = sender(client, retries=2).send(request(server.url))
    assert result.outcome.kind is Kind.SERVER_ERROR
    assert len(server.seen) == 3
    assert [a.number for a in result.attempts] == [1, 2, 3]
    assert "gave up after 3 attempts (2 retries, each wait at most 30 s)" in (result.outcome.detail)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_other_server_errors_are_sent_once_and_may_have_been_delivered(
    client: httpx.Client, status: int
) -> None:
    with ScriptedServer(Reply(status)) as server:
        result = sender(client, retries=2).send(request(server.url))
    assert result.outcome.kind is Kind.SERVER_ERROR
    assert len(server.seen) == 1
    assert result.outcome.maybe_delivered
    assert "may have been delivered; resend from the history" in result.outcome.next_step.lower()


def test_a_retry_after_longer_than_the_cap_stops_at_once(client: httpx.Client) -> None:
    with ScriptedServer(Reply(429, {"Retry-After": "3600"})) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.RATE_LIMITED
    assert "3600 s" in result.outcome.detail
    assert len(server.seen) == 1


def test_a_server_that_never_answers_times_out(client: httpx.Client) -> None:
    with ScriptedServer(Reply(action="hang")) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.TIMEOUT
    assert len(result.attempts) == 1  # the body may have landed: a timeout is not retried
    assert result.outcome.maybe_delivered


@pytest.mark.parametrize("action", ["reset", "close", "status_only", "bad_status", "many_headers"])
def test_a_post_that_may_have_landed_is_never_sent_twice(client: httpx.Client, action: str) -> None:
    with ScriptedServer(Reply(action=action)) as server:
        result = sender(client, retries=2).send(request(server.url))
    assert len(server.seen) == 1  # the store got one copy, not three
    assert len(result.attempts) == 1
    assert result.outcome.kind is Kind.CONNECTION_LOST
    assert result.outcome.maybe_delivered
    assert result.outcome.next_step.startswith(
        "May have been delivered; resend from the history if you are sure"
    )
    assert "may have been delivered" in result.outcome.detail


def test_a_refused_connection_is_retried_and_then_lands(client: httpx.Client) -> None:
    port = closed_port()
    servers: list[ScriptedServer] = []

    def start_the_store(attempt: Attempt) -> None:
        if attempt.number == 1:  # the store comes up between the first and the second try
            servers.append(ScriptedServer(Reply(202), port=port).__enter__())

    try:
        result = sender(client).send(
            request(f"http://127.0.0.1:{port}"), on_attempt=start_the_store
        )
    finally:
        for server in servers:
            server.__exit__()
    assert [a.kind for a in result.attempts] == [Kind.REFUSED, Kind.ACCEPTED]
    assert len(servers[0].seen) == 1


def test_backoff_has_jitter() -> None:
    port = closed_port()
    with make_client() as plain:
        result = Sender(plain, retries=3, backoff=0.04, rng=random.Random(7)).send(
            request(f"http://127.0.0.1:{port}")
        )
    waits = [a.waited_s for a in result.attempts]
    assert len(waits) == 4
    for number, waited in enumerate(waits[1:], start=1):
        base = 0.04 * 2 ** (number - 1)
        assert base / 2 <= waited <= base
    assert waits[1:] != [0.04, 0.08, 0.16]


@pytest.mark.parametrize("value", ["¹", "²", "٣", "1.5", "-1", "+3", "0x10", "1e3", "5 s", ""])
def test_retry_after_accepts_only_ascii_integers_and_http_dates(value: str) -> None:
    assert retry_after_seconds(value) is None


@pytest.mark.parametrize("value", ["¹", "²"])
def test_a_superscript_retry_after_does_not_crash_the_sender(
    client: httpx.Client, value: str
) -> None:
    with ScriptedServer(Reply(429, {"Retry-After": value}), Reply(202)) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.ACCEPTED
    assert len(server.seen) == 2


def test_a_trickling_store_hits_the_attempts_deadline(client: httpx.Client) -> None:
    # each byte comes well within the read timeout (0.5 s); only an overall deadline ends it
    with ScriptedServer(Reply(202, action="trickle", interval=0.2)) as server:
        slow = SignalRequest(
            store="test", kind="click", url=f"{server.url}/retail/signals/click", body=BODY,
            signal_count=1, token=SecretStr(TOKEN), deadline=1.5,
        )  # fmt: skip
        result = sender(client).send(slow)
    assert result.outcome.kind is Kind.TIMEOUT
    assert "1.5 s deadline" in result.outcome.detail
    assert result.outcome.maybe_delivered
    assert len(server.seen) == 1


def test_refused(client: httpx.Client) -> None:
    result = sender(client).send(request(f"http://127.0.0.1:{closed_port()}"))
    assert result.outcome.kind is Kind.REFUSED
    assert result.status is None


def test_a_host_that_does_not_resolve_says_so_and_not_unknown_store(
    client: httpx.Client,
) -> None:
    result = sender(client).send(request("https://no-such-store.applications.invalid"))
    assert result.outcome.kind is Kind.UNRESOLVED
    assert result.outcome.title == "Name did not resolve"
    assert "no-such-store.applications.invalid did not resolve" in result.outcome.detail
    assert "store ID" in result.outcome.next_step
    assert "no network" in result.outcome.next_step
    assert result.outcome.is_network_failure


def test_self_signed_tls_is_a_tls_failure(client: httpx.Client) -> None:
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with ScriptedServer(Reply(202), tls=context) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.TLS
    assert "certificate" in result.outcome.detail.lower()


def test_redirects_are_not_followed(client: httpx.Client) -> None:
    with ScriptedServer(Reply(307, {"Location": "https://elsewhere.example/steal"})) as server:
        result = sender(client).send(request(server.url))
    assert result.outcome.kind is Kind.UNEXPECTED
    assert len(server.seen) == 1


def test_a_token_echoed_by_the_server_is_scrubbed(client: httpx.Client) -> None:
    echo = f'{{"you sent": "{TOKEN}"}}'.encode()
    with ScriptedServer(Reply(400, {"X-Echo": TOKEN}, echo)) as server:
        result = sender(client).send(request(server.url))
    assert TOKEN not in result.response_body
    assert TOKEN not in json.dumps(result.response_headers)
    assert fingerprint(TOKEN) in result.response_body


def test_cancel_during_backoff_stops_retrying(client: httpx.Client) -> None:
    cancel = threading.Event()
    with ScriptedServer(Reply(503, {"Retry-After": "20"})) as server:
        slow = Sender(client, retries=2, max_wait=60)
        timer = threading.Timer(0.2, cancel.set)
        timer.start()
        result = slow.send(request(server.url), cancel=cancel)
        timer.cancel()
    assert result.outcome.kind is Kind.CANCELLED
    assert len(server.seen) == 1


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = (now + timedelta(seconds=7)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds(later, now) == 7.0
    assert retry_after_seconds("Thursday, 01-Jan-26 00:00:09 GMT", now) == 9.0
    assert retry_after_seconds("Thu Jan  1 00:00:11 2026", now) == 11.0
    assert retry_after_seconds("Thu, 31 Feb 2026 00:00:00 GMT", now) is None
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(" 5 ") == 5.0
    assert retry_after_seconds("soon") is None


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (httpx.ConnectError("x"), Kind.NETWORK),
        (httpx.ProxyError("x"), Kind.NETWORK),
        (httpx.ReadTimeout("x"), Kind.TIMEOUT),
        (httpx.RemoteProtocolError("Server disconnected"), Kind.CONNECTION_LOST),
        (httpx.ConnectError("[Errno -2] Name or service not known"), Kind.UNRESOLVED),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]"), Kind.TLS),
        (httpx.ConnectError("[Errno 111] Connection refused"), Kind.REFUSED),
    ],
)
def test_error_mapping_through_mock_transport(error: Exception, kind: Kind) -> None:
    def raise_it(_: httpx.Request) -> httpx.Response:
        raise error

    with httpx.Client(transport=httpx.MockTransport(raise_it)) as fake:
        result = Sender(fake, retries=0).send(request("https://x.example"))
    assert result.outcome.kind is kind


def test_gaierror_cause_is_a_name_that_did_not_resolve() -> None:
    error = httpx.ConnectError("lookup failed")
    error.__cause__ = socket.gaierror(-2, "whatever")
    assert from_exception(error).kind is Kind.UNRESOLVED


@pytest.mark.parametrize("bad", ["é", "\n", "\u200b"])
def test_a_token_that_cannot_go_on_the_wire_ends_cleanly_without_showing_it(
    client: httpx.Client, bad: str
) -> None:
    # tokens are checked where they enter; this is the last line of defence behind that check
    token = TOKEN[:12] + bad + TOKEN[12:]
    with ScriptedServer(Reply(202)) as server:
        result = sender(client).send(request(server.url, token=token))
    assert server.seen == []
    assert result.outcome.kind is Kind.NETWORK
    assert not result.outcome.maybe_delivered
    assert TOKEN[:12] not in result.outcome.detail
    assert TOKEN[12:] not in result.outcome.detail
