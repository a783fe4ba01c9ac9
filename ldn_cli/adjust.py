"""Real courses change: hold, step back, halve, return to a dose, missed days, surgery and
opioid courses, and a switch to morning dosing. Pure: a plan and an event in, a plan out.

The result keeps the plan's days before the event unchanged, never raises the dose on the event
day, records the event in ``adjustments`` (with its source), records no-LDN days in ``holds``,
and gives every new change a follow-up 14–28 days later. Adjustments chain: the output plan is
a valid input for the next one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from ldn_cli.dose import DOSE_QUANTUM, MIN_DOSE_MG, format_mg
from ldn_cli.errors import InvalidSpec
from ldn_cli.models import (
    FOLLOW_UP_MAX_DAYS,
    FOLLOW_UP_MIN_DAYS,
    Adjustment,
    Checkpoint,
    Hold,
    Plan,
    PlanWarning,
    Precaution,
    Step,
)
from ldn_cli.schedule import MORNING_CAVEAT, review_checkpoints, titration_doses

#: Hours without LDN before surgery or planned opioids (``surgery-hold``: 48 h to 3 days).
DEFAULT_HOLD_HOURS = 72
MIN_HOLD_HOURS = 24
MAX_HOLD_HOURS = 72
#: An interruption up to this long resumes at the previous dose; longer re-titrates from the
#: start dose (``ldnrt-restart``: "about 2 weeks or less").
DEFAULT_SHORT_GAP_DAYS = 14
#: Opioid-free days before LDN restarts (``naltrexone-label``: 7–10; the safer end).
DEFAULT_OPIOID_FREE_DAYS = 10

SideEffectAction = Literal["hold", "step-back", "halve", "to"]


@dataclass(frozen=True, slots=True)
class SideEffects:
    """Side effects that do not settle: hold, step back, halve, or go to a named dose."""

    action: SideEffectAction
    dose_mg: Decimal | None = None
    hold_days: int | None = None


@dataclass(frozen=True, slots=True)
class MissedDays:
    """``days`` days without a dose, ending the day before the event date."""

    days: int
    short_gap_days: int = DEFAULT_SHORT_GAP_DAYS


@dataclass(frozen=True, slots=True)
class OpioidInterruption:
    """Surgery or a planned opioid course from ``start`` to ``end`` (inclusive)."""

    kind: Literal["surgery", "opioid-course"]
    start: date
    end: date
    hold_hours: int = DEFAULT_HOLD_HOURS
    opioid_free_days: int = DEFAULT_OPIOID_FREE_DAYS
    short_gap_days: int = DEFAULT_SHORT_GAP_DAYS


@dataclass(frozen=True, slots=True)
class SwitchToMorning:
    """The same doses, taken in the morning from the event date."""


Event = SideEffects | MissedDays | OpioidInterruption | SwitchToMorning


@dataclass(frozen=True, slots=True)
class Continuation:
    """How the titration goes on after the event: its step, interval and target."""

    step_mg: Decimal
    every_days: int
    target_mg: Decimal


Segment = tuple[date, date, Decimal]


def parse_side_effects(text: str, *, hold_days: int | None = None) -> SideEffects:
    """``hold``, ``step-back``, ``halve`` or ``to MG`` (also ``to:MG``, ``to=MG``)."""
    from ldn_cli.dose import parse_dose

    words = text.strip().lower().replace(":", " ").replace("=", " ").split()
    if words == ["hold"]:
        return SideEffects("hold", hold_days=hold_days)
    if words in (["step-back"], ["halve"]):
        return SideEffects("step-back" if words[0] == "step-back" else "halve")
    if len(words) == 2 and words[0] == "to":
        return SideEffects("to", dose_mg=parse_dose(words[1], what="return dose"))
    raise InvalidSpec(
        f"side effects {text!r}: choose hold, step-back, halve, or 'to MG' (e.g. 'to 1.5')"
    )


def adjust(plan: Plan, event: Event, *, on: date, continuation: Continuation | None = None) -> Plan:
    """The plan recomputed from ``on`` for ``event``; days before ``on`` are unchanged."""
    if on < plan.start:
        raise InvalidSpec(f"the event date {on} is before the plan starts ({plan.start})")
    if on > plan.end:
        plan = _extend_maintenance(plan, on)
    going_on = continuation or Continuation(
        step_mg=plan.protocol.step_mg,
        every_days=plan.protocol.every_days,
        target_mg=plan.target_mg,
    )
    before = _segments_before(plan, on)
    previous = _dose_before(plan, on)
    holds = list(plan.holds)
    warnings = list(plan.warnings)
    dose_time = plan.dose_time
    precautions = list(plan.precautions)

    if isinstance(event, SideEffects):
        new_dose, hold_days, reason = _side_effect_dose(plan, event, on, previous, going_on)
        after = _titrate(on, new_dose, going_on, first_days=hold_days)
        record = Adjustment(
            event=f"side-effects: {event.action}", on=on, reason=reason, source="ldnrt-side-effects"
        )
    elif isinstance(event, MissedDays):
        last_taken = _dose_before(plan, on - timedelta(days=event.days))
        short = event.days <= event.short_gap_days
        restart = last_taken if short else plan.protocol.start_mg
        reason = (
            f"{event.days} missed day(s), a short gap (≤ {event.short_gap_days} days): "
            f"resume at the last dose, {format_mg(last_taken)}"
            if short
            else f"{event.days} missed days, a long gap (> {event.short_gap_days} days): "
            f"re-titrate from {format_mg(restart)}"
        )
        after = _titrate(on, min(restart, previous), going_on)
        record = Adjustment(event="missed-days", on=on, reason=reason, source="ldnrt-restart")
    elif isinstance(event, OpioidInterruption):
        segments, hold, record, notice = _interrupt(plan, event, on, previous, going_on)
        before += segments[0]
        after = segments[1]
        holds.append(hold)
        warnings.append(notice)
    else:
        after = _same_doses_from(plan, on, previous)
        dose_time = "morning"
        if MORNING_CAVEAT not in precautions:
            precautions.append(MORNING_CAVEAT)
        record = Adjustment(
            event="switch-to-morning",
            on=on,
            reason="the same doses, taken in the morning from this date (sleep disturbed)",
            source="morning-dosing",
        )
    return _assemble(
        plan,
        before + after,
        on=on,
        continuation=going_on,
        dose_time=dose_time,
        holds=holds,
        warnings=warnings,
        precautions=precautions,
        record=record,
    )


def _extend_maintenance(plan: Plan, on: date) -> Plan:
    """The maintenance dose continues past the plan's end up to the day before ``on``."""
    last = plan.steps[-1]
    end = on - timedelta(days=1)
    if last.end >= end:
        return plan
    extended = last.model_copy(update={"end": end, "days": (end - last.start).days + 1})
    return plan.model_copy(update={"steps": [*plan.steps[:-1], extended], "end": end})


