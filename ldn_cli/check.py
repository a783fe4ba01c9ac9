"""The plan linter: rules with stable codes over a dose plan a pharmacist receives.

Input is a JSON plan (as ``ldn plan --format json`` writes) or a CSV (``start,end,dose_mg`` or
``date,dose_mg``, header required), parsed here from text; doses out of bounds are findings,
not parse errors. Each rule has a code (documented in the README), a severity (error, warning,
info), where it applies, a message and a source key. Pure: text in, findings out.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ldn_cli.compounding import (
    NotMakeable,
    NotMeasurable,
    Syringe,
    capsule_mix,
    default_bud_days,
    default_syringes,
    describe_measure,
    measure,
)
from ldn_cli.dose import DOSE_QUANTUM, MAX_DOSE_MG, MIN_DOSE_MG, format_mg, format_number
from ldn_cli.errors import InputError
from ldn_cli.interactions import MedicationCheck
from ldn_cli.models import FOLLOW_UP_MAX_DAYS, FOLLOW_UP_MIN_DAYS, Capsules, Liquid

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: tuple[Severity, ...] = ("error", "warning", "info")
#: Default smallest interval between increases: the weekly protocols (``ldnrt-weekly``).
DEFAULT_MIN_INTERVAL_DAYS = 7
#: Default largest increase when the plan does not say its step: the standard protocol.
DEFAULT_MAX_STEP_MG = Decimal("1.5")

#: Every rule: code -> (severity, what it finds, source key). The README lists them.
RULES: dict[str, tuple[Severity, str, str]] = {
    "LDN101": ("error", "dose above 4.5 mg", "seed-standard"),
    "LDN102": ("error", "dose below 0.1 mg", "seed-individualized"),
    "LDN103": ("error", "dose with more than two decimals", "ismp-notation"),
    "LDN104": ("error", "a row that ends before it starts", "seed-standard"),
    "LDN111": ("warning", "an increase larger than the plan's step", "seed-standard"),
    "LDN112": ("warning", "an increase sooner than the minimum interval", "ldnrt-weekly"),
    "LDN113": ("info", "a dose reduction (check its reason)", "ldnrt-side-effects"),
    "LDN121": ("error", "rows whose dates overlap", "seed-standard"),
    "LDN122": ("error", "a gap between rows not covered by a recorded hold", "seed-standard"),
    "LDN130": ("info", "follow-up dates not recorded (CSV plans)", "seed-follow-up"),
    "LDN131": ("warning", "a change without a follow-up 14–28 days later", "seed-follow-up"),
    "LDN141": ("warning", "a liquid dose measurable only with a large error", "iso-7886-1"),
    "LDN142": ("error", "a liquid dose no stocked syringe can measure", "iso-7886-1"),
    "LDN143": ("error", "a dose that whole capsules cannot make", "ldnrt-types"),
    "LDN144": ("warning", "capsule splitting or opening in the directions", "ldnrt-types"),
    "LDN151": ("error", "dispensed quantity short of the period it must cover", "usp-795-bud"),
    "LDN152": ("error", "dispensed quantity used past its beyond-use date", "usp-795-bud"),
    "LDN161": ("error", "an opioid conflict (contraindicated or possibly so)", "naltrexone-label"),
    "LDN162": ("warning", "an opioid caution or duplicate antagonist", "naltrexone-label"),
    "LDN163": ("info", "a medication not recognised, so not checked", "opioid-table"),
    "LDN164": (
        "warning",
        "a PAMORA: taken with opioids, ask about opioid use",
        "pamora-opioid-use",
    ),
    "LDN165": ("warning", "naloxone: a rescue kit, ask about opioid use", "naloxone-opioid-use"),
    "LDN166": ("info", "low dose naltrexone itself: the drug being planned", "seed-ldn-dose"),
    "LDN171": ("error", "trailing zero in the directions (3.0 mg)", "ismp-notation"),
    "LDN172": ("error", "missing leading zero in the directions (.5 mg)", "ismp-notation"),
    "LDN173": ("error", "qhs or HS in the directions (write 'at bedtime')", "ismp-notation"),
    "LDN174": ("error", "QD or QOD in the directions (write 'daily')", "ismp-notation"),
    "LDN175": ("error", "µg or ug in the directions (write mcg)", "ismp-notation"),
    "LDN176": ("error", "cc in the directions (write mL)", "ismp-notation"),
}


class Finding(BaseModel):
    """One finding: its rule code, severity, where it applies, message and source key."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    severity: Severity
    where: str
    message: str
    source: str


