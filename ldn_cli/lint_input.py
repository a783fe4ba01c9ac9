"""Reading a plan under check: JSON or CSV text -> ``PlanUnderCheck``, never reinterpreted.

JSON: the plan contract of ``ldn plan --format json`` without its dose bounds (an out-of-bounds
dose is a finding, not a parse error); duplicate keys, dates other than ISO ``YYYY-MM-DD``,
non-ASCII digits and an empty ``steps`` are refused. CSV: a header (``start,end,dose_mg`` or
``date,dose_mg``, once each), every row with no more cells than the header (a decimal comma
splits a cell: "1,5" is never read as 1), quotes closed, ASCII numbers and ISO dates. The CSV
``ldn plan --format csv`` writes reads back whole: its ``no_ldn`` column (``held``/``missed``,
an empty dose cell) and its ``followup`` markers ("visit N window", "visit N (suggested)").
A dose written with a trailing zero ("1.50") is kept and reported as notation. Errors are one
line naming the line and column. Linear in the input.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ldn_cli.errors import InputError, validation_message
from ldn_cli.jsontext import loads

#: A number of mg as a person writes it: ASCII digits, one optional point (trailing zeros kept,
#: so that they can be reported).
_DOSE_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: ISO dates exactly as ``ldn plan`` takes them: ``20261201`` and ``2026W011`` are refused.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A dose beyond this many mg is not a dose at all (it would only make unreadable messages).
MAX_READ_MG = Decimal(10) ** 6
#: What ``ldn plan --format csv`` marks a day without a dose with.
NO_DOSE_KINDS = ("held", "missed")
_VISIT_MARK = re.compile(r"visit ([0-9]{1,6}) (window|\(suggested\))")


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a plan under check: a dose held from ``start`` to ``end`` inclusive."""

    where: str
    start: date
    end: date
    dose_mg: Decimal


@dataclass(frozen=True, slots=True)
class HeldDays:
    """Days a plan under check records without LDN, on purpose or missed (a hold)."""

    where: str
    start: date
    end: date


@dataclass(slots=True)
class PlanUnderCheck:
    """A parsed plan: its rows, its step if it states one, its follow-ups if recorded, its
    days without a dose, and doses written with a trailing zero (where, as written)."""

    rows: list[PlanRow]
    step_mg: Decimal | None = None
    follow_ups: list[tuple[date, date]] | None = None
    holds: tuple[HeldDays, ...] = ()
    trailing_zeros: list[tuple[str, str]] = field(default_factory=list)
    span: tuple[date, date] | None = None