def _segments_before(plan: Plan, on: date) -> list[Segment]:
    segments = []
    for step in plan.steps:
        if step.start >= on:
            break
        segments.append((step.start, min(step.end, on - timedelta(days=1)), step.dose_mg))
    return segments


def _dose_before(plan: Plan, on: date) -> Decimal:
    """The dose taken on the last planned dosing day before ``on`` (or on ``on`` itself)."""
    taken = [step for step in plan.steps if step.start < on]
    if taken:
        return taken[-1].dose_mg
    dose = plan.dose_on(on)
    return dose if dose is not None else plan.steps[0].dose_mg


def _side_effect_dose(
    plan: Plan, event: SideEffects, on: date, previous: Decimal, going_on: Continuation
) -> tuple[Decimal, int | None, str]:
    if event.action == "hold":
        days = event.hold_days or going_on.every_days
        return (
            previous,
            days,
            (f"side effects: hold at {format_mg(previous)} for {days} days, then continue"),
        )
    if event.action == "step-back":
        lower = [step.dose_mg for step in plan.steps if step.dose_mg < previous and step.start < on]
        tolerated = lower[-1] if lower else max(MIN_DOSE_MG, previous - going_on.step_mg)
        return (
            tolerated,
            None,
            (
                f"side effects: back to the last tolerated dose, {format_mg(tolerated)}, then "
                "re-titrate"
            ),
        )
    if event.action == "halve":
        half = max(MIN_DOSE_MG, (previous / 2).quantize(DOSE_QUANTUM, rounding=ROUND_FLOOR))
        return (
            half.normalize(),
            None,
            (f"side effects: halve {format_mg(previous)} to {format_mg(half)}, then re-titrate"),
        )
    named = event.dose_mg
    if named is None or named > previous:
        raise InvalidSpec(
            f"side effects 'to': give a dose at or below the current {format_mg(previous)}"
        )
    return named, None, f"side effects: return to the last effective dose, {format_mg(named)}"