def finding(code: str, where: str, message: str) -> Finding:
    """A finding of rule ``code``, with the rule's severity and source."""
    severity, _, source = RULES[code]
    return Finding(code=code, severity=severity, where=where, message=message, source=source)


class FindingCounts(BaseModel):
    """How many findings of each severity."""

    error: int = 0
    warning: int = 0
    info: int = 0


class FindingsReport(BaseModel):
    """What ``ldn check --format json`` prints (``schema_version`` 1)."""

    model_config = ConfigDict(defer_build=True)

    schema_version: Literal[1] = 1
    failing: bool
    counts: FindingCounts
    findings: list[Finding]


def report(findings: Sequence[Finding], *, strict: bool = False) -> FindingsReport:
    """The findings sorted, counted, and judged (failing: any error, or warning if strict)."""
    ordered = sort_findings(findings)
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for item in ordered:
        counts[item.severity] += 1
    return FindingsReport(
        failing=is_failing(ordered, strict=strict),
        counts=FindingCounts(**counts),
        findings=ordered,
    )


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a plan under check: a dose held from ``start`` to ``end`` inclusive."""

    where: str
    start: date
    end: date
    dose_mg: Decimal


@dataclass(slots=True)
class PlanUnderCheck:
    """A parsed plan: its rows, its step if it states one, and its follow-ups if recorded."""

    rows: list[PlanRow]
    step_mg: Decimal | None = None
    follow_ups: list[tuple[date, date]] | None = None
    kind: Literal["json", "csv"] = "json"
    holds: tuple[tuple[date, date], ...] = ()


# --- parsing -----------------------------------------------------------------------------------


class _LooseStep(BaseModel):
    index: int
    start: date
    end: date
    dose_mg: Decimal


class _LooseCheckpoint(BaseModel):
    earliest: date
    latest: date


class _LooseProtocol(BaseModel):
    step_mg: Decimal | None = None


class _LooseHold(BaseModel):
    start: date
    end: date


class _LoosePlan(BaseModel):
    """The JSON plan contract, without the dose bounds (out-of-bounds doses are findings)."""

    steps: list[_LooseStep]
    checkpoints: list[_LooseCheckpoint] = []
    protocol: _LooseProtocol | None = None
    holds: list[_LooseHold] = []


def parse_plan(text: str, *, name: str) -> PlanUnderCheck:
    """A JSON plan or a CSV plan, told apart by its first character."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise InputError(f"{name}: the plan is empty; give a JSON plan or a CSV with a header")
    if stripped[0] in "{[":
        return _parse_json(text, name=name)
    return _parse_csv(text, name=name)


def _parse_json(text: str, *, name: str) -> PlanUnderCheck:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{name}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    try:
        plan = _LoosePlan.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise InputError(
            f"{name}: {path}: {first['msg']} (expected the plan JSON of 'ldn plan --format json')"
        ) from None
    rows = [
        PlanRow(where=f"step {step.index}", start=step.start, end=step.end, dose_mg=step.dose_mg)
        for step in plan.steps
    ]
    return PlanUnderCheck(
        rows=rows,
        step_mg=plan.protocol.step_mg if plan.protocol else None,
        follow_ups=[(c.earliest, c.latest) for c in plan.checkpoints],
        kind="json",
        holds=tuple((hold.start, hold.end) for hold in plan.holds),
    )


def _parse_csv(text: str, *, name: str) -> PlanUnderCheck:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    columns: tuple[str, ...]
    if {"start", "end", "dose_mg"} <= set(header):
        columns = ("start", "end", "dose_mg")
    elif {"date", "dose_mg"} <= set(header):
        columns = ("date", "dose_mg")
    else:
        raise InputError(
            f"{name}: line 1: a header is required: start,end,dose_mg or date,dose_mg "
            f"(found {','.join(header) or 'nothing'})"
        )
    positions = {column: header.index(column) for column in columns}
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(column: str, cells: list[str] = cells, line: int = line_number) -> str:
            position = positions[column]
            if position >= len(cells):
                raise InputError(f"{name}: line {line}, column {position + 1} ({column}): missing")
            return cells[position].strip()

        dates = [
            _csv_date(cell(column), name, line_number, positions[column] + 1, column)
            for column in columns[:-1]
        ]
        dose = _csv_dose(cell("dose_mg"), name, line_number, positions["dose_mg"] + 1)
        rows.append(
            PlanRow(where=f"row {line_number}", start=dates[0], end=dates[-1], dose_mg=dose)
        )
    if not rows:
        raise InputError(f"{name}: the CSV has a header but no rows")
    return PlanUnderCheck(rows=rows, kind="csv")


