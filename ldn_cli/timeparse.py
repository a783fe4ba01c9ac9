"""Dates and durations as users type them.

Dates: ISO ``2026-12-01``; ``today``, ``tomorrow``, ``yesterday``; a weekday (``monday``,
``next monday``: the first such day after today; ``last monday``: the last such day before
today); ``in 3 days``, ``in 2 weeks``, ``10 days ago``; or a written month with a day and,
optionally, a four-digit year (``1 Dec 2026``, ``December 1, 2026``, ``Tue 1 Dec 2026``).

A day and month without a year depend on what the date is for (``DateUse``): a date that
starts something (``"next"``, the default) is the next such day on or after today; the date of
an event that may be past or planned (``"nearest"``: the last opioid dose) is the such day
nearest today, so that "Nov 20" typed on 26 Nov is six days ago and "Dec 5" a stop planned
for next week. ``read_date`` also returns a note saying how such a date was read, for the
output header. All-numeric forms other than ISO (``01/02/2026``) are refused: day/month mix-ups
are a known source of dosing errors. Only the ASCII digits 0-9 are read as numbers.
Durations: whole days or weeks (``14d``, ``2w``, ``10 days``). ``today`` is always passed in;
this module never reads the clock.
"""

import re
from datetime import date, time, timedelta
from typing import Literal, NamedTuple

from ldn_cli.errors import InvalidDate, InvalidDuration, UnknownChoice

# Patterns are compiled on first use (``re`` caches them), not at import: start-up time.
# Digits are spelled [0-9]: ``\d`` would also read Arabic-Indic or full-width digits.
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DURATION = r"^\s*(?P<count>[0-9]{1,6})\s*(?P<unit>d|days?|w|wk|weeks?)\s*$"
_RELATIVE = (
    r"^(?:in\s+(?P<ahead>[0-9]{1,6})\s*(?P<ahead_unit>d|days?|w|wks?|weeks?)"
    r"|(?P<back>[0-9]{1,6})\s*(?P<back_unit>d|days?|w|wks?|weeks?)\s+ago)$"
)
_WRITTEN = r"[A-Za-z0-9 ,.'/-]*"
_TOKEN = r"[A-Za-z]+|[0-9]+"
_DAYS_PER_UNIT = {"d": 1, "w": 7}
DATE_FORMS_TEXT = (
    "YYYY-MM-DD (e.g. 2026-12-01), today, tomorrow, yesterday, a weekday (next monday, "
    "last monday), in N days or weeks, or a written month (1 Dec 2026, Nov 30)"
)

#: What a date without its year is for: ``"next"`` (a start: the next such day on or after
#: today) or ``"nearest"`` (an event that may be past or planned: the such day nearest today).
DateUse = Literal["next", "nearest"]


class DateReading(NamedTuple):
    """A date as read, and how it was read when the text left a choice (no year, a weekday):
    "the next 26 Nov on or after today (no year was given)"; ``None`` for a full date."""

    day: date
    note: str | None = None


#: Every date the tool reads lies within these, and so does every plan: a year's margin inside
#: the calendar's years 1 to 9999, because a plan reaches past the dates it is given (a
#: washout, a follow-up) and a calendar file's time-zone rules reach past the plan's ends.
EARLIEST_DATE = date(2, 1, 1)
LATEST_DATE = date(9998, 12, 31)
#: A date typed in words ("in 400 weeks") may lie at most this far from today (ten years).
MAX_RELATIVE_DAYS = 3660
#: Longer text is not a date (bounded work on user text).
MAX_DATE_TEXT = 64
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_FILLERS = {"st", "nd", "rd", "th", "of"}


def _named(word: str, names: tuple[str, ...]) -> int | None:
    """The index of the name ``word`` abbreviates (three letters or more), if any."""
    if len(word) < 3:
        return None
    return next((index for index, name in enumerate(names) if name.startswith(word)), None)


def weekday_number(word: str) -> int | None:
    """0 (Monday) to 6 for a weekday name or its abbreviation (three letters or more)."""
    return _named(word.strip().lower(), _WEEKDAYS)