def _titrate(
    start: date, dose: Decimal, going_on: Continuation, *, first_days: int | None = None
) -> list[Segment]:
    """A titration from ``dose`` on ``start``: ``first_days`` at it, then steps to the target."""
    target = max(going_on.target_mg, dose)
    doses = titration_doses(dose, going_on.step_mg, target)
    interval = timedelta(days=going_on.every_days)
    first = timedelta(days=first_days) if first_days else interval
    starts = [start] + [start + first + interval * k for k in range(len(doses) - 1)]
    ends = [next_start - timedelta(days=1) for next_start in starts[1:]] + [
        starts[-1] + interval - timedelta(days=1)
    ]
    return list(zip(starts, ends, doses, strict=True))


def _same_doses_from(plan: Plan, on: date, previous: Decimal) -> list[Segment]:
    """The plan's doses from ``on``; an increase due on ``on`` itself waits one day, so
    that the switch day changes one thing only."""
    segments = [
        (max(step.start, on), step.end, step.dose_mg) for step in plan.steps if step.end >= on
    ]
    if segments and segments[0][0] == on and segments[0][2] > previous:
        first_start, first_end, first_dose = segments[0]
        segments[0] = (first_start + timedelta(days=1), first_end, first_dose)
        segments.insert(0, (on, on, previous))
    return segments


