"""Stores: a base URL may name where the store ID goes."""

from __future__ import annotations

import pytest
from signal_composer.store.stores import StoreError, local_mock_store, make_store


def test_store_id_fills_a_base_url() -> None:
    path = make_store(name="a", store_id="Acme-1", base_url="http://127.0.0.1:8787/{storeId}/")
    assert path.endpoint("click") == "http://127.0.0.1:8787/acme-1/retail/signals/click"
    host = make_store(name="b", store_id="acme", base_url="https://{storeId}.example.com")
    assert host.endpoint("query") == "https://acme.example.com/retail/signals/query"
    plain = make_store(name="c", store_id="acme", base_url="http://127.0.0.1:8787")
    assert plain.endpoint("query") == "http://127.0.0.1:8787/retail/signals/query"
    mock = local_mock_store()
    assert mock.endpoint("cartadd", "http://127.0.0.1:1") == (
        "http://127.0.0.1:1/local-mock/retail/signals/cartadd"
    )


@pytest.mark.parametrize(
    "url", ["https://{store_id}.example.com", "https://x.example.com/{storeId", "http://{storeId}"]
)
def test_a_base_url_with_other_braces_is_refused(url: str) -> None:
    with pytest.raises(StoreError):
        make_store(name="a", store_id="acme", base_url=url)
