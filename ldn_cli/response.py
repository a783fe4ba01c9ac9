"""A plan and a pain diary -> the response against baseline, and sourced suggestions (the
core of ``ldn review``; named ``response`` so that ``ldn_cli.review()``, the API function,
is never shadowed by a submodule of the same name).

Owns the review's formulas, its models (what ``ldn review --format json`` prints) and its
suggestions. Pure: the review date is ``on`` or the diary's last recorded day, never the clock.

- Baseline: the mean pain of the 7 days before the plan's start, with at least 4 recorded
  days, or a given baseline (``final-trial``: change in the 7-day average pain from baseline).
- Now: the mean pain of the 7 days ending on ``on`` (not before the start), at least 4
  recorded days; else ``insufficient-data``, with how many more days are needed.
- ``reduction_pct`` = (baseline − now) / baseline × 100, and its IMMPACT category
  (``immpact-2008``): substantial ≥ 50, moderate ≥ 30, minimal ≥ 10, none 0 to < 10, worse < 0.
  The same per step (its last 7 days, or its days if fewer). Days after the plan's last day
  count at its maintenance dose.
- Arithmetic is exact (fractions of the recorded decimals) and rounded once: means to one
  decimal half-to-even; ``reduction_pct`` to one decimal *down* (ROUND_FLOOR), so the printed
  reduction never overstates the response and always lies in the printed category (the
  category thresholds are whole numbers); ``goal_pain`` down as well.
- A day without a recorded pain is missing, never zero pain.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from ldn_cli.diary import (
    BASELINE_DAYS,
    MAX_DIARY_DAYS,
    NO_DOSE,
    DiaryRow,
    baseline_start,
    in_date_order,
    parse_iso_date,
    parse_score,
    planned_doses,
    row_from_mapping,
)
from ldn_cli.dose import format_mg, format_number, json_number
from ldn_cli.errors import InputError
from ldn_cli.models import SCHEMA_VERSION, DoseMg, Hold, Plan, dose_time_phrase
from ldn_cli.printable import quoted

#: The window of a mean: the average pain of the last 7 days (``final-trial``).
WINDOW_DAYS = 7
#: Recorded days a 7-day mean needs by default (``diary-min-days``: ldn-cli's own rule, which
#: no source sets; ``--min-days`` changes it, 1 to ``WINDOW_DAYS``).
MIN_RECORDED_DAYS = 4
#: The response is judged at 12 weeks from the start (``final-trial``: 12 weeks including a
#: 4-week titration).
REVIEW_HORIZON_DAYS = 84
#: IMMPACT categories of a pain reduction, in %, highest first (``immpact-2008``).
SUBSTANTIAL_PCT = 50
MODERATE_PCT = 30
MINIMAL_PCT = 10
#: The lower edge of the realistic goal, a 30–50% reduction (``seed-goal``).
GOAL_PCT = 30
#: A side effect reported on each of the last 3 recorded days has not settled
#: (``ldnrt-side-effects``: side effects that do not settle within a few days).
PERSISTING_DAYS = 3
#: Side effects that disturb sleep, for which morning dosing is an option (``morning-dosing``).
SLEEP_SIDE_EFFECTS = frozenset({"vivid dreams", "vivid dream", "insomnia"})

Category = Literal["substantial", "moderate", "minimal", "none", "worse", "insufficient-data"]

_JSON_NUMBER = PlainSerializer(json_number, return_type=int | float, when_used="json")
Pain = Annotated[
    Decimal,
    Field(ge=0, le=10),
    _JSON_NUMBER,
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 10}, mode="serialization"),
]
Percent = Annotated[Decimal, _JSON_NUMBER, WithJsonSchema({"type": "number"}, mode="serialization")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Window(_Frozen):
    """The days a mean is taken over, how many were recorded, and how many more it needs."""

    start: date
    end: date
    recorded_days: int = Field(ge=0)
    more_days_needed: int = Field(ge=0)


class StepReview(_Frozen):
    """One step of the plan: its dose, the days reviewed, its mean pain and response."""

    index: int = Field(ge=1)
    dose_mg: DoseMg
    window: Window
    mean_pain: Pain | None
    reduction_pct: Percent | None
    category: Category


class MissedDoses(_Frozen):
    """Doses recorded as not taken on days with a planned dose, in the window and overall
    (since the start), and on how many such days taken/not taken was recorded at all."""

    window: int = Field(ge=0)
    overall: int = Field(ge=0)
    recorded_window: int = Field(ge=0)
    recorded_overall: int = Field(ge=0)


class SideEffectCount(_Frozen):
    """A side effect reported in the window, its number of days, and whether it persists."""

    name: str
    days: int = Field(ge=1)
    persisting: bool


class Note(_Frozen):
    """A note the patient wrote in the window."""

    date: date
    text: str


class Suggestion(_Frozen):
    """What the review suggests, with its source key; ``action`` ones make exit status 1."""

    code: str
    text: str
    source: str
    action: bool


class Day(_Frozen):
    """One day from the baseline to ``on``: the planned dose, the pain, whether taken."""

    date: date
    dose_mg: DoseMg | None
    pain: Pain | None
    dose_taken: bool | None


class Review(_Frozen):
    """What ``ldn review --format json`` prints (``schema_version`` 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    on: date
    plan_start: date
    days_since_start: int = Field(ge=0)
    dose_mg: DoseMg | None
    dose_time: str
    at_maintenance: bool
    baseline_pain: Pain | None
    baseline_given: bool
    baseline_window: Window
    current_pain: Pain | None
    current_window: Window
    min_recorded_days: int = Field(ge=1, le=WINDOW_DAYS)
    goal_pain: Pain | None
    reduction_pct: Percent | None
    category: Category
    missed_doses: MissedDoses
    steps: list[StepReview]
    side_effects: list[SideEffectCount]
    notes: list[Note]
    suggestions: list[Suggestion]
    needs_action: bool
    sources: list[str]
    days: list[Day]


# --- arithmetic ----------------------------------------------------------------------------------


def category_of(reduction: Fraction | None) -> Category:
    """The IMMPACT category of an exact reduction in % (``immpact-2008``)."""
    if reduction is None:
        return "insufficient-data"
    if reduction >= SUBSTANTIAL_PCT:
        return "substantial"
    if reduction >= MODERATE_PCT:
        return "moderate"
    if reduction >= MINIMAL_PCT:
        return "minimal"
    if reduction >= 0:
        return "none"
    return "worse"


def one_decimal(value: Fraction, *, down: bool = False) -> Decimal:
    """``value`` to one decimal: half to even, or ``down`` (toward minus infinity); exact."""
    tenths = math.floor(value * 10) if down else round(value * 10)
    return Decimal(tenths).scaleb(-1)


def reduction_of(baseline: Fraction, now: Fraction) -> Fraction:
    """(baseline − now) / baseline × 100, exactly; the baseline is never 0."""
    return (baseline - now) / baseline * 100


def _mean(pains: Sequence[Decimal]) -> Fraction:
    return sum((Fraction(pain) for pain in pains), Fraction(0)) / len(pains)


def _window(
    by_day: Mapping[date, DiaryRow], first: date, last: date, *, needed: int
) -> tuple[Window, Fraction | None]:
    """The window ``first..last`` and its exact mean pain, if it has ``needed`` recorded days."""
    pains = [
        row.pain
        for offset in range((last - first).days + 1)
        if (row := by_day.get(first + timedelta(days=offset))) is not None and row.pain is not None
    ]
    window = Window(
        start=first,
        end=last,
        recorded_days=len(pains),
        more_days_needed=max(0, needed - len(pains)),
    )
    return window, (_mean(pains) if len(pains) >= needed else None)


# --- inputs --------------------------------------------------------------------------------------


def parse_min_days(value: str | int) -> int:
    """How many recorded days a 7-day mean needs: a whole number from 1 to ``WINDOW_DAYS``."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= WINDOW_DAYS:
        raise InputError(
            f"min days {quoted(str(value))} is not allowed; give a whole number of recorded "
            f"days from 1 to {WINDOW_DAYS} (default {MIN_RECORDED_DAYS})"
        )
    return int(text)


def parse_baseline(value: str | Decimal | int) -> Decimal:
    """A given baseline pain, 0–10 as the diary writes it; 0 cannot show a reduction."""
    pain = parse_score(str(value), what="baseline")
    if pain == 0:
        raise InputError(
            "baseline 0 cannot show a reduction (a fall from no pain is undefined); give the "
            "mean pain before LDN, above 0 and at most 10"
        )
    return pain


def diary_rows(rows: Iterable[DiaryRow | Mapping[str, object]]) -> list[DiaryRow]:
    """Rows given to the Python API: ``DiaryRow``s or mappings (``{"date": ..., "pain": ...}``),
    checked as diary lines are, numbered from 1."""
    return in_date_order(
        row if isinstance(row, DiaryRow) else row_from_mapping(row, where=f"diary row {number}")
        for number, row in enumerate(rows, start=1)
    )


# --- the review ----------------------------------------------------------------------------------


def review(
    plan: Plan,
    rows: Sequence[DiaryRow],
    *,
    on: date | None = None,
    baseline: str | int | Decimal | None = None,
    min_days: str | int | None = None,
) -> Review:
    """The review of ``plan`` on ``on`` (default: the diary's last recorded day).

    ``rows`` hold one row per date, in any order (``parse_diary`` or ``diary_rows``).
    ``baseline`` replaces the diary's baseline days; ``min_days`` is how many recorded days a
    7-day mean needs (default ``MIN_RECORDED_DAYS``, ``diary-min-days``). Raises
    ``InputError`` on input that cannot be reviewed: no recorded day between the baseline and
    ``on``, ``on`` before the start, a baseline of 0, a planned dose in the diary that is not
    the plan's.
    """
    needed = MIN_RECORDED_DAYS if min_days is None else parse_min_days(min_days)
    first = baseline_start(plan)
    on, doses, by_day = _reviewed_days(plan, rows, first=first, on=on)
    baseline_window, baseline_pain = _baseline(
        plan, by_day, first=first, given=baseline, needed=needed
    )
    now_first = max(plan.start, on - timedelta(days=WINDOW_DAYS - 1))
    current_window, current = _window(by_day, now_first, on, needed=needed)
    reduction = (
        reduction_of(baseline_pain, current)
        if baseline_pain is not None and current is not None
        else None
    )
    category = category_of(reduction)
    dose_now = doses[on]
    at_maintenance = on >= plan.steps[-1].start
    steps = _step_reviews(plan, by_day, on=on, baseline=baseline_pain, needed=needed)
    side_effects = _side_effects(by_day, now_first, on)
    result = Review.model_construct(
        on=on,
        plan_start=plan.start,
        days_since_start=(on - plan.start).days,
        dose_mg=dose_now,
        dose_time=plan.dose_time,
        at_maintenance=at_maintenance,
        baseline_pain=None if baseline_pain is None else one_decimal(baseline_pain),
        baseline_given=baseline is not None,
        baseline_window=baseline_window,
        current_pain=None if current is None else one_decimal(current),
        current_window=current_window,
        min_recorded_days=needed,
        goal_pain=(
            None
            if baseline_pain is None
            else one_decimal(baseline_pain * (100 - GOAL_PCT) / 100, down=True)
        ),
        reduction_pct=None if reduction is None else one_decimal(reduction, down=True),
        category=category,
        missed_doses=_missed_doses(plan, by_day, doses, now_first=now_first),
        steps=steps,
        side_effects=side_effects,
        notes=[
            Note.model_construct(date=day, text=row.note)
            for day, row in by_day.items()
            if row.note and day >= now_first
        ],
        suggestions=[],
        needs_action=False,
        sources=["final-trial", "diary-min-days", "immpact-2008", "seed-goal"],
        days=[
            Day.model_construct(
                date=day,
                dose_mg=dose,
                pain=entry.pain if (entry := by_day.get(day)) else None,
                dose_taken=entry.dose_taken if entry else None,
            )
            for day, dose in doses.items()
        ],
    )
    suggestions = suggest(plan, result, rows=by_day, doses=doses)
    return result.model_copy(
        update={
            "suggestions": suggestions,
            "needs_action": any(item.action for item in suggestions),
        }
    )


def _reviewed_days(
    plan: Plan, rows: Sequence[DiaryRow], *, first: date, on: date | None
) -> tuple[date, dict[date, Decimal | None], dict[date, DiaryRow]]:
    """The review date, the planned dose of each day from ``first`` to it, and the recorded
    rows by day; refuses a diary with no recorded day there, or a dose that is not the plan's."""
    rows = in_date_order(rows)  # also refuses a date given twice
    reviewed_on = _review_date(plan, rows, on)
    used = [row for row in rows if first <= row.day <= reviewed_on]
    if not any(row.recorded for row in used):
        raise InputError(
            f"the diary has no recorded day from {first.isoformat()} to "
            f"{reviewed_on.isoformat()} (the {BASELINE_DAYS} days before the plan's start to "
            "the review date); check the plan and the diary belong together"
        )
    doses = planned_doses(plan, first, reviewed_on)
    for row in used:
        _check_planned_dose(row, doses[row.day])
    return reviewed_on, doses, {row.day: row for row in used if row.recorded}


def _review_date(plan: Plan, rows: Sequence[DiaryRow], on: date | None) -> date:
    """``on``, or the diary's last recorded day; on or after the start, within the limit."""
    if on is None:
        recorded = [row.day for row in rows if row.recorded]
        if not recorded:
            raise InputError("the diary has no recorded day (every row is empty but its date)")
        on = recorded[-1]
        if on < plan.start:
            raise InputError(
                f"the diary's last recorded day, {on.isoformat()}, is before the plan starts "
                f"({plan.start.isoformat()}); check the plan and the diary belong together"
            )
    if on < plan.start:
        raise InputError(
            f"the review date {on.isoformat()} is before the plan starts "
            f"({plan.start.isoformat()}); review on or after the start"
        )
    if (on - plan.start).days >= MAX_DIARY_DAYS:
        raise InputError(
            f"the review date {on.isoformat()} is {(on - plan.start).days} days after the start; "
            f"a review covers at most {MAX_DIARY_DAYS} days (MAX_DIARY_DAYS)"
        )
    return on


def _baseline(
    plan: Plan,
    by_day: Mapping[date, DiaryRow],
    *,
    first: date,
    given: str | int | Decimal | None,
    needed: int,
) -> tuple[Window, Fraction | None]:
    """The baseline window of the diary, and the baseline: the given one, or the window's."""
    last = plan.start - timedelta(days=1)
    window, mean = _window(by_day, first, last, needed=needed)
    if given is not None:
        return window, Fraction(parse_baseline(given))
    if mean == 0:
        raise InputError(
            f"the diary's baseline pain ({first.isoformat()} to {last.isoformat()}) is 0, which "
            "cannot show a reduction; give the mean pain before LDN with --baseline"
        )
    return window, mean


def _check_planned_dose(row: DiaryRow, planned: Decimal | None) -> None:
    """A ``dose`` the diary names must be the plan's for that day: reviewing against a plan
    the patient did not follow would judge each dose by the wrong days."""
    if row.dose is None:
        return
    written = row.dose if isinstance(row.dose, Decimal) else None
    if written != planned:
        said = NO_DOSE if written is None else format_mg(written)
        expected = NO_DOSE if planned is None else format_mg(planned)
        raise InputError(
            f"{row.where} ({row.day.isoformat()}): dose {said} is not the plan's ({expected}); "
            "review with the plan the patient followed (the ldn adjust output), or empty the "
            "dose cell"
        )


def _step_reviews(
    plan: Plan,
    by_day: Mapping[date, DiaryRow],
    *,
    on: date,
    baseline: Fraction | None,
    needed: int,
) -> list[StepReview]:
    """Each step begun by ``on``: its last 7 days (the last step runs on to ``on``)."""
    reviews = []
    for number, step in enumerate(plan.steps, start=1):
        if step.start > on:
            break
        last_step = number == len(plan.steps)
        end = on if last_step else min(step.end, on)
        length = ((max(step.end, on) if last_step else step.end) - step.start).days + 1
        window, mean = _window(
            by_day,
            max(step.start, end - timedelta(days=WINDOW_DAYS - 1)),
            end,
            needed=min(needed, length),
        )
        reduction = (
            reduction_of(baseline, mean) if baseline is not None and mean is not None else None
        )
        reviews.append(
            StepReview.model_construct(
                index=step.index,
                dose_mg=step.dose_mg,
                window=window,
                mean_pain=None if mean is None else one_decimal(mean),
                reduction_pct=None if reduction is None else one_decimal(reduction, down=True),
                category=category_of(reduction),
            )
        )
    return reviews


def _missed_doses(
    plan: Plan,
    by_day: Mapping[date, DiaryRow],
    doses: Mapping[date, Decimal | None],
    *,
    now_first: date,
) -> MissedDoses:
    """Counted only on days with a planned dose: a hold day without LDN is not a miss."""
    counts = Counter[str]()
    for day, row in by_day.items():
        if day < plan.start or row.dose_taken is None or doses[day] is None:
            continue
        in_window = day >= now_first
        counts["recorded_overall"] += 1
        counts["recorded_window"] += in_window
        if not row.dose_taken:
            counts["overall"] += 1
            counts["window"] += in_window
    return MissedDoses.model_construct(
        window=counts["window"],
        overall=counts["overall"],
        recorded_window=counts["recorded_window"],
        recorded_overall=counts["recorded_overall"],
    )


def _side_effects(by_day: Mapping[date, DiaryRow], first: date, on: date) -> list[SideEffectCount]:
    """Side effects of the window by days reported; persisting when on each of the window's
    last ``PERSISTING_DAYS`` recorded days."""
    window = [row for day, row in by_day.items() if first <= day <= on]
    counts = Counter(name for row in window for name in row.side_effects)
    last = window[-PERSISTING_DAYS:]
    persisting = (
        set.intersection(*(set(row.side_effects) for row in last))
        if len(last) == PERSISTING_DAYS
        else set()
    )
    return [
        SideEffectCount.model_construct(name=name, days=days, persisting=name in persisting)
        for name, days in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


# --- suggestions ---------------------------------------------------------------------------------


def _suggestion(code: str, text: str, source: str, *, action: bool = False) -> Suggestion:
    return Suggestion.model_construct(code=code, text=text, source=source, action=action)


def suggest(
    plan: Plan,
    result: Review,
    *,
    rows: Mapping[date, DiaryRow],
    doses: Mapping[date, Decimal | None],
) -> list[Suggestion]:
    """The review's suggestions, each with its source key; never more than the sources say."""
    suggestions = _hold_suggestions(plan, rows, doses)
    persisting = [item.name for item in result.side_effects if item.persisting]
    if persisting:
        suggestions.append(
            _suggestion(
                "persisting-side-effects",
                f"{_names(persisting)} on each of the last {PERSISTING_DAYS} recorded days, "
                "not settling: halve the dose, or drop back to the last tolerated dose and "
                "re-titrate more slowly (ldn adjust --plan FILE --on "
                f"{result.on.isoformat()} --side-effects halve|step-back|hold).",
                "ldnrt-side-effects",
                action=True,
            )
        )
        sleep = [name for name in persisting if name in SLEEP_SIDE_EFFECTS]
        if sleep and plan.dose_time != "morning":
            suggestions.append(
                _suggestion(
                    "morning-dosing",
                    f"Sleep disturbed ({_names(sleep).lower()}): morning dosing is an option "
                    "(ldn adjust --switch-to-morning); unconfirmed: no trial supports it.",
                    "morning-dosing",
                )
            )
    suggestions += _response_suggestions(plan, result, adjusting=bool(persisting))
    return suggestions


def _names(names: Sequence[str]) -> str:
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return text[:1].upper() + text[1:]


def _hold_suggestions(
    plan: Plan, rows: Mapping[date, DiaryRow], doses: Mapping[date, Decimal | None]
) -> list[Suggestion]:
    """LDN recorded as taken on a day the plan holds it on purpose (surgery, opioids)."""
    taken = [
        (day, hold)
        for day, row in rows.items()
        if row.dose_taken and doses[day] is None and (hold := _held_on(plan, day)) is not None
    ]
    if not taken:
        return []
    day, hold = taken[0]
    return [
        _suggestion(
            "taken-during-hold",
            f"LDN recorded as taken on {len(taken)} day(s) of a planned hold, first "
            f"{day.isoformat()} ({hold.reason}): check with the patient and the team that "
            "planned the hold.",
            hold.source,
            action=True,
        )
    ]


def _held_on(plan: Plan, day: date) -> Hold | None:
    """The hold (no LDN on purpose) covering ``day``; days recorded as missed are not held."""
    hold = plan.hold_on(day)
    return hold if hold is not None and hold.kind != "missed" else None


def _response_suggestions(plan: Plan, result: Review, *, adjusting: bool) -> list[Suggestion]:
    """Below the goal at 12 weeks, within the goal, or (unless side effects call for an
    adjustment) continue as planned; and what data is missing."""
    suggestions = []
    if result.baseline_pain is None:
        window = result.baseline_window
        suggestions.append(
            _suggestion(
                "baseline-missing",
                f"No baseline: {window.recorded_days} of the {result.min_recorded_days} recorded "
                f"days needed from {window.start.isoformat()} to {window.end.isoformat()}; give "
                "the mean pain of a week before LDN (--baseline PAIN).",
                "diary-min-days",
            )
        )
    if result.current_pain is None:
        window = result.current_window
        suggestions.append(
            _suggestion(
                "insufficient-data",
                f"Not enough diary: {window.recorded_days} recorded day(s) from "
                f"{window.start.isoformat()} to {window.end.isoformat()}; "
                f"{window.more_days_needed} more recorded day(s) in a 7-day window are needed "
                "for a mean.",
                "diary-min-days",
            )
        )
    reduction = result.reduction_pct
    at_horizon = result.days_since_start >= REVIEW_HORIZON_DAYS and result.at_maintenance
    if reduction is not None and reduction < GOAL_PCT and at_horizon:
        dose = f"{format_mg(result.dose_mg)} " if result.dose_mg is not None else ""
        suggestions += [
            _suggestion(
                "below-goal",
                f"Below the realistic goal: a {format_number(reduction)}% reduction at "
                f"{weeks_text(result.days_since_start)} on the maintenance dose {dose}"
                f"{dose_time_phrase(plan.dose_time)}, short of a 30–50% reduction; reassess "
                "whether to continue LDN.",
                "seed-goal",
                action=True,
            ),
            _suggestion(
                "not-first-line",
                "LDN is off-label and not first line (consider it after an inadequate response "
                "to first-line treatments), and evidence from large trials is limited.",
                "seed-position",
                action=True,
            ),
        ]
    elif reduction is not None and reduction >= GOAL_PCT:
        suggestions.append(
            _suggestion(
                "within-goal",
                f"Within the realistic goal: a {format_number(reduction)}% reduction (goal "
                "30–50%; complete relief is often not achievable).",
                "seed-goal",
            )
        )
    elif not adjusting:
        suggestions.append(_continue(plan, result.on))
    if reduction is not None:
        suggestions.append(
            _suggestion(
                "second-measure",
                "Pain intensity is one measure: judge improvement in two or more ways, e.g. "
                "with the patient's global impression of change.",
                "immpact-2008",
            )
        )
    return suggestions


def _continue(plan: Plan, on: date) -> Suggestion:
    upcoming = next((item for item in plan.checkpoints if item.suggested > on), None)
    if upcoming is None:
        when = ", 2–4 weeks after any change"
    elif upcoming.earliest == upcoming.latest:
        when = f" (suggested {upcoming.suggested.isoformat()})"
    else:
        when = (
            f" (suggested {upcoming.suggested.isoformat()}, window "
            f"{upcoming.earliest.isoformat()} to {upcoming.latest.isoformat()})"
        )
    return _suggestion(
        "continue",
        f"Continue as planned and review at the next visit{when}.",
        "seed-follow-up",
    )


def weeks_text(days: int) -> str:
    """A span in weeks and days: "12 weeks", "1 week 1 day"."""
    weeks, rest = divmod(days, 7)
    week_text = f"{weeks} week" + ("s" if weeks != 1 else "")
    return week_text + (f" {rest} day" + ("s" if rest != 1 else "") if rest else "")


def review_date(text: str) -> date:
    """A review date given to the API as text: ``YYYY-MM-DD`` (no "today": no clock here)."""
    return parse_iso_date(text, what="review date")
