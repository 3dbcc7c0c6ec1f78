"""The local mock store: the same API, the same rules, more helpful 400s, injectable faults."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.store.mockstore import MockOptions, MockStore, route

from tests.servers import closed_port

HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


def post(
    client: httpx.Client, mock: MockStore, body: object, kind: str = "click", **headers: str
) -> httpx.Response:
    return client.post(
        f"{mock.url}/retail/signals/{kind}", json=body, headers={**HEADERS, **headers}
    )


def test_valid_batch_is_accepted_and_listed(client: httpx.Client) -> None:
    with MockStore() as mock:
        signals = [new_signal("click"), new_signal("click")]
        response = post(client, mock, signals)
        assert response.status_code == 202
        listed = client.get(f"{mock.url}/_mock/signals").json()
        assert listed["count"] == 2
        assert listed["signals"][0]["signal"] == signals[0]
        assert client.delete(f"{mock.url}/_mock/signals").json() == {"cleared": 2}
        assert client.get(f"{mock.url}/_mock/signals").json()["count"] == 0


def test_invalid_batch_gets_400_listing_every_problem(client: httpx.Client) -> None:
    bad = new_signal("purchase")
    bad["productDetails"][0]["product"]["currencyCode"] = "usd"
    del bad["revenue"]
    with MockStore() as mock:
        response = post(client, mock, [new_signal("purchase"), bad], kind="purchase")
    assert response.status_code == 400
    body = response.json()
    assert "names no field" in body["note"]
    assert {(p["index"], p["path"], p["code"]) for p in body["problems"]} == {
        (1, "productDetails[0].product.currencyCode", "invalid_currency"),
        (1, "revenue", "required"),
    }
    assert mock.accepted == []


def test_a_single_object_body_is_refused(client: httpx.Client) -> None:
    with MockStore() as mock:
        response = post(client, mock, new_signal("click"))
    assert response.status_code == 400
    assert response.json()["problems"][0]["code"] == "not_an_array"


def test_broken_json_is_a_400_with_the_position(client: httpx.Client) -> None:
    with MockStore() as mock:
        response = client.post(f"{mock.url}/retail/signals/click", content=b"[{", headers=HEADERS)
    assert response.status_code == 400
    assert "line 1, column 3" in response.json()["reason"]


def test_unknown_paths_are_404(client: httpx.Client) -> None:
    with MockStore() as mock:
        assert post(client, mock, [], kind="refund").status_code == 404


@pytest.mark.parametrize(
    ("given", "status"),
    [(None, 401), ("wrong", 403), ("sekret", 202), ("Bearer sekret", 202)],
)
def test_token_check(client: httpx.Client, given: str | None, status: int) -> None:
    headers = {} if given is None else {"Authorization": given}
    with MockStore(options=MockOptions(token="sekret")) as mock:
        assert post(client, mock, [new_signal("click")], **headers).status_code == status


def test_injected_status_latency_and_failures(client: httpx.Client) -> None:
    with MockStore(options=MockOptions(status=500)) as mock:
        assert post(client, mock, [new_signal("click")]).status_code == 500
    with MockStore(options=MockOptions(fail_rate=1.0)) as mock:
        response = post(client, mock, [new_signal("click")])
        assert (response.status_code, response.headers["Retry-After"]) == (503, "1")
    with MockStore(options=MockOptions(latency=0.3)) as mock:
        started = time.perf_counter()
        assert post(client, mock, [new_signal("click")]).status_code == 202
        assert time.perf_counter() - started >= 0.3


def test_the_command_serves_until_stopped(client: httpx.Client) -> None:
    port = closed_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "signal_composer",
            "mock-store",
            "--port",
            str(port),
            "--token",
            "t0k",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert f"listening on http://127.0.0.1:{port}" in proc.stdout.readline()
        url = f"http://127.0.0.1:{port}/retail/signals/query"
        body = json.dumps([new_signal("query")])
        assert client.post(url, content=body, headers=HEADERS).status_code == 401
        ok = client.post(url, content=body, headers={**HEADERS, "Authorization": "t0k"})
        assert ok.status_code == 202
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_a_taken_port_is_a_clear_error() -> None:
    with MockStore() as mock:
        port = mock.url.rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "signal_composer", "mock-store", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert "cannot listen" in result.stderr


def test_a_mock_knowing_its_store_ids_answers_others_no_such_store(client: httpx.Client) -> None:
    with MockStore(options=MockOptions(store_ids=frozenset({"acme-store"}))) as mock:
        url = f"{mock.url}/acme-store/retail/signals/click"
        assert client.post(url, json=[new_signal("click")], headers=HEADERS).status_code == 202
        typo = client.post(
            f"{mock.url}/acme-stroe/retail/signals/click", json=[new_signal("click")]
        )
        assert typo.status_code == 404
        assert "no store with ID 'acme-stroe'" in typo.json()["reason"]
        assert "acme-store" in typo.json()["reason"]
        # A base URL without {storeId} keeps working as before.
        assert post(client, mock, [new_signal("click")]).status_code == 202
    assert len(mock.accepted) == 2


def test_route_keeps_other_paths() -> None:
    ids = frozenset({"a"})
    assert route("/retail/signals/click", ids) == ("/retail/signals/click", None)
    assert route("/a/retail/signals/click", ids) == ("/retail/signals/click", None)
    assert route("/_mock/signals", ids) == ("/_mock/signals", None)
    assert route("/b/retail/signals/click", frozenset()) == ("/retail/signals/click", None)
    assert route("/b/retail/signals/click", ids)[1] is not None


def test_mock_store_command_takes_store_ids() -> None:
    port = closed_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", "mock-store", "--port", str(port),
         "--store-id", "Acme-1", "--store-id", "acme-2"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert "listening" in lines[0]
        assert "/{storeId}/retail/signals/{type} for store IDs: acme-1, acme-2" in lines[2]
        with httpx.Client(timeout=5) as c:
            base = f"http://127.0.0.1:{port}"
            ok = c.post(f"{base}/acme-2/retail/signals/query", json=[new_signal("query")])
            assert ok.status_code == 202
            assert c.post(f"{base}/acme-3/retail/signals/query", json=[]).status_code == 404
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_mock_store_command_refuses_a_bad_store_id() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "signal_composer", "mock-store", "--store-id", "bad/id"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "not a DNS label" in done.stderr
    assert "Traceback" not in done.stderr
