"""The plan linter: rules with stable codes over a dose plan a pharmacist receives.

Input is a JSON plan (as ``ldn plan --format json`` writes) or a CSV (``start,end,dose_mg`` or
``date,dose_mg``, header required), read by ``lint_input`` without reinterpretation; doses out
of bounds are findings, not parse errors. Each rule has a code (documented in the README), a
severity (error, warning, info), where it applies, a message and a source key. Directions are
checked for notation and against the plan's doses and the liquid's concentration. Pure: text
in, findings out.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ldn_cli.compounding import (
    NotMakeable,
    NotMeasurable,
    Syringe,
    capsule_mix,
    default_bud_days,
    default_syringes,
    describe_measure,
    inexact_message,
    is_exact,
    measure,
)
from ldn_cli.dose import DOSE_QUANTUM, MAX_DOSE_MG, MIN_DOSE_MG, format_mg, format_number
from ldn_cli.errors import InputError
from ldn_cli.formulation_request import DEFAULT_MAX_ERROR_PCT
from ldn_cli.interactions import MedicationCheck
from ldn_cli.intervals import Windows
from ldn_cli.lint_input import PlanRow, PlanUnderCheck
from ldn_cli.lint_input import parse_plan as parse_plan  # the linter's reader, re-exported
from ldn_cli.models import FOLLOW_UP_MAX_DAYS, FOLLOW_UP_MIN_DAYS, Capsules, Liquid

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: tuple[Severity, ...] = ("error", "warning", "info")
#: Default smallest interval between increases: the weekly protocols (``ldnrt-weekly``).
DEFAULT_MIN_INTERVAL_DAYS = 7
#: Default largest increase when the plan does not say its step: the standard protocol.
DEFAULT_MAX_STEP_MG = Decimal("1.5")

#: Every rule: code -> (severity, what it finds, source key). The README lists them.
RULES: dict[str, tuple[Severity, str, str]] = {
    "LDN101": ("error", f"dose above {format_mg(MAX_DOSE_MG)}", "seed-standard"),
    "LDN102": ("error", f"dose below {format_mg(MIN_DOSE_MG)}", "seed-individualized"),
    "LDN103": ("error", "dose with more than two decimals", "ismp-notation"),
    "LDN104": ("error", "a row, hold or plan that ends before it starts", "seed-standard"),
    "LDN105": ("error", "a dose in the plan's data with a trailing zero (1.50)", "ismp-notation"),
    "LDN111": ("warning", "an increase larger than the plan's step", "seed-standard"),
    "LDN112": ("warning", "an increase sooner than the minimum interval", "ldnrt-weekly"),
    "LDN113": ("info", "a dose reduction (check its reason)", "ldnrt-side-effects"),
    "LDN121": ("error", "rows whose dates overlap", "seed-standard"),
    "LDN122": ("error", "a gap between rows not covered by a recorded hold", "seed-standard"),
    "LDN130": ("info", "follow-up dates not recorded (CSV plans)", "seed-follow-up"),
    "LDN131": (
        "warning",
        f"a change without a follow-up {FOLLOW_UP_MIN_DAYS}–{FOLLOW_UP_MAX_DAYS} days later",
        "seed-follow-up",
    ),
    "LDN141": ("error", "a liquid dose measurable only with a large error", "iso-7886-1"),
    "LDN142": ("error", "a liquid dose no stocked syringe can measure", "iso-7886-1"),
    "LDN143": ("error", "a dose that whole capsules cannot make", "ldnrt-types"),
    "LDN144": ("warning", "capsule splitting or opening in the directions", "ldnrt-types"),
    "LDN145": (
        "warning",
        "a liquid dose no stocked syringe measures exactly (the volume is not the dose)",
        "syringe-gradations",
    ),
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
    "LDN174": (
        "error",
        "QD or QOD in the directions (write 'daily' or 'every other day')",
        "ismp-notation",
    ),
    "LDN175": ("error", "µg or ug in the directions (write mcg, or mg for LDN)", "ismp-notation"),
    "LDN176": ("error", "cc in the directions (write mL)", "ismp-notation"),
    "LDN177": ("error", "a decimal comma in the directions (1,5 mg)", "ismp-notation"),
    "LDN178": ("error", "no space between number and unit in the directions", "ismp-notation"),
    "LDN179": ("error", "a period after the unit in the directions (mg.)", "ismp-notation"),
    "LDN180": ("warning", "mcg in the directions: LDN doses are written in mg", "seed-standard"),
    "LDN181": ("error", "a dose in the directions that the plan does not have", "seed-standard"),
    "LDN182": (
        "info",
        "a volume in the directions without a concentration, so not checked",
        "ismp-notation",
    ),
    "LDN183": ("error", "digits other than 0–9 in the directions", "ismp-notation"),
}


class Finding(BaseModel):
    """One finding: its rule code, severity, where it applies, message and source key."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    severity: Severity
    where: str
    message: str
    source: str


