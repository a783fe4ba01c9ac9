"""The patient's pain diary: rows read from CSV or JSON Lines, and the blank diary of a plan.

Owns the diary's columns, its size limits and every check on a row; ``review.py`` owns what
the rows mean. A diary has one row per day: ``date`` and ``pain`` (0–10 numerical rating
scale, a whole number or one decimal) are required columns; ``dose`` (the planned dose the
template prints: a dose or ``none``), ``dose_taken`` (yes/no), ``sleep`` (0–10),
``side_effects`` (``;``-separated) and ``note`` are optional. A row whose cells are all empty
but the date (a template row not yet filled in) is a day not recorded, never a day of zero pain.

Hostile input is refused with one line naming the line and the allowed values (issue 11):
the text is at most ``MAX_DIARY_BYTES`` of UTF-8, a cell at most ``MAX_CELL_CHARS``; only
ASCII digits are numbers; a decimal comma, an extra cell, a repeated column or date, an
unclosed quote and a duplicate JSON key are errors. Values are echoed shortened and with
control characters escaped (``shown``). Pure: text in, rows out; never reads the clock.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from ldn_cli.dose import format_mg, parse_amount
from ldn_cli.errors import InputError, LdnError
from ldn_cli.models import Plan
from ldn_cli.printable import quoted

#: The largest diary read: 1 MiB holds more than ten years of daily rows with notes.
MAX_DIARY_BYTES = 1_048_576
#: The longest cell (a note or a list of side effects), in characters.
MAX_CELL_CHARS = 1000
#: The longest stretch of days a diary or a review covers (about ten years, as
#: ``models.MAX_MAINTAIN_DAYS``): bounds the blank diary and the review's day list.
MAX_DIARY_DAYS = 3660
#: Baseline days before the plan's start: the mean pain of the last 7 days (``final-trial``).
BASELINE_DAYS = 7

COLUMNS = ("date", "dose", "dose_taken", "pain", "sleep", "side_effects", "note")
REQUIRED_COLUMNS = ("date", "pain")
#: Side effects in one cell are separated by semicolons.
SIDE_EFFECT_SEPARATOR = ";"
#: The ``dose`` cell of a day without LDN (a baseline day or a planned hold).
NO_DOSE = "none"
PAIN_RANGE_TEXT = "a whole number or one decimal from 0 to 10 (e.g. 6 or 6.5)"
DATE_FORM_TEXT = "YYYY-MM-DD (e.g. 2026-12-01)"
_YES = frozenset({"yes", "y", "true", "1", "✓"})
_NO = frozenset({"no", "n", "false", "0"})
_SCORE = r"-?[0-9]+(?:\.[0-9]+)?"  # ASCII digits only: re's \d would accept "١"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DOSE_CELL = r"[0-9]{1,3}(?:\.[0-9]{1,6})?\s*(?:mg)?"

Dose = Decimal | Literal["none"] | None


@dataclass(frozen=True, slots=True)
class DiaryRow:
    """One day of the diary as the patient recorded it; ``where`` names its line."""

    where: str
    day: date
    pain: Decimal | None = None
    dose: Dose = None
    dose_taken: bool | None = None
    sleep: Decimal | None = None
    side_effects: tuple[str, ...] = ()
    note: str = ""

    @property
    def recorded(self) -> bool:
        """True when the patient wrote anything for the day (the planned dose aside)."""
        return (
            self.pain is not None
            or self.dose_taken is not None
            or self.sleep is not None
            or bool(self.side_effects)
            or bool(self.note)
        )


# --- values ------------------------------------------------------------------------------------


def parse_score(text: str, *, what: str) -> Decimal:
    """A 0–10 score (pain, sleep): a whole number or one decimal, ASCII digits only."""
    cleaned = text.strip()
    if not re.fullmatch(_SCORE, cleaned):
        hint = " (a decimal comma? write 6.5)" if "," in cleaned else ""
        raise InputError(f"{what} {quoted(text)} is not a number{hint}; write {PAIN_RANGE_TEXT}")
    value = Decimal(cleaned)
    if not Decimal(0) <= value <= Decimal(10):
        raise InputError(f"{what} {quoted(text)} is outside 0–10; write {PAIN_RANGE_TEXT}")
    if "." in cleaned and len(cleaned.split(".")[1]) > 1:
        raise InputError(
            f"{what} {quoted(text)} has more than one decimal; write {PAIN_RANGE_TEXT}"
        )
    return value


def parse_iso_date(text: str, *, what: str = "date") -> date:
    """A diary date: ``YYYY-MM-DD`` in ASCII digits, nothing else (no day/month guessing)."""
    cleaned = text.strip()
    if re.fullmatch(_ISO_DATE, cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise InputError(
                f"{what} {quoted(text)} is not a real calendar date; write {DATE_FORM_TEXT}"
            ) from None
    hint = (
        " (a spreadsheet may have rewritten it: format the column as text)"
        if re.fullmatch(r"[0-9]{1,4}[/.][0-9]{1,2}[/.][0-9]{1,4}", cleaned)
        else ""
    )
    raise InputError(f"{what} {quoted(text)} is not a date{hint}; write {DATE_FORM_TEXT}")


def _parse_taken(text: str) -> bool | None:
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise InputError(
        f"dose_taken {quoted(text)} is not yes or no; write yes or no (or leave empty)"
    )


def _parse_dose_cell(text: str) -> Dose:
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.lower() == NO_DOSE:
        return "none"
    if not re.fullmatch(_DOSE_CELL, cleaned, re.IGNORECASE):
        hint = " (a decimal comma? write 1.5)" if "," in cleaned else ""
        raise InputError(
            f"dose {quoted(text)} is not a number of mg{hint}; write e.g. 1.5 mg, or none, "
            "or leave it empty"
        )
    try:
        return parse_amount(cleaned, what="dose")
    except LdnError as error:  # more than two decimals
        raise InputError(str(error)) from None


def side_effect_names(text: str) -> tuple[str, ...]:
    """The side effects of a cell: split at ``;``, trimmed, spaces collapsed, lower case."""
    names = (" ".join(part.split()).lower() for part in text.split(SIDE_EFFECT_SEPARATOR))
    return tuple(dict.fromkeys(name for name in names if name))


def row_from_cells(cells: Mapping[str, str], *, where: str) -> DiaryRow:
    """One diary row from its cells (column -> text); errors name ``where`` and the column."""
    for column, text in cells.items():
        if len(text) > MAX_CELL_CHARS:
            raise InputError(
                f"{where}: {column} has {len(text)} characters; at most {MAX_CELL_CHARS} "
                "(MAX_CELL_CHARS) fit in a cell"
            )
    try:
        day = parse_iso_date(cells.get("date", ""))
    except InputError as error:
        if not cells.get("date", "").strip():
            raise InputError(f"{where}: the date is empty; write {DATE_FORM_TEXT}") from None
        raise InputError(f"{where}: {error}") from None
    try:
        pain, sleep = (
            parse_score(cells[column], what=column) if cells.get(column, "").strip() else None
            for column in ("pain", "sleep")
        )
        return DiaryRow(
            where=where,
            day=day,
            pain=pain,
            dose=_parse_dose_cell(cells.get("dose", "")),
            dose_taken=_parse_taken(cells.get("dose_taken", "")),
            sleep=sleep,
            side_effects=side_effect_names(cells.get("side_effects", "")),
            note=cells.get("note", "").strip(),
        )
    except InputError as error:
        raise InputError(f"{where} ({day.isoformat()}): {error}") from None


# --- whole diaries -------------------------------------------------------------------------------


def decode(data: bytes | str, *, name: str = "diary") -> str:
    """The diary's text: at most ``MAX_DIARY_BYTES`` of UTF-8 (a leading BOM is dropped)."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InputError(
                f"{name}: character {error.start} cannot be written in UTF-8 (a lone surrogate)"
            ) from None
    if len(data) > MAX_DIARY_BYTES:
        raise InputError(
            f"{name} is {len(data)} bytes; at most {MAX_DIARY_BYTES} (MAX_DIARY_BYTES, 1 MiB) "
            "are read: split it, or keep the days the review needs"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = " (UTF-16?)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise InputError(
            f"{name} line {line}: not UTF-8 text (byte {error.start}){hint}; save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def parse_diary(data: bytes | str, *, name: str = "diary") -> list[DiaryRow]:
    """Every row of a CSV (header required) or JSON Lines diary, in date order.

    Told apart by the first character that is not blank: ``{`` is JSON Lines. A date given
    twice is an error naming both lines.
    """
    text = decode(data, name=name)
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{name} is empty; give a CSV with a header (date,pain,...) or JSON Lines")
    rows = _jsonl_rows(text, name) if stripped[0] == "{" else _csv_rows(text, name)
    return in_date_order(rows)


def in_date_order(rows: Iterable[DiaryRow]) -> list[DiaryRow]:
    """``rows`` sorted by date; a date given twice is an error naming both rows."""
    by_day: dict[date, DiaryRow] = {}
    for row in rows:
        first = by_day.get(row.day)
        if first is not None:
            raise InputError(
                f"{row.where}: the date {row.day.isoformat()} is given twice "
                f"(first at {first.where}); keep one row per day"
            )
        by_day[row.day] = row
    return [by_day[day] for day in sorted(by_day)]


def _csv_rows(text: str, name: str) -> Iterator[DiaryRow]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as error:
            problem = (
                f"a quoted cell opened on line {first_line} is never closed"
                if "end of data" in str(error)
                else f"not valid CSV ({error})"
            )
            raise InputError(f"{name} line {first_line}: {problem}") from None
        if cells is None:
            break
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = _header(cells, name=name, line=first_line)
            continue
        if len(cells) > len(header):
            raise InputError(
                f"{name} line {first_line}: {len(cells)} cells for {len(header)} columns: "
                "a decimal comma? write 6.5, and quote text that holds commas"
            )
        yield row_from_cells(
            dict(zip(header, cells, strict=False)), where=f"{name} line {first_line}"
        )
    if header is None:  # only empty cells: no header line at all
        raise InputError(
            f"{name}: a header is required (date,pain,...); the columns are {', '.join(COLUMNS)}"
        )


def _header(cells: list[str], *, name: str, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise InputError(f"{name} line {line}: the column {quoted(column)} is given twice")
        if column not in COLUMNS:
            raise InputError(
                f"{name} line {line}: unknown column {quoted(column)}; the columns are "
                f"{', '.join(COLUMNS)} (date and pain required)"
            )
        seen.add(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        raise InputError(
            f"{name} line {line}: a header with {' and '.join(missing)} is required; "
            f"the columns are {', '.join(COLUMNS)}"
        )
    return header


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise InputError(f"the key {quoted(key)} is given twice")
        data[key] = value
    return data


def _refuse_constant(text: str) -> object:
    raise InputError(f"{text} is not a number; write {PAIN_RANGE_TEXT}")


def _jsonl_rows(text: str, name: str) -> Iterator[DiaryRow]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            data = json.loads(
                line,
                object_pairs_hook=_no_duplicate_keys,
                parse_float=str,  # numbers stay text: checked as typed, never through float
                parse_int=str,
                parse_constant=_refuse_constant,
            )
        except InputError as error:
            raise InputError(f"{where}: {error}") from None
        except json.JSONDecodeError as error:
            raise InputError(
                f"{where}, column {error.colno}: not valid JSON ({error.msg})"
            ) from None
        except RecursionError:
            raise InputError(f"{where}: JSON nested too deeply; a row is one flat object") from None
        yield row_from_mapping(data, where=where)


def row_from_mapping(data: object, *, where: str) -> DiaryRow:
    """A row from a JSON object or a Python mapping: values are text, numbers, booleans, null,
    and for ``side_effects`` also a list of text."""
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: a row is an object with date and pain (e.g. {_EXAMPLE_ROW})")
    cells: dict[str, str] = {}
    for key, value in data.items():
        if key not in COLUMNS:
            raise InputError(
                f"{where}: unknown key {quoted(str(key))}; the keys are {', '.join(COLUMNS)}"
            )
        cells[key] = _cell_text(key, value, where=where)
    if "date" not in cells:
        raise InputError(f"{where}: the date is missing (e.g. {_EXAMPLE_ROW})")
    return row_from_cells(cells, where=where)


_EXAMPLE_ROW = '{"date": "2026-12-01", "pain": 6.5}'


def _cell_text(key: str, value: object, *, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        if key != "dose_taken":
            raise InputError(f"{where}: {key} is true or false; write {PAIN_RANGE_TEXT}")
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):  # from Python callers only: JSON numbers arrive as text
        return repr(value)
    if isinstance(value, date) and key == "date":
        return value.isoformat()
    if key == "side_effects" and isinstance(value, list | tuple):
        if not all(isinstance(item, str) for item in value):
            raise InputError(f"{where}: side_effects is a list of text")
        return SIDE_EFFECT_SEPARATOR.join(value)
    raise InputError(f"{where}: {key} is a {type(value).__name__}; give text or a number")


# --- the blank diary -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiaryDay:
    """One line of a blank diary: the day, the planned dose, and what kind of day it is."""

    day: date
    dose_mg: Decimal | None
    kind: Literal["baseline", "dose", "no-dose"]

    @property
    def dose_text(self) -> str:
        """The ``dose`` cell: "1.5 mg", or ``none`` on a baseline day or a day without LDN."""
        return format_mg(self.dose_mg) if self.dose_mg is not None else NO_DOSE


def baseline_start(plan: Plan) -> date:
    """The first of the ``BASELINE_DAYS`` days before the plan's start."""
    try:
        return plan.start - timedelta(days=BASELINE_DAYS)
    except OverflowError:
        raise InputError(
            f"the plan starts on {plan.start.isoformat()}: its {BASELINE_DAYS} baseline days "
            "would fall before year 1"
        ) from None


def planned_doses(plan: Plan, first: date, last: date) -> dict[date, Decimal | None]:
    """The dose planned for every day from ``first`` to ``last``: none before the start or on
    a hold; after the plan's last day, its last step's (maintenance) dose, as the plan says to
    continue it. One walk over each step's days within the range."""
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    doses: dict[date, Decimal | None] = dict.fromkeys(days)
    for step in plan.steps:
        day = max(step.start, first)
        while day <= min(step.end, last):
            if doses[day] is None:  # the first step that holds a day wins, as Plan.dose_on
                doses[day] = step.dose_mg
            day += timedelta(days=1)
    for day in days:
        if day > plan.end:
            doses[day] = plan.steps[-1].dose_mg
    return doses


def diary_days(plan: Plan) -> list[DiaryDay]:
    """The blank diary of ``plan``: its 7 baseline days, then every day of the plan."""
    first = baseline_start(plan)
    count = (plan.end - first).days + 1
    if count > MAX_DIARY_DAYS + BASELINE_DAYS:
        raise InputError(
            f"the plan runs {count - BASELINE_DAYS} days; a diary covers at most "
            f"{MAX_DIARY_DAYS} (MAX_DIARY_DAYS): plan a shorter maintenance (--maintain)"
        )
    days = []
    for day, dose in planned_doses(plan, first, plan.end).items():
        kind: Literal["baseline", "dose", "no-dose"] = (
            "baseline" if day < plan.start else "dose" if dose is not None else "no-dose"
        )
        days.append(DiaryDay(day=day, dose_mg=dose, kind=kind))
    return days
