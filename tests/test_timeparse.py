"""Dates and durations as users type them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.errors import InvalidDate, InvalidDuration
from ldn_cli.timeparse import parse_date, parse_day_range, parse_days

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 27)),
        ("1 Dec 2026", date(2026, 12, 1)),
        ("December 1, 2026", date(2026, 12, 1)),
        ("1st December 2026", date(2026, 12, 1)),
        ("Tue 1 Dec 2026", date(2026, 12, 1)),
    ],
)
def test_parse_date_accepts_unambiguous_forms(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01/02/2026", "ambiguous"),
        ("1.2.2026", "ambiguous"),
        ("01-02-2026", "ambiguous"),
        ("20261201", "ambiguous"),
        ("2026-02-30", "not a real calendar date"),
        ("Dec 2026", "needs a day"),
        ("1 Dec", "needs a day"),
        ("1 Dec 26", "needs a day"),
        ("someday", "needs a day"),
        ("32 Dec 2026", "not a date"),
        ("", "ambiguous or not a date"),
    ],
)
def test_parse_date_rejects_ambiguous_or_invalid_dates(text: str, message: str) -> None:
    with pytest.raises(InvalidDate, match=message) as raised:
        parse_date(text, today=TODAY)
    assert "YYYY-MM-DD" in str(raised.value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_and_written_dates_round_trip(day: date) -> None:
    assert parse_date(day.isoformat(), today=TODAY) == day
    assert parse_date(f"{day.day} {day:%B} {day.year}", today=TODAY) == day


@pytest.mark.parametrize(
    ("text", "days"), [("14d", 14), ("2w", 14), ("10 days", 10), ("1 week", 7), ("3D", 3)]
)
def test_parse_days(text: str, days: int) -> None:
    assert parse_days(text, maximum=84) == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14", "needs|not a duration"),
        ("0d", "allowed"),
        ("13w", "allowed"),
        ("1m", "not a duration"),
    ],
)
def test_parse_days_rejects(text: str, message: str) -> None:
    with pytest.raises(InvalidDuration, match=message) as raised:
        parse_days(text, maximum=84)
    assert "days" in str(raised.value)


def test_parse_day_range() -> None:
    assert parse_day_range("14-28", what="window", minimum=14, maximum=28) == (14, 28)
    assert parse_day_range("2w-3w", what="window", minimum=14, maximum=28) == (14, 21)
    for bad in ("28-14", "10-20", "14", "a-b"):
        with pytest.raises(InvalidDuration):
            parse_day_range(bad, what="window", minimum=14, maximum=28)