def last_dose_day(before: date, hold_hours: int) -> date:
    """The last day LDN may be taken so that ``hold_hours`` pass before ``before`` starts.

    The time of the surgery is not known, so the hold counts from the start of that day, and
    the dose time (up to midnight) takes one more day.
    """
    return before - timedelta(days=-(-hold_hours // 24) + 1)


def _interrupt(
    plan: Plan, event: OpioidInterruption, on: date, previous: Decimal, going_on: Continuation
) -> tuple[tuple[list[Segment], list[Segment]], Hold, Adjustment, PlanWarning]:
    if event.end < event.start:
        raise InvalidSpec(f"the opioid period ends ({event.end}) before it starts ({event.start})")
    last_day = last_dose_day(event.start, event.hold_hours)
    hold_from = max(on, last_day + timedelta(days=1))
    restart = event.end + timedelta(days=event.opioid_free_days + 1)
    # Until the hold, stay at the tolerated dose: no increase in the run-up to surgery.
    run_up = [(on, last_day, previous)] if on <= last_day else []
    gap_days = (restart - hold_from).days
    if gap_days <= event.short_gap_days:
        restart_dose, how = previous, f"resume at the previous dose, {format_mg(previous)}"
    else:
        restart_dose, how = (
            plan.protocol.start_mg,
            (
                f"re-titrate from {format_mg(plan.protocol.start_mg)} (gap over "
                f"{event.short_gap_days} days)"
            ),
        )
    what = "surgery" if event.kind == "surgery" else "opioid course"
    period = f"{event.start}" if event.start == event.end else f"{event.start} to {event.end}"
    reason = (
        f"{what} {period}: last LDN dose {last_day} (at least {event.hold_hours} h before), "
        f"no LDN {hold_from} to {restart - timedelta(days=1)}; restart on {restart}, once "
        f"opioid-free {event.opioid_free_days} days: {how}"
    )
    late = (
        "Already inside the hold window: take no more LDN now. "
        if hold_from > last_day + timedelta(days=1)
        else ""
    )
    notice = PlanWarning(
        code="tell-the-anaesthetist",
        severity="info",
        message=late
        + (
            f"Tell the anaesthetist and surgical team that the patient takes LDN: last dose "
            f"{last_day}; LDN blocks opioid pain relief, and opioid sensitivity may be raised "
            "after stopping it."
            if event.kind == "surgery"
            else f"Opioids planned {period}: last LDN dose {last_day}; restart on {restart}."
        ),
        source="surgery-hold",
    )
    hold = Hold(
        start=hold_from,
        end=restart - timedelta(days=1),
        reason=f"{what}: LDN held",
        source="surgery-hold",
        event=event.kind,
        event_start=event.start,
        event_end=event.end,
    )
    record = Adjustment(event=event.kind, on=on, reason=reason, source="surgery-hold")
    return (run_up, _titrate(restart, restart_dose, going_on)), hold, record, notice


def _assemble(
    plan: Plan,
    segments: Sequence[Segment],
    *,
    on: date,
    continuation: Continuation,
    dose_time: str,
    holds: list[Hold],
    warnings: list[PlanWarning],
    precautions: list[Precaution],
    record: Adjustment,
) -> Plan:
    merged = _merge(segments)
    steps = [
        Step(index=index, start=start, end=end, days=(end - start).days + 1, dose_mg=dose)
        for index, (start, end, dose) in enumerate(merged, start=1)
    ]
    starts = [step.start for step in steps]
    doses = [step.dose_mg for step in steps]
    kept = [c for c in plan.checkpoints if c.suggested < on]
    changes = _unreviewed_changes(steps, kept=kept)
    new_visits = review_checkpoints(starts, doses, reviewed=changes, dose_time=dose_time)
    checkpoints = kept + new_visits
    end = max([steps[-1].end, *(c.latest for c in checkpoints)])
    last = steps[-1]
    steps[-1] = last.model_copy(update={"end": end, "days": (end - last.start).days + 1})
    return plan.model_copy(
        update={
            "steps": steps,
            "checkpoints": checkpoints,
            "end": end,
            "dose_time": dose_time,
            "target_mg": max(continuation.target_mg, max(doses)),
            "holds": holds,
            "warnings": warnings,
            "precautions": precautions,
            "adjustments": [*plan.adjustments, record],
        }
    )


def _unreviewed_changes(steps: Sequence[Step], *, kept: Sequence[Checkpoint]) -> list[int]:
    """Steps that start a new dose (or restart after a hold) that no visit already held
    reviews 14–28 days later."""
    low, high = timedelta(days=FOLLOW_UP_MIN_DAYS), timedelta(days=FOLLOW_UP_MAX_DAYS)
    changes = []
    for position, step in enumerate(steps):
        earlier = steps[position - 1] if position else None
        is_change = (
            earlier is None
            or earlier.dose_mg != step.dose_mg
            or earlier.end + timedelta(days=1) != step.start
        )
        reviewed = any(
            c.earliest <= step.start + high and c.latest >= step.start + low for c in kept
        )
        if is_change and not reviewed:
            changes.append(step.index)
    return changes


def _merge(segments: Sequence[Segment]) -> list[Segment]:
    """Drop empty segments and join neighbours with the same dose."""
    merged: list[Segment] = []
    for start, end, dose in sorted(segments):
        if end < start:
            continue
        if merged and merged[-1][2] == dose and merged[-1][1] + timedelta(days=1) == start:
            merged[-1] = (merged[-1][0], end, dose)
        else:
            merged.append((start, end, dose))
    return merged