def parse_plan(text: str, *, name: str) -> PlanUnderCheck:
    """A JSON plan or a CSV plan, told apart by its first character."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise InputError(f"{name}: the plan is empty; give a JSON plan or a CSV with a header")
    if stripped[0] in "{[":
        return _parse_json(text, name=name)
    return _parse_csv(text, name=name)


def read_dose(text: str) -> Decimal | None:
    """``1.5``, ``1.50`` or ``1.5 mg`` as written (ASCII digits only), else ``None``."""
    cleaned = text.strip()
    if cleaned[-2:].lower() == "mg":
        cleaned = cleaned[:-2].strip()
    return Decimal(cleaned) if _DOSE_TEXT.fullmatch(cleaned) else None


def has_trailing_zero(text: str) -> bool:
    """True for ``1.50``, ``3.0`` or ``3.0 Mg``: a zero after the last significant decimal
    digit of the dose ``read_dose`` reads (its ``Decimal`` keeps the digits as written)."""
    dose = read_dose(text)
    if dose is None:
        return False
    sign, digits, exponent = dose.as_tuple()
    return isinstance(exponent, int) and exponent < 0 and digits[-1] == 0


# --- JSON ---------------------------------------------------------------------------------------


def _iso_date(value: object) -> object:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("a date is written YYYY-MM-DD (e.g. 2026-12-01)")


def _dose(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError("a dose is a number of mg")
    if isinstance(value, str) and read_dose(value) is None:
        raise ValueError("a dose is a number of mg written with the digits 0-9 (e.g. 1.5)")
    number = read_dose(value) if isinstance(value, str) else Decimal(str(value))
    if number is None or not number.is_finite() or abs(number) >= MAX_READ_MG:
        raise ValueError("a dose is a finite number of mg")
    return number


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
DoseValue = Annotated[Decimal, BeforeValidator(_dose)]


class _Loose(BaseModel):
    model_config = ConfigDict(defer_build=True)


class _LooseStep(_Loose):
    index: int
    start: IsoDate
    end: IsoDate
    dose_mg: DoseValue


class _LooseCheckpoint(_Loose):
    earliest: IsoDate
    latest: IsoDate


class _LooseProtocol(_Loose):
    step_mg: DoseValue | None = None


class _LooseHold(_Loose):
    start: IsoDate
    end: IsoDate


class _LoosePlan(_Loose):
    """The JSON plan contract, without the dose bounds (out-of-bounds doses are findings)."""

    start: IsoDate | None = None
    end: IsoDate | None = None
    steps: list[_LooseStep] = Field(min_length=1)
    checkpoints: list[_LooseCheckpoint] = []
    protocol: _LooseProtocol | None = None
    holds: list[_LooseHold] = []


def _parse_json(text: str, *, name: str) -> PlanUnderCheck:
    data = loads(text, name=name)
    try:
        plan = _LoosePlan.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        message = (
            f"{name}: steps: the plan has no steps"
            if tuple(first["loc"]) == ("steps",) and first["type"] == "too_short"
            else validation_message(error, name=name)
        )
        raise InputError(
            f"{message} (expected the plan JSON of 'ldn plan --format json')"
        ) from None
    rows = [
        PlanRow(where=f"step {step.index}", start=step.start, end=step.end, dose_mg=step.dose_mg)
        for step in plan.steps
    ]
    written = data.get("steps", []) if isinstance(data, dict) else []
    zeros = [
        (f"step {step.index}", raw["dose_mg"])
        for step, raw in zip(plan.steps, written, strict=False)
        if isinstance(raw, dict)
        and isinstance(raw.get("dose_mg"), str)
        and has_trailing_zero(raw["dose_mg"])
    ]
    return PlanUnderCheck(
        rows=rows,
        step_mg=plan.protocol.step_mg if plan.protocol else None,
        follow_ups=[(c.earliest, c.latest) for c in plan.checkpoints],
        holds=tuple(
            HeldDays(f"hold {number}", hold.start, hold.end)
            for number, hold in enumerate(plan.holds, start=1)
        ),
        trailing_zeros=zeros,
        span=(plan.start, plan.end) if plan.start and plan.end else None,
    )


# --- CSV ----------------------------------------------------------------------------------------


def _records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on; an unterminated quote is an error
    naming the line where it opened."""
    lines = io.StringIO(text.lstrip("\ufeff"), newline="")
    reader = csv.reader(lines, strict=True)
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "EOF" in str(error) or "end of data" in str(error):
                raise InputError(
                    f"{name}: line {first_line}: a quote opened on this line is never closed"
                ) from None
            raise InputError(f"{name}: line {first_line}: not valid CSV ({error})") from None
        yield first_line, cells


def _parse_csv(text: str, *, name: str) -> PlanUnderCheck:
    records = _records(text, name)
    _, header_cells = next(records, (1, []))
    header = [cell.strip().lower() for cell in header_cells]
    if {"start", "end", "dose_mg"} <= set(header):
        columns: tuple[str, ...] = ("start", "end", "dose_mg")
    elif {"date", "dose_mg"} <= set(header):
        columns = ("date", "dose_mg")
    else:
        found = ",".join(header)[:80] or "nothing"
        raise InputError(
            f"{name}: line 1: a header is required: start,end,dose_mg or date,dose_mg "
            f"(found {found})"
        )
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        raise InputError(
            f"{name}: line 1: column {duplicates[0][:40]!r} appears twice; each column may "
            "appear once"
        )
    daily = columns[0] == "date"
    reader = _CsvReader(name=name, header=header, columns=columns)
    for line, cells in records:
        reader.add(line, cells)
    if not reader.rows and not reader.hold_days:
        raise InputError(f"{name}: the CSV has a header but no rows")
    return PlanUnderCheck(
        rows=reader.rows,
        holds=tuple(reader.hold_days),
        follow_ups=reader.follow_ups() if daily and "followup" in header else None,
        trailing_zeros=reader.trailing_zeros,
    )


