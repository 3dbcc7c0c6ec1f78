"""Which requests may use a proxy (only https to a non-loopback host), through real loopback
servers standing in for the proxy."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr
from signal_composer.store.outcomes import Kind
from signal_composer.store.sender import Sender, SignalRequest, make_client
from signal_composer.store.transport import Wire, proxy_for

from tests.servers import Reply, ScriptedServer

TOKEN = "qasdlkjdoiu1123455WECMMLLJ22eeg"
PROXY = "http://proxy.corp:3128"
S1 = "https://s1.lucidworks.com/x"


@pytest.mark.parametrize(
    ("url", "environ", "expected"),
    [
        ("https://s1.applications.lucidworks.com/x", {"HTTPS_PROXY": PROXY}, PROXY),
        ("https://s1.applications.lucidworks.com/x", {"https_proxy": PROXY}, PROXY),
        ("https://s1.applications.lucidworks.com/x", {"ALL_PROXY": PROXY}, PROXY),
        ("https://s1.applications.lucidworks.com/x", {"HTTP_PROXY": PROXY}, None),
        ("http://127.0.0.1:8787/x", {"HTTP_PROXY": PROXY, "ALL_PROXY": PROXY}, None),
        ("https://127.0.0.2/x", {"HTTPS_PROXY": PROXY}, None),
        ("https://localhost/x", {"HTTPS_PROXY": PROXY}, None),
        ("https://[::1]:8443/x", {"HTTPS_PROXY": PROXY}, None),
        (S1, {"HTTPS_PROXY": PROXY, "NO_PROXY": "lucidworks.com"}, None),
        (S1, {"HTTPS_PROXY": PROXY, "no_proxy": ".lucidworks.com"}, None),
        (S1, {"HTTPS_PROXY": PROXY, "NO_PROXY": "*"}, None),
        (S1, {"HTTPS_PROXY": PROXY, "NO_PROXY": "works.com"}, PROXY),
        (S1, {"HTTPS_PROXY": PROXY, "NO_PROXY": "x.com, *.lucidworks.com"}, None),
        (S1, {"HTTPS_PROXY": PROXY, "NO_PROXY": "s1.lucidworks.com:8443"}, PROXY),
        ("https://10.1.2.3/x", {"HTTPS_PROXY": PROXY, "NO_PROXY": "10.0.0.0/8"}, None),
    ],
)  # fmt: skip
def test_which_requests_use_a_proxy(url: str, environ: dict[str, str], expected: str) -> None:
    route = proxy_for(httpx.URL(url), environ)
    assert (None if route is None else route[1]) == expected


def request(url: str) -> SignalRequest:
    return SignalRequest(
        store="s", kind="click", url=url, body=b"[]", signal_count=0, token=SecretStr(TOKEN)
    )


def test_https_goes_through_the_proxy_as_a_tunnel() -> None:
    with ScriptedServer(Reply(502)) as proxy:
        wire = Wire(httpx.Limits(), {"HTTPS_PROXY": proxy.url})
        with make_client(transport=wire) as client:
            result = Sender(client, retries=0).send(request("https://store.invalid/x"))
    assert [(s.method, s.path) for s in proxy.seen] == [("CONNECT", "store.invalid:443")]
    assert TOKEN not in str(proxy.seen)  # inside the tunnel the token travels encrypted
    assert result.outcome.kind is Kind.NETWORK
    assert not result.outcome.maybe_delivered  # the tunnel never opened: nothing left


def test_no_proxy_sends_direct() -> None:
    with ScriptedServer(Reply(502)) as proxy:
        wire = Wire(httpx.Limits(), {"HTTPS_PROXY": proxy.url, "NO_PROXY": "invalid"})
        with make_client(transport=wire) as client:
            result = Sender(client, retries=0).send(request("https://store.invalid/x"))
    assert proxy.seen == []
    assert result.outcome.kind is Kind.UNRESOLVED  # tried direct: the name does not resolve


def test_an_unusable_proxy_is_a_clear_outcome_without_its_credentials() -> None:
    wire = Wire(httpx.Limits(), {"HTTPS_PROXY": "gopher://user:s3cr3tpass@proxy:70"})
    with make_client(transport=wire) as client:
        result = Sender(client, retries=0).send(request("https://store.invalid/x"))
    assert result.outcome.kind is Kind.NETWORK
    assert "HTTPS_PROXY" in result.outcome.detail
    assert "s3cr3tpass" not in result.outcome.detail