def parse_date(text: str, *, today: date, what: str = "date", use: DateUse = "next") -> date:
    """Parse a date the user typed; ``today`` resolves the relative words, ``use`` a date
    given without its year.

    Refuses a date outside ``EARLIEST_DATE``..``LATEST_DATE`` (year 1 stays year 1 and is
    refused, never read as 2001).
    """
    return read_date(text, today=today, what=what, use=use).day


def read_date(text: str, *, today: date, what: str = "date", use: DateUse = "next") -> DateReading:
    """``parse_date``, with a note of how a date without its year, or a weekday, was read."""
    reading = _parse_date(text, today=today, what=what, use=use)
    day = reading.day
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidDate(
            f"{what} {text!r} ({day.isoformat()}) is outside the dates a plan can hold, "
            f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
        )
    return reading


def _parse_date(text: str, *, today: date, what: str, use: DateUse) -> DateReading:
    if len(text) > MAX_DATE_TEXT:
        raise InvalidDate(f"{what}: too long to be a date; use {DATE_FORMS_TEXT}")
    cleaned = " ".join(text.split())
    lowered = cleaned.lower()
    if any(char.isdigit() and not "0" <= char <= "9" for char in cleaned):
        raise InvalidDate(
            f"{what} {text!r}: write numbers with the digits 0-9; use {DATE_FORMS_TEXT}"
        )
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if lowered in words:
        return DateReading(_shift(today, words[lowered], text=text, what=what))
    if re.match(_ISO_DATE, cleaned):
        try:
            return DateReading(date.fromisoformat(cleaned))
        except ValueError:
            raise InvalidDate(
                f"{what} {text!r} is not a real calendar date; use {DATE_FORMS_TEXT}"
            ) from None
    relative = re.match(_RELATIVE, lowered)
    if relative:
        count = relative["ahead"] or relative["back"]
        unit = (relative["ahead_unit"] or relative["back_unit"])[0]
        days = int(count) * _DAYS_PER_UNIT[unit]
        return DateReading(
            _shift(today, days if relative["ahead"] else -days, text=text, what=what)
        )
    phrase = _weekday_phrase(lowered)
    if phrase is not None:
        weekday, last = phrase
        name = _WEEKDAYS[weekday].capitalize()
        if last:
            back = (today.weekday() - weekday - 1) % 7 + 1
            return DateReading(
                _shift(today, -back, text=text, what=what), f"the last {name} before today"
            )
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return DateReading(
            _shift(today, ahead, text=text, what=what), f"the first {name} after today"
        )
    if not re.search(r"[A-Za-z]", cleaned):
        raise InvalidDate(
            f"{what} {text!r} is ambiguous or not a date (day/month order differs by country); "
            f"use {DATE_FORMS_TEXT}"
        )
    return _parse_written_date(lowered, today=today, text=text, what=what, use=use)


def _shift(today: date, days: int, *, text: str, what: str) -> date:
    if abs(days) > MAX_RELATIVE_DAYS:
        raise InvalidDate(
            f"{what} {text!r} is {abs(days)} days from today; at most {MAX_RELATIVE_DAYS} "
            f"days in words; write the date instead: {DATE_FORMS_TEXT}"
        )
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise InvalidDate(
            f"{what} {text!r} falls outside the calendar (years 1–9999); use {DATE_FORMS_TEXT}"
        ) from None


def _weekday_phrase(lowered: str) -> tuple[int, bool] | None:
    """``monday``, ``mon``, ``next monday`` or ``last monday`` -> (the weekday number, whether
    it is the last such day), else ``None``."""
    words = lowered.split()
    last = len(words) == 2 and words[0] == "last"
    if len(words) == 2 and words[0] in ("next", "last"):
        words = words[1:]
    if len(words) != 1:
        return None
    weekday = _named(words[0], _WEEKDAYS)
    return None if weekday is None else (weekday, last)