@dataclass(slots=True)
class _CsvReader:
    """Collects the rows, days without a dose, follow-up markers and notation of a CSV."""

    name: str
    header: list[str]
    columns: tuple[str, ...]
    rows: list[PlanRow] = field(default_factory=list)
    hold_days: list[HeldDays] = field(default_factory=list)
    visits: dict[str, list[date]] = field(default_factory=dict)
    trailing_zeros: list[tuple[str, str]] = field(default_factory=list)

    def cell(self, cells: list[str], line: int, column: str) -> str:
        position = self.header.index(column)
        if position >= len(cells):
            raise InputError(f"{self.name}: line {line}, column {position + 1} ({column}): missing")
        return cells[position].strip()

    def add(self, line: int, cells: list[str]) -> None:
        if not any(cell.strip() for cell in cells):
            return
        if len(cells) > len(self.header):
            raise InputError(
                f"{self.name}: line {line}: {len(cells)} cells for {len(self.header)} columns: "
                f"a decimal comma? write {self.comma_fix(cells)} (or quote a cell that holds "
                "a comma)"
            )
        dates = [self.day(cells, line, column) for column in self.columns[:-1]]
        start, end = dates[0], dates[-1]
        dose_text = self.cell(cells, line, "dose_mg")
        marker = self.cell(cells, line, "no_ldn").lower() if "no_ldn" in self.header else ""
        if marker and marker not in NO_DOSE_KINDS:
            raise InputError(
                f"{self.name}: line {line}, column {self.header.index('no_ldn') + 1} (no_ldn): "
                f"{marker[:40]!r}; allowed: held, missed, or empty"
            )
        if marker and dose_text:
            raise InputError(
                f"{self.name}: line {line}: a dose and no_ldn {marker!r} on one row; a day "
                "without LDN has an empty dose cell"
            )
        if "followup" in self.header:
            self.mark_visit(self.cell(cells, line, "followup"), start)
        if marker:
            self.hold_days.append(HeldDays(f"row {line}", start, end))
            return
        self.rows.append(
            PlanRow(where=f"row {line}", start=start, end=end, dose_mg=self.dose(dose_text, line))
        )
        if has_trailing_zero(dose_text):
            self.trailing_zeros.append((f"row {line}", dose_text))

    def comma_fix(self, cells: list[str]) -> str:
        """``1.5`` for a dose split as ``1,5``; ``2.5, not 2,5`` when it cannot tell."""
        position = self.header.index("dose_mg")
        whole, part = cells[position].strip(), cells[position + 1].strip()
        if re.fullmatch("[0-9]{1,3}", whole) and re.fullmatch("[0-9]{1,3}", part):
            return f"{whole}.{part}, not {whole},{part}"
        return "2.5, not 2,5"

    def day(self, cells: list[str], line: int, column: str) -> date:
        text = self.cell(cells, line, column)
        try:
            if _ISO_DATE.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        raise InputError(
            f"{self.name}: line {line}, column {self.header.index(column) + 1} ({column}): "
            f"{text[:40]!r} is not a date; use YYYY-MM-DD"
        )

    def dose(self, text: str, line: int) -> Decimal:
        column = self.header.index("dose_mg") + 1
        if not text:
            raise InputError(
                f"{self.name}: line {line}, column {column} (dose_mg): empty; write the dose in "
                "mg, or mark a day without LDN in a no_ldn column (held or missed)"
            )
        value = read_dose(text)
        if value is None or value == 0 or value >= MAX_READ_MG:
            hint = " (a decimal point, not a comma)" if "," in text else ""
            raise InputError(
                f"{self.name}: line {line}, column {column} (dose_mg): {text[:40]!r} is not a "
                f"positive number of mg written with the digits 0-9{hint}"
            )
        return value

    def mark_visit(self, text: str, day: date) -> None:
        match = _VISIT_MARK.fullmatch(text.strip().lower())
        if match:
            self.visits.setdefault(match.group(1), []).append(day)

    def follow_ups(self) -> list[tuple[date, date]]:
        """Each visit's window: from its first marked day to its last."""
        return [(min(days), max(days)) for days in self.visits.values()]