def finding(code: str, where: str, message: str, *, source: str | None = None) -> Finding:
    """A finding of rule ``code``, with the rule's severity and source (or ``source``, where
    the message quotes advice that has its own, such as a medication's)."""
    severity, _, rule_source = RULES[code]
    return Finding(
        code=code, severity=severity, where=where, message=message, source=source or rule_source
    )


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


# --- rules -------------------------------------------------------------------------------------


def check_rows(
    plan: PlanUnderCheck,
    *,
    max_step_mg: Decimal | None = None,
    min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS,
) -> list[Finding]:
    """Dose bounds and notation, dates (order, overlap, gaps), increases, and follow-ups."""
    findings: list[Finding] = []
    for row in plan.rows:
        findings += _dose_findings(row.dose_mg, row.where)
        if row.end < row.start:
            findings.append(
                finding("LDN104", row.where, f"ends {row.end} before it starts {row.start}")
            )
    findings += [
        finding("LDN105", where, f"{text[:40]!r}: trailing zero: write {_without_zeros(text)}")
        for where, text in plan.trailing_zeros
    ]
    for hold in plan.holds:
        if hold.end < hold.start:
            findings.append(
                finding("LDN104", hold.where, f"ends {hold.end} before it starts {hold.start}")
            )
    if plan.span is not None and plan.span[1] < plan.span[0]:
        findings.append(
            finding("LDN104", "plan", f"ends {plan.span[1]} before it starts {plan.span[0]}")
        )
    ordered = sorted(plan.rows, key=lambda row: (row.start, row.end))
    # Days without LDN on purpose, or recorded as missed (adjacent holds join into one run).
    held = Windows((hold.start, hold.end) for hold in plan.holds)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.start <= earlier.end:
            findings.append(
                finding(
                    "LDN121",
                    later.where,
                    f"starts {later.start} while {earlier.where} runs to {earlier.end}",
                )
            )
        elif later.start > earlier.end + timedelta(days=1) and not held.covers(
            earlier.end + timedelta(days=1), later.start - timedelta(days=1)
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


def _without_zeros(text: str) -> str:
    """``1.50`` -> ``1.5``, ``3.0 mg`` -> ``3 mg``."""
    number, _, unit = text.strip().partition(" ")
    bare = number.lower().removesuffix("mg")
    suffix = number[len(bare) :] or (f" {unit}" if unit else "")
    try:
        return format_number(Decimal(bare)) + suffix
    except InvalidOperation:  # pragma: no cover - only numbers reach here
        return text


def _dose_findings(dose: Decimal, where: str) -> list[Finding]:
    if dose > MAX_DOSE_MG:
        return [
            finding(
                "LDN101", where, f"{format_mg(dose)} is above the {format_mg(MAX_DOSE_MG)} maximum"
            )
        ]
    if dose < MIN_DOSE_MG:
        return [finding("LDN102", where, f"{format_mg(dose)} is below {format_mg(MIN_DOSE_MG)}")]
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
                f"reviewed {FOLLOW_UP_MIN_DAYS}–{FOLLOW_UP_MAX_DAYS} days later",
            )
        ]
    findings = []
    visits = Windows(plan.follow_ups)
    for change in changes:
        low = change.start + timedelta(days=FOLLOW_UP_MIN_DAYS)
        high = change.start + timedelta(days=FOLLOW_UP_MAX_DAYS)
        # A visit reviews the change only if every day of its window does: a window that
        # merely touches low..high, booked on another of its days, comes too early or too late.
        if not visits.inside(low, high):
            findings.append(
                finding(
                    "LDN131",
                    change.where,
                    f"the change on {change.start} has no follow-up whose window lies between "
                    f"{low} and {high}",
                )
            )
    return findings


