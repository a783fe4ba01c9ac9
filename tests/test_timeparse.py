"""Dates and durations as users type them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.errors import InvalidDate, InvalidDuration
from ldn_cli.timeparse import (
    EARLIEST_DATE,
    LATEST_DATE,
    parse_date,
    parse_day_range,
    parse_days,
    read_date,
)

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
        ("1st of December 2026", date(2026, 12, 1)),
        ("Dec. 1, 2026", date(2026, 12, 1)),
        ("yesterday", date(2026, 11, 25)),
        ("in 3 days", date(2026, 11, 29)),
        ("in 2 weeks", date(2026, 12, 10)),
        ("In 1 week", date(2026, 12, 3)),
        ("10 days ago", date(2026, 11, 16)),
        ("monday", date(2026, 11, 30)),
        ("next Monday", date(2026, 11, 30)),
        ("next thu", date(2026, 12, 3)),
        ("thursday", date(2026, 12, 3)),
        ("Nov 30", date(2026, 11, 30)),
        ("26 November", date(2026, 11, 26)),
        ("Nov 20", date(2027, 11, 20)),
        ("1 Dec", date(2026, 12, 1)),
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
        ("1 Dec 26", "needs a day"),
        ("someday", "not a date"),
        ("32 Dec 2026", "not a real calendar date"),
        ("Feb 29", "not a real calendar date"),
        ("Mon 1 Dec 2026", "is a Tuesday, not a Monday"),
        ("", "ambiguous or not a date"),
        ("\u0661 Dec 2026", "digits 0-9"),
        ("２０２６-12-01", "digits 0-9"),
        ("in 9999 weeks", "at most 3660 days"),
        ("next week", "not a date"),
        ("1 Dec 2026" + " " * 80 + "x", "too long"),
    ],
)
def test_parse_date_refuses_ambiguous_invalid_or_foreign_digit_dates(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidDate, match=message) as raised:
        parse_date(text, today=TODAY)
    assert "YYYY-MM-DD" in str(raised.value)


@given(st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE))
def test_iso_and_written_dates_round_trip_for_every_year_a_plan_can_hold(day: date) -> None:
    assert parse_date(day.isoformat(), today=TODAY) == day
    assert parse_date(f"{day.day} {day:%B} {day.year:04d}", today=TODAY) == day
    assert parse_date(f"{day:%a} {day:%b} {day.day}, {day.year:04d}", today=TODAY) == day


@pytest.mark.parametrize("text", ["1 Jan 0001", "0001-06-01", "9999-12-31", "31 Dec 9999"])
def test_dates_a_plan_cannot_hold_are_refused_naming_the_bound_never_moved(text: str) -> None:
    with pytest.raises(InvalidDate, match="0002-01-01 to 9998-12-31") as raised:
        parse_date(text, today=TODAY)
    assert "(0001-" in str(raised.value) or "(9999-" in str(raised.value)


@given(
    st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE - timedelta(days=7)),
    st.integers(min_value=0, max_value=6),
)
def test_a_weekday_name_is_the_first_such_day_after_today(today: date, weekday: int) -> None:
    name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[weekday]
    day = parse_date(f"next {name}", today=today)
    assert day.weekday() == weekday
    assert 1 <= (day - today).days <= 7
    assert parse_date(name[:3], today=today) == day


@given(st.dates(min_value=EARLIEST_DATE, max_value=date(9997, 12, 31)), st.dates())
def test_a_day_and_month_without_a_year_is_the_next_one_on_or_after_today(
    today: date, day: date
) -> None:
    if (day.month, day.day) == (2, 29):
        return
    found = parse_date(f"{day:%b} {day.day}", today=today)
    assert (found.month, found.day) == (day.month, day.day)
    assert 0 <= (found - today).days <= 366  # this year's, or else next year's


@given(st.dates(min_value=date(3, 1, 1), max_value=date(9997, 12, 31)), st.dates())
def test_a_day_and_month_without_a_year_for_a_last_dose_is_the_one_nearest_today(
    today: date, day: date
) -> None:
    if (day.month, day.day) == (2, 29):
        return
    found = parse_date(f"{day:%b} {day.day}", today=today, use="nearest")
    assert (found.month, found.day) == (day.month, day.day)
    assert abs((found - today).days) <= 183  # never the far side of the year
    for year in (found.year - 1, found.year + 1):
        other = found.replace(year=year)
        assert abs((other - today).days) >= abs((found - today).days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 20", date(2026, 11, 20)),  # six days ago, not next year (which would block)
        ("Dec 5", date(2026, 12, 5)),  # a stop planned for next week
        ("Jun 1", date(2026, 6, 1)),
        ("Jan 10", date(2027, 1, 10)),
        ("yesterday", date(2026, 11, 25)),
        ("last monday", date(2026, 11, 23)),
        ("last thu", date(2026, 11, 19)),
    ],
)
def test_a_last_opioid_dose_reads_past_and_planned_days(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, what="last opioid dose", use="nearest") == expected


@pytest.mark.parametrize(
    ("text", "day", "note"),
    [
        ("Nov 26", date(2026, 11, 26), "the next 26 Nov on or after today (no year was given)"),
        ("Nov 25", date(2027, 11, 25), "the next 25 Nov on or after today (no year was given)"),
        ("monday", date(2026, 11, 30), "the first Monday after today"),
        ("last friday", date(2026, 11, 20), "the last Friday before today"),
        ("2026-12-01", date(2026, 12, 1), None),
        ("1 Dec 2026", date(2026, 12, 1), None),
        ("tomorrow", date(2026, 11, 27), None),
    ],
)
def test_a_date_read_from_a_choice_says_which_day_was_chosen(
    text: str, day: date, note: str | None
) -> None:
    assert read_date(text, today=TODAY) == (day, note)


def test_29_february_without_a_year_outside_leap_years_is_refused_asking_for_the_year() -> None:
    for use in ("next", "nearest"):
        with pytest.raises(InvalidDate, match="not a real calendar date"):
            parse_date("29 Feb", today=TODAY, use=use)  # type: ignore[arg-type]
    assert parse_date("29 Feb", today=date(2027, 6, 1)) == date(2028, 2, 29)


@given(st.text(max_size=40), st.dates())
def test_any_text_is_a_date_a_plan_can_hold_or_a_one_line_invalid_date(
    text: str, today: date
) -> None:
    try:
        day: date | str = parse_date(text, today=today)
    except InvalidDate as error:
        day = str(error)
    if isinstance(day, str):
        assert "\n" not in day
    else:
        assert EARLIEST_DATE <= day <= LATEST_DATE


@pytest.mark.parametrize("text", ["\u0661\u0664d", "１４d"])
def test_durations_read_only_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidDuration):
        parse_days(text, maximum=84)


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
