"""``ldn adjust`` as one call: its options (``AdjustRequest``) and how they become an event.

The command line and the Python API (``ldn_cli.adjust_plan``) give the same options under the
same names; every value is read here by the core's parsers with its bounds (``adjust``'s named
constants), whatever the door. The rules of each event live in ``adjust``.
"""

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.errors import InputError
from ldn_cli.fields import (
    AMOUNT,
    DATE,
    DURATION,
    HOURS,
    WORD,
    Amount,
    CliOption,
    DateText,
    Duration,
    Hours,
    Text,
)

if TYPE_CHECKING:
    from ldn_cli.adjust import Continuation, Event
    from ldn_cli.models import Plan

#: Longest hold (``--for``) and shortest-gap threshold (``--short-gap``): twelve weeks, the
#: longest interval between steps.
MAX_HOLD_DAYS = 84
MAX_SHORT_GAP_DAYS = 84


class AdjustRequest(BaseModel):
    """What happened to a running plan, and how it goes on. ``None`` means "not given"."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    on: Annotated[
        DateText | None,
        DATE,
        Field(description="The date of the event (required)."),
        CliOption("DATE", "Event"),
    ] = None
    side_effects: Annotated[
        Text | None,
        WORD,
        Field(description="Side effects that do not settle: hold, step-back, halve, or 'to MG'."),
        CliOption("ACTION", "Event"),
    ] = None
    hold_for: Annotated[
        Duration | None,
        DURATION,
        Field(description="How long to hold after side effects (default: one step)."),
        CliOption("DURATION", "Event", flag="--for"),
    ] = None
    slower: Annotated[
        Text | None,
        WORD,
        Field(
            description="After side effects, go back up more slowly: interval or step, with a "
            "factor 2–4 (default interval:2, a configurable default)."
        ),
        CliOption("HOW", "Event"),
    ] = None
    missed_days: Annotated[
        Duration | None,
        DURATION,
        Field(description="Days without a dose, up to the day before --on (1–365)."),
        CliOption("DAYS", "Event"),
    ] = None
    short_gap: Annotated[
        Duration | None,
        DURATION,
        Field(
            description="Longest gap that resumes at the last dose (default 14d; longer "
            "re-titrates from the protocol's start dose)."
        ),
        CliOption("DURATION", "Event"),
    ] = None
    surgery: Annotated[
        DateText | None,
        DATE,
        Field(description="Planned surgery date."),
        CliOption("DATE", "Event"),
    ] = None
    opioids_until: Annotated[
        DateText | None,
        DATE,
        Field(description="Last day of opioids after surgery (default: the surgery day)."),
        CliOption("DATE", "Event"),
    ] = None
    opioid_course: Annotated[
        tuple[Text, Text] | None,
        Field(description="A planned opioid course: its first and last day."),
        CliOption("START END", "Event"),
    ] = None
    opioid: Annotated[
        Text | None,
        WORD,
        Field(
            description="The opioid of --surgery or --opioid-course: its wait before the "
            "restart (14 days after methadone or buprenorphine)."
        ),
        CliOption("NAME", "Event"),
    ] = None
    hold_hours: Annotated[
        Hours | None,
        HOURS,
        Field(description="Hours without LDN before surgery or opioids: 24–72 (default 72)."),
        CliOption("HOURS", "Event"),
    ] = None
    opioid_free_days: Annotated[
        Duration | None,
        DURATION,
        Field(description="Opioid-free days before LDN restarts, 7–14 (label: 7–10; default 10)."),
        CliOption("DAYS", "Event"),
    ] = None
    switch_to_morning: Annotated[
        bool,
        Field(description="The same doses, taken in the morning from --on."),
        CliOption("", "Event"),
    ] = False
    current_dose: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="The dose taken now, instead of --plan."),
        CliOption("MG", "The plan going on"),
    ] = None
    protocol: Annotated[
        Text | None,
        WORD,
        Field(description="With --current-dose: the preset the patient is on (default standard)."),
        CliOption("NAME", "The plan going on"),
    ] = None
    step: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="Increase per step from now on, in mg."),
        CliOption("MG", "The plan going on"),
    ] = None
    every: Annotated[
        Duration | None,
        DURATION,
        Field(description="Time between steps from now on: 14d, 2w."),
        CliOption("DURATION", "The plan going on"),
    ] = None
    target: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="The new ceiling: the highest dose from now on."),
        CliOption("MG", "The plan going on"),
    ] = None
    dose_time: Annotated[
        Text | None,
        WORD,
        Field(description="With --current-dose: bedtime (default), morning, or HH:MM."),
        CliOption("WHEN", "The plan going on"),
    ] = None


def parse_hold_hours(text: str) -> int:
    """Hours without LDN before surgery: ``72`` or ``72h``, within 24–72 (``surgery-hold``)."""
    from ldn_cli.adjust import MAX_HOLD_HOURS, MIN_HOLD_HOURS
    from ldn_cli.errors import InvalidDuration
    from ldn_cli.printable import quoted

    cleaned = text.strip().lower().removesuffix("h").strip()
    hours = int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 5 else -1
    if not MIN_HOLD_HOURS <= hours <= MAX_HOLD_HOURS:
        raise InvalidDuration(
            f"hold hours {quoted(text)}: allowed {MIN_HOLD_HOURS}–{MAX_HOLD_HOURS} hours (e.g. 72h)"
        )
    return hours


def _date_of(value: str | date, *, today: date, what: str) -> date:
    from ldn_cli.timeparse import parse_date

    return value if isinstance(value, date) else parse_date(value, today=today, what=what)


def _event(request: AdjustRequest, *, today: date) -> "Event":
    """The one event ``request`` names, read with its bounds."""
    from ldn_cli import adjust as course
    from ldn_cli.spec import as_duration, as_text, parse_opioid_free_days
    from ldn_cli.timeparse import parse_days

    def days(value: str | int | None, what: str, maximum: int) -> int | None:
        text = as_duration(value)
        return (
            None if text is None else parse_days(text, what=what, maximum=maximum, bare_days=True)
        )

    gap = days(request.short_gap, "short gap", MAX_SHORT_GAP_DAYS) or course.DEFAULT_SHORT_GAP_DAYS
    if request.side_effects is not None:
        event = course.parse_side_effects(
            request.side_effects, hold_days=days(request.hold_for, "hold", MAX_HOLD_DAYS)
        )
        if request.slower is not None:
            event = dataclasses.replace(event, slower=course.parse_slower(request.slower))
        return event
    if request.missed_days is not None:
        missed = days(request.missed_days, "missed days", course.MAX_MISSED_DAYS) or 0
        return course.MissedDays(missed, short_gap_days=gap)
    if request.surgery is not None or request.opioid_course is not None:
        first, last = (
            (request.surgery, request.opioids_until or request.surgery)
            if request.surgery is not None
            else request.opioid_course or ("", "")
        )
        free = as_duration(request.opioid_free_days)
        hours = as_text(request.hold_hours)
        return course.OpioidInterruption(
            "surgery" if request.surgery is not None else "opioid-course",
            _date_of(first, today=today, what="opioid start"),
            _date_of(last, today=today, what="opioid end"),
            hold_hours=course.DEFAULT_HOLD_HOURS if hours is None else parse_hold_hours(hours),
            opioid_free_days=course.DEFAULT_OPIOID_FREE_DAYS
            if free is None
            else parse_opioid_free_days(free),
            short_gap_days=gap,
            opioid=request.opioid,
        )
    return course.SwitchToMorning()


def _check_combination(request: AdjustRequest, *, has_plan: bool) -> None:
    events = [
        request.side_effects,
        request.missed_days,
        request.surgery,
        request.opioid_course,
        request.switch_to_morning or None,
    ]
    if sum(item is not None for item in events) != 1:
        raise InputError(
            "give exactly one event: --side-effects, --missed-days, --surgery, "
            "--opioid-course or --switch-to-morning"
        )
    if request.on is None:
        raise InputError("give the date of the event: --on DATE")
    if has_plan == (request.current_dose is not None):
        raise InputError("give the current plan (--plan FILE) or the dose now (--current-dose MG)")
    if has_plan and (request.protocol is not None or request.dose_time is not None):
        raise InputError("--protocol and --dose-time describe a --current-dose, not a --plan")
    if request.slower is not None and request.side_effects is None:
        raise InputError("--slower goes with --side-effects")
    if request.hold_for is not None and request.side_effects is None:
        raise InputError("--for goes with --side-effects hold")
    if request.opioid is not None and request.surgery is None and request.opioid_course is None:
        raise InputError("--opioid goes with --surgery or --opioid-course")


def _continuation(request: AdjustRequest) -> "Continuation":
    from ldn_cli.adjust import Continuation
    from ldn_cli.dose import parse_dose
    from ldn_cli.spec import as_duration, as_text, parse_interval, parse_step

    step, every, target = as_text(request.step), as_duration(request.every), as_text(request.target)
    return Continuation(
        step_mg=None if step is None else parse_step(step),
        every_days=None if every is None else parse_interval(every),
        target_mg=None if target is None else parse_dose(target, what="target"),
    )


def adjust_from(base: "Plan | None", request: AdjustRequest, *, today: date) -> "Plan":
    """``base`` (or the plan of ``--current-dose``) recomputed for the event ``request`` names."""
    from ldn_cli import adjust as course
    from ldn_cli.dose import parse_dose
    from ldn_cli.spec import as_duration, as_text, build_spec

    _check_combination(request, has_plan=base is not None)
    event_date = _date_of(request.on or "", today=today, what="event date")
    event = _event(request, today=today)
    continuation = _continuation(request)
    if base is None:
        # The plan options describe the plan the patient is on; only --target changes the rest.
        spec = build_spec(
            today=today,
            start=event_date.isoformat(),
            protocol=request.protocol or "standard",
            step=as_text(request.step),
            every=as_duration(request.every),
            dose_time=request.dose_time or "bedtime",
        )
        base = course.running_plan(
            spec,
            parse_dose(as_text(request.current_dose) or "", what="current dose"),
            since=course.record_start(event, event_date),
        )
        continuation = course.Continuation(target_mg=continuation.target_mg)
    return course.adjust(base, event, on=event_date, continuation=continuation)