def check_formulation(
    plan: PlanUnderCheck,
    formulation: Liquid | Capsules,
    *,
    syringes: Sequence[Syringe] | None = None,
    max_error_pct: Decimal = DEFAULT_MAX_ERROR_PCT,
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
            if not is_exact(measured):
                message = inexact_message(measured, formulation.concentration_mg_per_ml)
                findings.append(finding("LDN145", row.where, message))
        else:
            try:
                capsule_mix(row.dose_mg, formulation.strengths_mg)
            except NotMakeable as error:
                findings.append(finding("LDN143", row.where, str(error)))
    return findings


Use = dict[str, Decimal]


def dose_uses(
    plan: PlanUnderCheck, formulation: Liquid | Capsules, syringes: Sequence[Syringe]
) -> list[tuple[date, date, Use]]:
    """Each row's days with what one day uses: ``{"mL": v}`` or ``{"1.5 mg": n, ...}``
    capsules, in date order (rows whose dose cannot be made are left out: reported
    elsewhere). One entry per row, never per day, so the work follows the input's size."""
    uses: dict[Decimal, Use | None] = {}
    segments = []
    for row in sorted(plan.rows, key=lambda row: (row.start, row.end)):
        if row.end < row.start or _dose_findings(row.dose_mg, row.where):
            continue
        if row.dose_mg not in uses:
            uses[row.dose_mg] = _use(row.dose_mg, formulation, syringes)
        use = uses[row.dose_mg]
        if use is not None:
            segments.append((row.start, row.end, use))
    return segments


def _use(dose: Decimal, formulation: Liquid | Capsules, syringes: Sequence[Syringe]) -> Use | None:
    try:
        if isinstance(formulation, Liquid):
            measured = measure(dose, formulation.concentration_mg_per_ml, syringes)
            return {"mL": measured.volume_ml or Decimal(0)}
        return {
            format_mg(c.strength_mg): Decimal(c.count)
            for c in capsule_mix(dose, formulation.strengths_mg)
        }
    except (NotMeasurable, NotMakeable):
        return None


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
    segments = dose_uses(plan, formulation, tuple(syringes or default_syringes()))
    if not segments:
        return []
    first = segments[0][0]
    last = until or first + timedelta(days=bud - 1)
    needed: Use = {}
    days_to_cover = 0
    for start, end, use in segments:
        count = max(0, (min(end, last) - start).days + 1)
        days_to_cover += count
        for unit, amount in use.items():
            needed[unit] = needed.get(unit, Decimal(0)) + amount * count
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
                    f"{days_to_cover} days need {format_number(amount)}",
                )
            )
    lasts = _days_covered(segments, dispensed)
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


