"""Generated shoppers: deterministic, in time order inside the window, valid signal by signal,
and landing in the realistic ranges of METRICS.md."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from signal_composer.signals.catalog import read_catalog
from signal_composer.signals.journeys import generate
from signal_composer.signals.jsonl import encode_line
from signal_composer.signals.metrics import compute_metrics
from signal_composer.signals.profiles import Profile, ProfileError, load_profile, profile_names
from signal_composer.signals.validation import validate_signal

NOW = 1_780_000_000_000
DAY = 86_400_000


def output(seed: int, shoppers: int = 150, now: int = NOW, profile: str = "default") -> bytes:
    pairs = generate(load_profile(profile), seed, shoppers, 3, now)
    return b"".join(encode_line(kind, signal) for kind, signal in pairs)


def test_the_same_arguments_give_the_same_bytes() -> None:
    assert output(5) == output(5)
    assert output(5) != output(6)
    assert output(5) != output(5, now=NOW + 1000)


def test_signals_are_in_time_order_inside_the_window() -> None:
    pairs = list(generate(load_profile(), 2, 500, 3, NOW))
    times = [s["timestamp"] for _, s in pairs]
    assert times == sorted(times)
    assert times[0] >= NOW - 3 * DAY
    assert times[-1] <= NOW
    assert times[-1] - times[0] > 2 * DAY  # spread over the days, not bunched


def test_every_signal_is_valid_and_ids_are_random_uuids() -> None:
    pairs = list(generate(load_profile("buyers"), 4, 120, 2, NOW))
    kinds = {kind for kind, _ in pairs}
    assert kinds == {"query", "click", "cartadd", "purchase"}
    for index, (kind, signal) in enumerate(pairs):
        assert validate_signal(kind, signal, index, now_ms=NOW) == []
        for key in ("visitorId", "sessionId", "queryId"):
            assert uuid.UUID(signal[key]).version == 4
        if "cartId" in signal:
            assert uuid.UUID(signal["cartId"]).version == 4


def test_revenue_is_the_products_total_and_orders_hold_one_to_three_items() -> None:
    pairs = list(generate(load_profile(), 8, 3000, 7, NOW))
    purchases = [s for kind, s in pairs if kind == "purchase"]
    assert len(purchases) > 50
    for s in purchases:
        total = sum(
            Decimal(repr(d["product"]["price"])) * d["quantity"] for d in s["productDetails"]
        )
        assert Decimal(repr(s["revenue"])) == total
    items = [sum(d["quantity"] for d in s["productDetails"]) for s in purchases]
    assert 1 <= statistics.mean(items) <= 3


def test_the_default_profile_lands_in_the_published_ranges() -> None:
    m = compute_metrics(generate(load_profile(), 8, 3000, 7, NOW))
    assert 0.60 <= m["abandoned_cart_rate"] <= 0.80  # about 70%
    assert 0.30 <= m["search_ctr"] <= 0.60
    assert 2 <= m["avg_click_position"] <= 4
    assert 0.05 <= m["zero_result_queries"] / m["queries"] <= 0.15
    assert 0.02 <= m["conversion_rate"] <= 0.08  # every generated session searches
    assert m["sessions"] > m["visitors"]  # some shoppers come back


def test_profiles_differ_as_their_names_say() -> None:
    buyers = compute_metrics(generate(load_profile("buyers"), 1, 1500, 7, NOW))
    browsers = compute_metrics(generate(load_profile("browsers"), 1, 1500, 7, NOW))
    hunters = compute_metrics(generate(load_profile("bargain-hunters"), 1, 1500, 7, NOW))
    assert buyers["conversion_rate"] > 3 * browsers["conversion_rate"]
    assert buyers["avg_click_position"] < hunters["avg_click_position"]
    assert hunters["sessions"] / hunters["visitors"] > buyers["sessions"] / buyers["visitors"]


def test_a_returning_shopper_keeps_the_visitor_and_gets_a_new_session_after_40_minutes() -> None:
    last: dict[str, tuple[str, int]] = {}
    gaps: list[int] = []
    for _, s in generate(load_profile("bargain-hunters"), 3, 300, 7, NOW):
        seen = last.get(s["visitorId"])
        if seen and seen[0] != s["sessionId"]:
            gaps.append(s["timestamp"] - seen[1])
        if seen and seen[0] == s["sessionId"]:
            assert s["timestamp"] - seen[1] <= 40 * 60_000
        last[s["visitorId"]] = (s["sessionId"], s["timestamp"])
    assert gaps
    assert min(gaps) > 40 * 60_000


def test_search_terms_include_misspellings_and_zero_result_terms() -> None:
    pairs = list(generate(load_profile(), 9, 2000, 7, NOW))
    terms = {s["searchTerms"]: len(s["productDetails"]) for k, s in pairs if k == "query"}
    assert terms.get("refridgerator", 0) > 0 or terms.get("vaccum", 0) > 0
    assert any(count == 0 for count in terms.values())
    assert len(terms) > 100


def test_a_csv_catalog_feeds_the_journeys(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_text(
        "productId,title,price,currencyCode,imageuri\n"
        "TENT-2,Trailhead two person tent green,189.50,EUR,https://x.example/t2.jpg\n"
        "TENT-4,Trailhead four person tent orange,289.00,EUR,https://x.example/t4.jpg\n"
        "BAG-0,Summit sleeping bag green,99.99,EUR,https://x.example/b0.jpg\n",
        encoding="utf-8",
    )
    catalog = read_catalog(str(path))
    assert catalog.search("tent") == (0, 1)
    assert set(catalog.search("green")) == {0, 2}
    pairs = list(generate(load_profile("buyers"), 1, 50, 1, NOW, catalog))
    shown = {d["product"]["productId"] for _, s in pairs for d in s["productDetails"]}
    assert shown <= {"TENT-2", "TENT-4", "BAG-0"}
    assert {d["product"]["currencyCode"] for _, s in pairs for d in s["productDetails"]} == {"EUR"}


def test_a_json_list_catalog(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(
        '[{"productId": "A1", "title": "Anvil heavy", "price": 50, "currencyCode": "USD",'
        ' "imageuri": "https://x.example/a.jpg"}]',
        encoding="utf-8",
    )
    assert read_catalog(str(path)).items[0].product["title"] == "Anvil heavy"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("productId,title,price\nA,B,1\n", "the header row lacks currencyCode, imageuri"),
        (
            "productId,title,price,currencyCode,imageuri\nA,B,cheap,USD,https://x/a.jpg\n",
            "line 2: price 'cheap' is not a number",
        ),
        (
            "productId,title,price,currencyCode,imageuri\nA,B,1,usd,https://x/a.jpg\n",
            "product 1: currencyCode: not an ISO 4217 code",
        ),
        (
            "productId,title,price,currencyCode,imageuri\nA,B,1,USD,u\nA,C,2,USD,u\n",
            "productId 'A' appears twice",
        ),
        ("productId,title,price,currencyCode,imageuri\n", "no products"),
    ],
)
def test_a_bad_csv_catalog_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_catalog(str(path))


def test_bundled_profiles_load_and_a_bad_one_is_named(tmp_path: Path) -> None:
    assert {"default", "browsers", "buyers", "bargain-hunters"} <= set(profile_names())
    for name in profile_names():
        assert isinstance(load_profile(name), Profile)
    bad = tmp_path / "mine.toml"
    bad.write_text("click_rate = 1.5\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"mine.toml: click_rate: Input should be less than"):
        load_profile(str(bad))
    bad.write_text("clickrate = 0.5\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="clickrate: Extra inputs are not permitted"):
        load_profile(str(bad))
    with pytest.raises(ProfileError, match="no profile 'shoppers'; bundled: bargain-hunters"):
        load_profile("shoppers")


def test_sessions_of_one_shopper_are_spread_by_the_hour_of_day() -> None:
    per_hour: dict[int, int] = defaultdict(int)
    for kind, s in generate(load_profile(), 1, 3000, 7, NOW):
        if kind == "query":
            per_hour[(s["timestamp"] // 3_600_000) % 24] += 1
    assert per_hour[20] > 2 * per_hour[3]  # busy evenings, quiet nights
