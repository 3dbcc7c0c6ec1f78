"""A name that does not resolve: what the system can tell about a wrong name versus offline."""

from __future__ import annotations

import httpx
import pytest
from signal_composer.store import netcheck
from signal_composer.store.outcomes import Kind, from_exception


def real_lookup_failure(host: str) -> httpx.ConnectError:
    """The error httpx raises for a name that does not resolve (RFC 2606's .invalid)."""
    with httpx.Client(timeout=10) as client, pytest.raises(httpx.ConnectError) as caught:
        client.post(f"https://{host}/retail/signals/click", content=b"[]")
    return caught.value


def test_a_real_failed_lookup_names_the_host_and_what_is_known() -> None:
    error = real_lookup_failure("acme-stroe.applications.invalid")
    assert "Name or service not known" in str(error) or "nodename" in str(error)
    found = from_exception(error)
    assert found.kind is Kind.UNRESOLVED
    assert found.detail.startswith("acme-stroe.applications.invalid did not resolve")
    if netcheck.has_route():
        assert "cannot tell a wrong name from" in found.detail
    else:
        assert "offline" in found.detail


def test_offline_is_said_when_there_is_no_route(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netcheck, "has_route", lambda: False)
    said = netcheck.explain_unresolved("acme.applications.lucidworks.com")
    assert "offline" in said
    assert "store ID may be right" in said


def test_a_silent_name_server_is_not_blamed_on_the_store_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(netcheck, "has_route", lambda: True)
    said = netcheck.explain_unresolved("acme.applications.lucidworks.com", temporary=True)
    assert "name server did not answer" in said


def test_the_parent_domain_tells_a_wrong_name_from_a_broken_name_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(netcheck, "has_route", lambda: True)
    asked: list[str] = []

    def resolves(host: str) -> bool:
        asked.append(host)
        return answer

    monkeypatch.setattr(netcheck, "resolves", resolves)
    answer = True
    said = netcheck.explain_unresolved("acme-stroe.applications.lucidworks.com")
    assert asked == ["lucidworks.com"]
    assert "store ID (the first part of the name) or the base URL is likely wrong" in said
    answer = False
    said = netcheck.explain_unresolved("acme-stroe.applications.lucidworks.com")
    assert "lucidworks.com does not resolve either" in said


def test_resolves_uses_the_real_resolver() -> None:
    assert netcheck.resolves("localhost") is True
    assert netcheck.resolves("nothing-here.invalid") is False