def _days_covered(segments: Sequence[tuple[date, date, Use]], stock: Use) -> int:
    """How many dosing days, in order, the stock lasts."""
    left = dict(stock)
    covered = 0
    for start, end, use in segments:
        days = (end - start).days + 1
        affordable = min(
            (int(left.get(unit, Decimal(0)) // amount) for unit, amount in use.items() if amount),
            default=days,
        )
        taken = min(days, affordable)
        covered += taken
        for unit, amount in use.items():
            left[unit] = left.get(unit, Decimal(0)) - amount * taken
        if taken < days:
            break
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


def medication_findings(checks: Iterable[MedicationCheck]) -> list[Finding]:
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
            findings.append(finding(code, where, text, source=match.advice_source))
        if check.unrecognised:
            findings.append(
                finding("LDN163", where, f"not recognised: {', '.join(check.unrecognised)}")
            )
    return findings


#: A number as the directions may write it (ASCII digits; other digits are LDN183).
_NUM = r"(?<![\w.,])([0-9]*\.?[0-9]+)"
_NOTATION: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("LDN171", re.compile(r"(?<![0-9.,])[0-9]+\.[0-9]*0(?![0-9])"), "trailing zero: write {fix}"),
    ("LDN172", re.compile(r"(?<![\w.])\.[0-9]+"), "no leading zero: write 0{text}"),
    (
        "LDN173",
        re.compile(r"\bq\.?\s?h\.?\s?s\b\.?|\bh\.?s\b\.?", re.IGNORECASE),
        "write 'at bedtime'",
    ),
    (
        "LDN174",
        re.compile(r"\bq\.?\s?o\.?\s?d\b\.?", re.IGNORECASE),
        "QOD means every other day: write 'every other day'",
    ),
    ("LDN174", re.compile(r"\bq\.?\s?d\b\.?", re.IGNORECASE), "write 'daily'"),
    ("LDN175", re.compile(r"[µμ]g\b|\bug\b", re.IGNORECASE), "µg is misread as mg: write mg"),
    ("LDN176", re.compile(r"\bcc\b", re.IGNORECASE), "write mL"),
    (
        "LDN177",
        re.compile(r"(?<![\w.,])[0-9]+,[0-9]+(?=\s*(?:mg|mcg|ml)\b)", re.IGNORECASE),
        "a decimal comma is misread (as 15, or as two numbers): write {point}",
    ),
    (
        "LDN178",
        re.compile(r"(?<![\w.,])[0-9]*\.?[0-9]+(?:mg|mcg|ml)\b", re.IGNORECASE),
        "no space before the unit: write a space between the number and the unit",
    ),
    (
        "LDN179",
        re.compile(r"(?<![a-z])(?:mg|mcg|ml)\.", re.IGNORECASE),
        "a period after the unit is misread as a 1: write the unit without it",
    ),
)
_SPLITTING = re.compile(
    r"\b(half|halves|split|splitting|1/2|open(ed|ing)?\s+(the\s+)?capsules?)\b|½", re.IGNORECASE
)
#: Doses and volumes the directions state: "1.5 mg", "500 mcg", "4.5 mL" (not "1,5 mg").
_AMOUNT = re.compile(_NUM + r"\s*(mg|mcg|ml)\b", re.IGNORECASE)
#: Digits other than 0-9 ("١.٥", "１.５"): never read as a number, always reported.
_OTHER_DIGITS = re.compile(r"(?:(?![0-9])\d)+(?:[.,．](?:(?![0-9])\d)+)*")
MCG_PER_MG = Decimal(1000)


def check_directions(
    text: str,
    *,
    plan: PlanUnderCheck | None = None,
    concentration: Decimal | None = None,
) -> list[Finding]:
    """Error-prone notation, doses out of range or not in ``plan``, volumes at
    ``concentration``, and capsule splitting, in a free-text sig."""
    if not text.strip():
        raise InputError("directions is empty; give the sig to check, e.g. 'Take 1.5 mg daily'")
    findings = []
    for code, pattern, advice in _NOTATION:
        for match in pattern.finditer(text):
            found = match.group(0)
            short = code == "LDN171" and len(found) <= 40  # a fix is only shown when readable
            fix = format_number(Decimal(found)) if short else "it without the trailing zeros"
            findings.append(
                finding(
                    code,
                    f"directions, column {match.start() + 1}",
                    f"{found[:40]!r}: "
                    + advice.format(fix=fix, text=found, point=found.replace(",", ".")),
                )
            )
    findings += [
        finding(
            "LDN183",
            f"directions, column {match.start() + 1}",
            f"{match.group(0)[:40]!r}: digits other than 0–9 are not read as a dose; write the "
            "number with 0–9",
        )
        for match in _OTHER_DIGITS.finditer(text)
    ]
    plan_doses = {row.dose_mg for row in plan.rows} if plan is not None else None
    for match in _AMOUNT.finditer(text):
        findings += _amount_findings(match, plan_doses, concentration)
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


def _amount_findings(
    match: "re.Match[str]", plan_doses: set[Decimal] | None, concentration: Decimal | None
) -> list[Finding]:
    """A stated amount as a dose in mg: bounds, and whether the plan has it."""
    where = f"directions, column {match.start() + 1}"
    amount, unit = Decimal(match.group(1)), match.group(2).lower()
    said = match.group(0)
    findings = []
    if unit == "mcg":
        dose = amount / MCG_PER_MG
        findings.append(
            finding("LDN180", where, f"{said!r} is {format_mg(dose)}: write {format_mg(dose)}")
        )
        said = f"{said} ({format_mg(dose)})"
    elif unit == "ml":
        if concentration is None:
            return [
                finding(
                    "LDN182",
                    where,
                    f"{said!r}: a volume; give the liquid (--liquid CONC) to check the dose it is",
                )
            ]
        dose = amount * concentration
        said = f"{said} of {format_number(concentration)} mg/mL ({format_mg(dose)})"
    else:
        dose = amount
    out_of_range = _dose_findings(dose, where)
    findings += [
        item.model_copy(update={"message": f"{said}: {item.message}"}) for item in out_of_range
    ]
    if plan_doses is not None and dose not in plan_doses:
        doses = ", ".join(format_mg(d) for d in sorted(plan_doses))
        findings.append(finding("LDN181", where, f"{said} is not a dose of the plan ({doses})"))
    return findings


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; by code within each."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.index(f.severity), f.code))


def is_failing(findings: Sequence[Finding], *, strict: bool = False) -> bool:
    """True when any error (or, with ``strict``, any warning) was found."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(item.severity in failing for item in findings)
