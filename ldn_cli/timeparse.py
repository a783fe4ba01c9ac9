"""Dates and durations as users type them.

Dates: ISO ``2026-12-01``, ``today``, ``tomorrow``, or a written month with day and year
("1 Dec 2026", "December 1, 2026"). All-numeric forms other than ISO (``01/02/2026``) are
refused: day/month mix-ups are a known source of dosing errors. Durations: whole days or
weeks (``14d``, ``2w``, ``10 days``). ``today`` is always passed in; this module never reads
the clock.
"""

import re
from datetime import date, time, timedelta

from ldn_cli.errors import InvalidDate, InvalidDuration, UnknownChoice

# Patterns are compiled on first use (``re`` caches them), not at import: start-up time.
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DURATION = r"^\s*(?P<count>\d+)\s*(?P<unit>d|days?|w|wk|weeks?)\s*$"
_DAYS_PER_UNIT = {"d": 1, "w": 7}
DATE_FORMS_TEXT = "YYYY-MM-DD (e.g. 2026-12-01), today, tomorrow, or a written month (1 Dec 2026)"


def parse_date(text: str, *, today: date, what: str = "date") -> date:
    """Parse a date the user typed; ``today`` resolves the words ``today`` and ``tomorrow``."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    if re.match(_ISO_DATE, cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise InvalidDate(
                f"{what} {text!r} is not a real calendar date; use {DATE_FORMS_TEXT}"
            ) from None
    if not re.search(r"[A-Za-z]", cleaned):
        raise InvalidDate(
            f"{what} {text!r} is ambiguous or not a date (day/month order differs by country); "
            f"use {DATE_FORMS_TEXT}"
        )
    return _parse_written_date(cleaned, text=text, what=what)


def _parse_written_date(cleaned: str, *, text: str, what: str) -> date:
    """A date with a month name: needs exactly one day number and one four-digit year."""
    from dateutil import parser as dateutil_parser

    numbers = re.findall(r"\d+", cleaned)
    has_year = any(len(number) == 4 for number in numbers)
    if len(numbers) != 2 or not has_year:
        raise InvalidDate(
            f"{what} {text!r} needs a day, a month and a four-digit year; use {DATE_FORMS_TEXT}"
        )
    try:
        parsed = dateutil_parser.parse(cleaned, dayfirst=False, yearfirst=False, fuzzy=False)
    except (ValueError, OverflowError):
        raise InvalidDate(f"{what} {text!r} is not a date; use {DATE_FORMS_TEXT}") from None
    return parsed.date()


def parse_days(text: str, *, what: str = "duration", minimum: int = 1, maximum: int) -> int:
    """Parse ``14d``/``2w``/``10 days`` into whole days within ``minimum..maximum``."""
    match = re.match(_DURATION, text, re.IGNORECASE)
    if match is None:
        raise InvalidDuration(
            f"{what} {text!r} is not a duration; write whole days or weeks with a unit "
            f"(e.g. 14d, 2w), {minimum}–{maximum} days"
        )
    days = int(match["count"]) * _DAYS_PER_UNIT[match["unit"][0].lower()]
    if not minimum <= days <= maximum:
        raise InvalidDuration(f"{what} {text!r} is {days} days; allowed: {minimum}–{maximum} days")
    return days


def parse_day_range(text: str, *, what: str, minimum: int, maximum: int) -> tuple[int, int]:
    """Parse a window such as ``14-28`` (days) or ``2w-4w`` within ``minimum..maximum`` days."""
    parts = text.split("-")
    if len(parts) != 2:
        raise InvalidDuration(
            f"{what} {text!r} is not a range; write LOW-HIGH (e.g. 14d-28d), "
            f"within {minimum}–{maximum} days"
        )
    low, high = (
        parse_days(
            part if part.strip()[-1:].isalpha() else f"{part}d",
            what=what,
            minimum=minimum,
            maximum=maximum,
        )
        for part in parts
    )
    if low > high:
        raise InvalidDuration(f"{what} {text!r} runs backwards; write LOW-HIGH, e.g. 14d-28d")
    return low, high


_CLOCK = r"^\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*$"


def parse_clock(text: str, *, what: str = "time") -> time:
    """A 24-hour clock time ``HH:MM`` (``7:05`` is accepted as 07:05)."""
    match = re.match(_CLOCK, text)
    if match and int(match["hour"]) <= 23 and int(match["minute"]) <= 59:
        return time(int(match["hour"]), int(match["minute"]))
    raise UnknownChoice(f"{what} {text!r} is not a 24-hour clock time; use HH:MM, e.g. 21:30")


def parse_timezone(name: str) -> str:
    """An IANA time zone name (``Europe/London``), checked against the zone database."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    cleaned = name.strip()
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'America' is a folder
        raise UnknownChoice(
            f"unknown time zone {name!r}; use an IANA name such as Europe/London, "
            "America/New_York or UTC"
        ) from None
    return cleaned
