"""TitrationSpec -> Plan: dose steps and follow-up checkpoints. Pure: no clock, no I/O.

Models are built with ``model_construct``: every value here is computed from a checked spec,
so validating it again would only cost start-up time (the tests validate every generated
plan against the models, so a construction bug cannot hide).

Step k (k = 0, 1, ...) starts on ``start + k * every_days`` at ``min(start_mg + k * step_mg,
target_mg)``; the first step that reaches the target is the last (maintenance). Every step
start is a change that needs a follow-up 14–28 days later (``seed-follow-up``); visits are
placed so that as few as possible cover every change.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from ldn_cli.dose import format_mg
from ldn_cli.models import (
    FOLLOW_UP_MAX_DAYS,
    FOLLOW_UP_MIN_DAYS,
    Checkpoint,
    Plan,
    PlanWarning,
    Precaution,
    ProtocolRef,
    Step,
    TitrationSpec,
    dose_time_phrase,
)

PRECAUTIONS: tuple[Precaution, ...] = (
    Precaution.model_construct(
        code="opioid-block",
        text=(
            "LDN blocks opioid pain relief: do not take it with any opioid medicine, and plan "
            "ahead before surgery or any procedure that may need opioids."
        ),
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="opioid-sensitivity",
        text="After LDN is stopped, sensitivity to opioids may be increased.",
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="carry-identification",
        text="Carry identification saying you take LDN, to alert medical staff in an emergency.",
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="not-first-line",
        text=(
            "Off-label and not first line: consider after an inadequate response to first-line "
            "treatments; evidence from large trials is limited."
        ),
        source="seed-position",
    ),
)

#: The cut-out card a patient carries (seed: carry identification indicating LDN use).
WALLET_CARD = Precaution.model_construct(
    code="wallet-card",
    text=(
        "I take low dose naltrexone (LDN). Opioid pain medicines may not work for me, and I "
        "may be more sensitive to opioids after stopping LDN. Please tell my prescriber "
        "before giving me opioids or planning surgery."
    ),
    source="seed-precautions",
)

MORNING_CAVEAT = Precaution.model_construct(
    code="morning-dosing",
    text=(
        "Morning dosing is an option when sleep is disturbed (vivid dreams, insomnia); "
        "unconfirmed: no trial supports it."
    ),
    source="morning-dosing",
)

_ASSESS_RESPONSE = "Pain response against baseline: the realistic goal is a 30–50% reduction"
_ASSESS_SIDE_EFFECTS = "Side effects: headache, tachycardia, vivid dreams"
_ASSESS_OPIOIDS = "Any new opioid prescription or planned surgery (LDN blocks opioids)"
_CHECKPOINT_SOURCES = ["seed-follow-up", "seed-goal", "seed-side-effects", "seed-precautions"]


class ReviewWindow(NamedTuple):
    """The days on which a follow-up may review the change that started step ``step_index``."""

    step_index: int
    earliest: date
    latest: date


def titration_doses(start_mg: Decimal, step_mg: Decimal, target_mg: Decimal) -> list[Decimal]:
    """The dose of each step: rising by ``step_mg`` and capped at ``target_mg``."""
    doses = [start_mg.normalize()]
    while doses[-1] < target_mg:
        doses.append(min(doses[-1] + step_mg, target_mg).normalize())
    return doses


def plan_visits(windows: Iterable[ReviewWindow]) -> list[list[ReviewWindow]]:
    """Group review windows into as few visits as possible (greedy interval stabbing).

    Sorting by ``latest`` and placing a visit on the latest day of the first uncovered
    window is optimal for intervals; each group shares at least that day.
    """
    pending = sorted(windows, key=lambda window: (window.latest, window.earliest))
    groups: list[list[ReviewWindow]] = []
    while pending:
        visit_day = pending[0].latest
        groups.append([window for window in pending if window.earliest <= visit_day])
        pending = [window for window in pending if window.earliest > visit_day]
    return groups


def build_plan(spec: TitrationSpec, *, warnings: Iterable[PlanWarning] = ()) -> Plan:
    """Compute the titration plan for ``spec``; ``warnings`` are attached unchanged."""
    interval = timedelta(days=spec.every_days)
    doses = titration_doses(spec.start_mg, spec.step_mg, spec.target_mg)
    starts = [spec.start + interval * k for k in range(len(doses))]

    checkpoints = review_checkpoints(
        starts,
        doses,
        reviewed=range(1, len(starts) + 1),
        dose_time=spec.dose_time,
        window=(spec.follow_up_min_days, spec.follow_up_max_days),
    )

    maintain = timedelta(days=(spec.maintain_days or spec.every_days) - 1)
    end = max(starts[-1] + maintain, checkpoints[-1].latest)
    ends = [next_start - timedelta(days=1) for next_start in starts[1:]] + [end]
    steps = [
        Step.model_construct(
            index=index,
            start=step_start,
            end=step_end,
            days=(step_end - step_start).days + 1,
            dose_mg=dose,
        )
        for index, (step_start, step_end, dose) in enumerate(
            zip(starts, ends, doses, strict=True), start=1
        )
    ]
    precautions = list(PRECAUTIONS)
    if spec.dose_time == "morning":
        precautions.append(MORNING_CAVEAT)
    return Plan.model_construct(
        protocol=ProtocolRef.model_construct(
            name=spec.protocol,
            source=spec.protocol_source,
            individualized=spec.individualized,
            start_mg=spec.start_mg,
            step_mg=spec.step_mg,
            every_days=spec.every_days,
        ),
        start=spec.start,
        end=end,
        dose_time=spec.dose_time,
        target_mg=spec.target_mg,
        max_daily_mg=spec.target_mg,
        steps=steps,
        checkpoints=checkpoints,
        precautions=precautions,
        warnings=list(warnings),
    )


def review_checkpoints(
    starts: Sequence[date],
    doses: Sequence[Decimal],
    *,
    reviewed: Iterable[int],
    dose_time: str,
    window: tuple[int, int] = (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS),
) -> list[Checkpoint]:
    """Follow-up visits for the steps in ``reviewed`` (1-based), as few as possible.

    ``starts`` and ``doses`` describe every step of the plan, so that each visit can say
    which change comes next.
    """
    low, high = (timedelta(days=days) for days in window)
    windows = [
        ReviewWindow(index, starts[index - 1] + low, starts[index - 1] + high) for index in reviewed
    ]
    return [
        _checkpoint(group, starts=starts, doses=doses, dose_time=dose_time)
        for group in plan_visits(windows)
    ]


def _checkpoint(
    group: list[ReviewWindow],
    *,
    starts: Sequence[date],
    doses: Sequence[Decimal],
    dose_time: str,
) -> Checkpoint:
    earliest = max(window.earliest for window in group)
    latest = min(window.latest for window in group)
    reviews = sorted(window.step_index for window in group)
    # The decision is about the first change still ahead on the visit day, never a past one.
    upcoming = next((index for index, day in enumerate(starts) if day >= earliest), None)
    if upcoming is not None and upcoming > 0:
        decision = (
            f"Whether to continue the titration: next {format_mg(doses[upcoming])} "
            f"{dose_time_phrase(dose_time)} from {starts[upcoming].isoformat()}"
        )
    else:
        decision = (
            f"Whether to continue {format_mg(doses[-1])} {dose_time_phrase(dose_time)} "
            "as the maintenance dose"
        )
    return Checkpoint.model_construct(
        earliest=earliest,
        latest=latest,
        suggested=earliest,
        reviews=reviews,
        assess=[_ASSESS_RESPONSE, _ASSESS_SIDE_EFFECTS, _ASSESS_OPIOIDS, decision],
        sources=list(_CHECKPOINT_SOURCES),
    )
