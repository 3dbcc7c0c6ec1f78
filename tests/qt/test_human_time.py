"""The date and time shown beside the timestamp field, in the user's time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from signal_composer.qt.signal_form import human_time


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Kolkata"])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "ms", [0, 1, 999, 1_796_005_373_819, 1_700_000_000_000, -1, -86_400_001, 32_503_680_000_000]
)
def test_matches_the_calendar_in_the_local_zone(zone: str, ms: int) -> None:
    when = datetime.fromtimestamp(ms / 1000, UTC).astimezone()
    expected = when.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}" + when.strftime(" %Z")
    assert human_time(ms) == expected


def test_a_known_instant(zone: str) -> None:
    if zone == "UTC":
        assert human_time(1_796_005_373_819) == "2026-11-30 02:22:53.819 UTC"
    if zone == "Asia/Kolkata":
        assert human_time(1_796_005_373_819) == "2026-11-30 07:52:53.819 IST"


@pytest.mark.parametrize(
    ("value", "shown"), [(10**17, "out of range"), (-(10**17), "out of range")]
)
def test_out_of_range(value: int, shown: str) -> None:
    assert human_time(value) == shown


@pytest.mark.parametrize("value", [True, "1700000000000", 1.5e12, None])
def test_not_an_integer_shows_nothing(value: object) -> None:
    assert human_time(value) == ""


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (-62_135_596_800_000, "0001-01-01 00:00:00.000 UTC"),
        (-62_135_596_800_001, "out of range"),  # year 0: no such year in the calendar
        (253_402_300_799_999, "9999-12-31 23:59:59.999 UTC"),
        (253_402_300_800_000, "out of range"),
        (2**63, "out of range"),  # past what the platform's clock holds
    ],
)
def test_the_calendar_s_ends(monkeypatch: pytest.MonkeyPatch, ms: int, shown: str) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert human_time(ms) == shown
    finally:
        monkeypatch.undo()
        time.tzset()