def _csv_date(text: str, name: str, line: int, column: int, label: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{name}: line {line}, column {column} ({label}): {text!r} is not a date; "
            "use YYYY-MM-DD"
        ) from None


def _csv_dose(text: str, name: str, line: int, column: int) -> Decimal:
    try:
        value = Decimal(text.removesuffix("mg").strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0:
        raise InputError(
            f"{name}: line {line}, column {column} (dose_mg): {text!r} is not a positive "
            "number of mg"
        )
    return value


# --- rules -------------------------------------------------------------------------------------


def check_rows(
    plan: PlanUnderCheck,
    *,
    max_step_mg: Decimal | None = None,
    min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS,
) -> list[Finding]:
    """Dose bounds, dates (order, overlap, gaps), increases, and follow-up coverage."""
    findings: list[Finding] = []
    for row in plan.rows:
        findings += _dose_findings(row.dose_mg, row.where)
        if row.end < row.start:
            findings.append(
                finding("LDN104", row.where, f"ends {row.end} before it starts {row.start}")
            )
    ordered = sorted(plan.rows, key=lambda row: (row.start, row.end))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.start <= earlier.end:
            findings.append(
                finding(
                    "LDN121",
                    later.where,
                    f"starts {later.start} while {earlier.where} runs to {earlier.end}",
                )
            )
        elif later.start > earlier.end + timedelta(days=1) and not _held(
            plan, earlier.end + timedelta(days=1), later.start - timedelta(days=1)
        ):
            missing = (later.start - earlier.end).days - 1
            findings.append(
                finding(
                    "LDN122",
                    later.where,
                    f"{missing}-day gap without a dose: {earlier.end + timedelta(days=1)} to "
                    f"{later.start - timedelta(days=1)}",
                )
            )
    findings += _increase_findings(
        _changes(ordered), max_step_mg or plan.step_mg or DEFAULT_MAX_STEP_MG, min_interval_days
    )
    findings += _follow_up_findings(plan, _changes(ordered))
    return findings


def _held(plan: PlanUnderCheck, first: date, last: date) -> bool:
    """True when a recorded hold (surgery, opioids) covers every day from first to last."""
    return any(start <= first and last <= end for start, end in plan.holds)


def _dose_findings(dose: Decimal, where: str) -> list[Finding]:
    if dose > MAX_DOSE_MG:
        return [finding("LDN101", where, f"{format_mg(dose)} is above the 4.5 mg maximum")]
    if dose < MIN_DOSE_MG:
        return [finding("LDN102", where, f"{format_mg(dose)} is below 0.1 mg")]
    if dose != dose.quantize(DOSE_QUANTUM):
        return [finding("LDN103", where, f"{format_mg(dose)} has more than two decimals")]
    return []


def _changes(rows: Sequence[PlanRow]) -> list[PlanRow]:
    """The rows where the dose changes (the first row counts as the start)."""
    changes: list[PlanRow] = []
    for row in rows:
        if not changes or row.dose_mg != changes[-1].dose_mg:
            changes.append(row)
    return changes


def _increase_findings(
    changes: Sequence[PlanRow], max_step: Decimal, min_interval: int
) -> list[Finding]:
    findings = []
    for earlier, later in zip(changes, changes[1:], strict=False):
        change = later.dose_mg - earlier.dose_mg
        if change < 0:
            findings.append(
                finding(
                    "LDN113",
                    later.where,
                    f"dose reduced from {format_mg(earlier.dose_mg)} to {format_mg(later.dose_mg)}",
                )
            )
            continue
        if change > max_step:
            findings.append(
                finding(
                    "LDN111",
                    later.where,
                    f"increase of {format_mg(change)} is larger than the step "
                    f"{format_mg(max_step)}",
                )
            )
        held = (later.start - earlier.start).days
        if held < min_interval:
            findings.append(
                finding(
                    "LDN112",
                    later.where,
                    f"increase after {held} days; at least {min_interval} days expected",
                )
            )
    return findings


def _follow_up_findings(plan: PlanUnderCheck, changes: Sequence[PlanRow]) -> list[Finding]:
    if plan.follow_ups is None:
        return [
            finding(
                "LDN130",
                "plan",
                "a CSV plan records no follow-up: check that the start and every change are "
                "reviewed 14–28 days later",
            )
        ]
    findings = []
    for change in changes:
        low = change.start + timedelta(days=FOLLOW_UP_MIN_DAYS)
        high = change.start + timedelta(days=FOLLOW_UP_MAX_DAYS)
        if not any(earliest <= high and latest >= low for earliest, latest in plan.follow_ups):
            findings.append(
                finding(
                    "LDN131",
                    change.where,
                    f"the change on {change.start} has no follow-up between {low} and {high}",
                )
            )
    return findings


def check_formulation(
    plan: PlanUnderCheck,
    formulation: Liquid | Capsules,
    *,
    syringes: Sequence[Syringe] | None = None,
    max_error_pct: Decimal = Decimal(10),
) -> list[Finding]:
    """Every in-bounds dose is measurable (liquid) or makeable from whole capsules."""
    syringes = tuple(syringes or default_syringes())
    findings = []
    for row in plan.rows:
        if _dose_findings(row.dose_mg, row.where):
            continue  # already an error; no measure to check
        if isinstance(formulation, Liquid):
            try:
                measured = measure(row.dose_mg, formulation.concentration_mg_per_ml, syringes)
            except NotMeasurable as error:
                findings.append(finding("LDN142", row.where, str(error)))
                continue
            if (measured.error_pct or 0) > max_error_pct:
                findings.append(
                    finding(
                        "LDN141",
                        row.where,
                        f"{describe_measure(measured)}, above {format_number(max_error_pct)}%",
                    )
                )
        else:
            try:
                capsule_mix(row.dose_mg, formulation.strengths_mg)
            except NotMakeable as error:
                findings.append(finding("LDN143", row.where, str(error)))
    return findings


def daily_amounts(
    plan: PlanUnderCheck, formulation: Liquid | Capsules, syringes: Sequence[Syringe]
) -> list[tuple[date, dict[str, Decimal]]]:
    """Each plan day with what it uses: ``{"mL": v}`` or ``{"1.5 mg": n, ...}`` capsules."""
    days: list[tuple[date, dict[str, Decimal]]] = []
    for row in sorted(plan.rows, key=lambda row: row.start):
        if _dose_findings(row.dose_mg, row.where):
            continue
        try:
            if isinstance(formulation, Liquid):
                measured = measure(row.dose_mg, formulation.concentration_mg_per_ml, syringes)
                use = {"mL": measured.volume_ml or Decimal(0)}
            else:
                use = {
                    format_mg(c.strength_mg): Decimal(c.count)
                    for c in capsule_mix(row.dose_mg, formulation.strengths_mg)
                }
        except (NotMeasurable, NotMakeable):
            continue
        day = row.start
        while day <= row.end:
            days.append((day, use))
            day += timedelta(days=1)
    return days


def check_dispensed(
    plan: PlanUnderCheck,
    formulation: Liquid | Capsules,
    dispensed: dict[str, Decimal],
    *,
    bud_days: int | None = None,
    syringes: Sequence[Syringe] | None = None,
    until: date | None = None,
) -> list[Finding]:
    """The dispensed quantity covers its period and does not outlast its beyond-use date.

    The period is the plan's start to ``until``, or else the first fill: the plan or the
    beyond-use date, whichever ends first.
    """
    bud = bud_days or default_bud_days(formulation)
    days = daily_amounts(plan, formulation, tuple(syringes or default_syringes()))
    if not days:
        return []
    first = days[0][0]
    last = until or first + timedelta(days=bud - 1)
    must_cover = [(day, use) for day, use in days if day <= last]
    needed: dict[str, Decimal] = {}
    for _, use in must_cover:
        for unit, amount in use.items():
            needed[unit] = needed.get(unit, Decimal(0)) + amount
    findings = []
    for unit, amount in needed.items():
        have = dispensed.get(unit, Decimal(0))
        if have < amount:
            label = "mL" if unit == "mL" else f"× {unit} capsules"
            findings.append(
                finding(
                    "LDN151",
                    "dispensed",
                    f"{format_number(have)} {label} dispensed; the first "
                    f"{len(must_cover)} days need {format_number(amount)}",
                )
            )
    lasts = _days_covered(days, dispensed)
    if lasts > bud:
        findings.append(
            finding(
                "LDN152",
                "dispensed",
                f"the dispensed quantity lasts {lasts} days, past its beyond-use date "
                f"({bud} days): dispense in fills",
            )
        )
    return findings


def _days_covered(
    days: Sequence[tuple[date, dict[str, Decimal]]], stock: dict[str, Decimal]
) -> int:
    left = dict(stock)
    covered = 0
    for _, use in days:
        if any(left.get(unit, Decimal(0)) < amount for unit, amount in use.items()):
            break
        for unit, amount in use.items():
            left[unit] -= amount
        covered += 1
    return covered


#: How each medication tier becomes a finding (no conflict gives none).
_TIER_RULES: dict[str, str] = {
    "contraindicated": "LDN161",
    "caution": "LDN162",
    "duplicate": "LDN162",
    "pamora": "LDN164",
    "naloxone": "LDN165",
    "planned-ldn": "LDN166",
}


def check_medications(checks: Iterable[MedicationCheck]) -> list[Finding]:
    """Medication results as findings: contraindicated is an error (depots and implants
    included), cautions, duplicates, PAMORAs and naloxone warnings, the planned LDN and
    anything unrecognised information. Each finding says which words matched (and, for a
    possible match, the known name they are close to), so a pharmacist sees why."""
    findings = []
    for check in checks:
        where = f"medication {check.input!r}"
        for match in check.matches:
            code = _TIER_RULES.get(match.tier)
            if code is None:
                continue
            form = f", {match.form}" if match.form else ""
            if match.certainty == "possible":
                why = f"'{match.matched}' is close to '{match.near}': verify the medication"
                text = f"possibly {match.ingredient} ({match.tier}{form}; {why}): {match.advice}"
            else:
                why = f"matched '{match.matched}'"
                text = f"{match.ingredient} ({match.tier}{form}; {why}): {match.advice}"
            findings.append(finding(code, where, text))
        if check.unrecognised:
            findings.append(
                finding("LDN163", where, f"not recognised: {', '.join(check.unrecognised)}")
            )
    return findings


_NOTATION: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("LDN171", re.compile(r"(?<![\d.])\d+\.\d*0(?!\d)"), "trailing zero: write {fix}"),
    ("LDN172", re.compile(r"(?<![\w.])\.\d+"), "no leading zero: write 0{text}"),
    (
        "LDN173",
        re.compile(r"\bq\.?\s?h\.?\s?s\b\.?|\bh\.?s\b\.?", re.IGNORECASE),
        "write 'at bedtime'",
    ),
    ("LDN174", re.compile(r"\bq\.?\s?o?\.?\s?d\b\.?", re.IGNORECASE), "write 'daily'"),
    ("LDN175", re.compile(r"[µμ]g\b|\bug\b", re.IGNORECASE), "write mcg"),
    ("LDN176", re.compile(r"\bcc\b", re.IGNORECASE), "write mL"),
)
_SPLITTING = re.compile(
    r"\b(half|halves|split|splitting|1/2|open(ed|ing)?\s+(the\s+)?capsules?)\b|½", re.IGNORECASE
)
_DIRECTION_DOSE = re.compile(r"(?<![\w.])(\d*\.?\d+)\s*mg\b", re.IGNORECASE)


def check_directions(text: str) -> list[Finding]:
    """Error-prone notation, out-of-range doses and capsule splitting in a free-text sig."""
    findings = []
    for code, pattern, advice in _NOTATION:
        for match in pattern.finditer(text):
            found = match.group(0)
            fix = format_number(Decimal(found)) if code == "LDN171" else ""
            findings.append(
                finding(
                    code,
                    f"directions, column {match.start() + 1}",
                    f"{found!r}: " + advice.format(fix=fix, text=found),
                )
            )
    for match in _DIRECTION_DOSE.finditer(text):
        try:
            dose = Decimal(match.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        findings += _dose_findings(dose, f"directions, column {match.start() + 1}")
    findings += [
        finding(
            "LDN144",
            f"directions, column {match.start() + 1}",
            f"{match.group(0)!r}: splitting or opening capsules is a precision risk; "
            "prescribe a dose whole capsules make",
        )
        for match in _SPLITTING.finditer(text)
    ]
    return findings


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; by code within each."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.index(f.severity), f.code))


def is_failing(findings: Sequence[Finding], *, strict: bool = False) -> bool:
    """True when any error (or, with ``strict``, any warning) was found."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(item.severity in failing for item in findings)