def _parse_written_date(
    lowered: str, *, today: date, text: str, what: str, use: DateUse
) -> DateReading:
    """A date with a month name: one day number, an optional four-digit year, an optional
    weekday that must agree with the date."""
    forms = f"use {DATE_FORMS_TEXT}"
    if not re.fullmatch(_WRITTEN, lowered):
        raise InvalidDate(f"{what} {text!r} is not a date; {forms}")
    month = weekday = year = None
    days: list[int] = []
    for token in re.findall(_TOKEN, lowered):
        if token.isdigit():
            if len(token) <= 2:
                days.append(int(token))
            elif len(token) == 4 and year is None:
                year = int(token)
            else:
                raise InvalidDate(
                    f"{what} {text!r} needs a day, a month and a four-digit year; {forms}"
                )
        elif token in _FILLERS:
            continue
        elif month is None and _named(token, _MONTHS) is not None:
            month = _named(token, _MONTHS)
        elif weekday is None and _named(token, _WEEKDAYS) is not None:
            weekday = _named(token, _WEEKDAYS)
        else:
            raise InvalidDate(f"{what} {text!r} is not a date ({token!r}); {forms}")
    if month is None or len(days) != 1:
        raise InvalidDate(f"{what} {text!r} needs a day, a month and a four-digit year; {forms}")
    found, note = (
        (_real_date(year, month + 1, days[0]), None)
        if year is not None
        else _yearless(month + 1, days[0], today=today, use=use)
    )
    if found is None:
        raise InvalidDate(f"{what} {text!r} is not a real calendar date; {forms}")
    if weekday is not None and weekday != found.weekday():
        raise InvalidDate(
            f"{what} {text!r}: {found.day} {found:%b} {found.year} is a "
            f"{_WEEKDAYS[found.weekday()].capitalize()}, not a "
            f"{_WEEKDAYS[weekday].capitalize()}; check the date ({forms})"
        )
    return DateReading(found, note)


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 30 February, or a year outside 1-9999
        return None


def _yearless(month: int, day: int, *, today: date, use: DateUse) -> tuple[date | None, str]:
    """A day and month without a year: the next one on or after today, this year's or next
    year's (``"next"``); or the one nearest today, last year's, this year's or next year's,
    the earlier on a tie (``"nearest"``); and a note saying so. ``None`` when none is real
    (29 February outside a leap year)."""
    shown = f"{day} {date(2000, month, 1):%b}"  # any year: only the month name is used
    if use == "next":
        found = next(
            (
                candidate
                for year in (today.year, today.year + 1)
                if (candidate := _real_date(year, month, day)) is not None and candidate >= today
            ),
            None,
        )
        return found, f"the next {shown} on or after today (no year was given)"
    candidates = [
        candidate
        for year in (today.year - 1, today.year, today.year + 1)
        if (candidate := _real_date(year, month, day)) is not None
    ]
    found = min(
        candidates,
        key=lambda candidate: (abs((candidate - today).days), candidate),
        default=None,
    )
    return found, f"the {shown} nearest today (no year was given)"


def parse_days(
    text: str, *, what: str = "duration", minimum: int = 1, maximum: int, bare_days: bool = False
) -> int:
    """Parse ``14d``/``2w``/``10 days`` into whole days within ``minimum..maximum``.

    With ``bare_days`` (an option whose name says days, such as ``--opioid-free-days``), a
    bare number is a number of days; elsewhere the unit is required (``--every 14`` could be
    read as weeks).
    """
    from ldn_cli.printable import quoted

    cleaned = text.strip()
    if bare_days and cleaned.isascii() and cleaned.isdigit():
        cleaned += "d"
    match = re.match(_DURATION, cleaned, re.IGNORECASE) if len(cleaned) <= 12 else None
    if match is None:
        unit = "" if bare_days else " with a unit"
        raise InvalidDuration(
            f"{what} {quoted(text)} is not a duration; write whole days or weeks{unit} "
            f"(e.g. 14d, 2w), {minimum}–{maximum} days"
        )
    days = int(match["count"]) * _DAYS_PER_UNIT[match["unit"][0].lower()]
    if not minimum <= days <= maximum:
        raise InvalidDuration(
            f"{what} {quoted(text)} is {days} days; allowed: {minimum}–{maximum} days"
        )
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


_CLOCK = r"^\s*(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})\s*$"


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
