"""An iCalendar file (``--format ics``, RFC 5545) written with ``icalendar``, for the patient.

One all-day event per dose step (with an alarm on the day the dose changes), one all-day event
per follow-up visit on its suggested date, a daily reminder per step at the dose time (a
recurring event with RRULE UNTIL, so the file grows with steps, not days), and on the plan's
last day an event with an alarm saying that the reminders stop there and the last dose goes on
until the prescriber reviews it. Texts are the core's patient wording: no source keys.

A plan with a blocking warning starts with an all-day event "Do not start LDN as planned" on
its start date, with the reasons; its step events say they are on hold, and it has no daily
reminders to take a dose.

Timed events carry a TZID with its VTIMEZONE. UIDs are uuid5 of the content, so the same plan
gives the same UIDs; DTSTAMP comes from ``options.stamp``.
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.enums import TRANSP
from icalendar.prop import vText

from ldn_cli._version import __version__
from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, Step, dose_time_phrase
from ldn_cli.render import (
    RenderOptions,
    dose_with_measure,
    long_date,
    patient_decision,
    patient_window,
)
from ldn_cli.schedule import (
    PATIENT_DO_NOT_START,
    PATIENT_DO_NOT_START_WHY,
    PATIENT_KEEP_TAKING,
    PATIENT_VISIT_TIMING,
    PATIENT_VISIT_TOPICS,
    blocking_reasons,
    patient_precautions,
)

PRODID = f"-//ldn-cli//LDN titration planner {__version__}//EN"
#: The namespace of every UID this tool writes (uuid5 of the event content).
UID_NAMESPACE = uuid.UUID("5f1b1a4e-8a7e-4c1c-9a53-2f6c0b0d4c11")
#: When the alarm rings on an all-day event (09:00 on the day).
ALARM_AFTER_MIDNIGHT = timedelta(hours=9)
#: Length of a daily reminder event.
REMINDER_LENGTH = timedelta(minutes=5)
_ONE_DAY = timedelta(days=1)


def _uid(*parts: object) -> str:
    return f"{uuid.uuid5(UID_NAMESPACE, '|'.join(str(part) for part in parts))}@ldn-cli"


def _step_text(plan: Plan, step: Step) -> str:
    return f"{dose_with_measure(plan, step.index)} {dose_time_phrase(plan.dose_time)}"


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as iCalendar text with CRLF line ends and 75-octet folding."""
    if options.stamp is None:
        raise ValueError("an iCalendar file needs options.stamp (its DTSTAMP)")
    zone = ZoneInfo(options.timezone)
    blocked = plan.is_blocked()
    identity = (plan.start, plan.dose_time, tuple((s.start, s.dose_mg) for s in plan.steps))
    calendar = Calendar.new(
        uid=_uid("calendar", identity),
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        name="LDN plan (on hold)" if blocked else "LDN plan",
        description=_call_line(options),
    )
    if blocked:
        calendar.add_component(_do_not_start_event(plan, options, identity))
    for step in plan.steps:
        calendar.add_component(_step_event(plan, step, options, identity, blocked=blocked))
        if not blocked:
            calendar.add_component(_reminder_event(plan, step, options, identity, zone))
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        topics = "; ".join(topic.text for topic in PATIENT_VISIT_TOPICS)
        description = "\n".join(
            [
                f"Book your visit for a day {patient_window(checkpoint)}; this is the "
                "suggested day.",
                f"You and your prescriber talk about {topics}.",
                patient_decision(plan, checkpoint),
                PATIENT_VISIT_TIMING.text,
                _call_line(options),
            ]
        )
        calendar.add_component(
            Event.new(
                uid=_uid("visit", identity, number, checkpoint.suggested),
                stamp=options.stamp,
                start=checkpoint.suggested,
                end=checkpoint.suggested + _ONE_DAY,
                summary=f"LDN follow-up visit {number}",
                description=description,
            )
        )
    for hold in plan.holds:
        calendar.add_component(
            Event.new(
                uid=_uid("hold", identity, hold.start, hold.end),
                stamp=options.stamp,
                start=hold.start,
                end=hold.end + _ONE_DAY,
                summary="No LDN (held)",
                description=(
                    f"Do not take LDN from {long_date(hold.start)} to {long_date(hold.end)}: "
                    f"{hold.reason}."
                ),
            )
        )
    if not blocked:
        calendar.add_component(_last_reminder_event(plan, options, identity))
    calendar.add_missing_timezones(
        first_date=plan.start - _ONE_DAY, last_date=plan.end + timedelta(days=2)
    )
    _printable_text(calendar)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def _call_line(options: RenderOptions) -> str:
    return f"Questions, or a side effect that does not settle? Call {options.who_to_call()}."


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", ALARM_AFTER_MIDNIGHT, parameters={"RELATED": "START"})
    return alarm


def _do_not_start_event(plan: Plan, options: RenderOptions, identity: object) -> Event:
    """The first event of a blocked plan: do not start, and why."""
    lines = [
        PATIENT_DO_NOT_START,
        PATIENT_DO_NOT_START_WHY,
        *(f"- {reason}" for reason in blocking_reasons(plan)),
        f"This plan was drawn up to start on {long_date(plan.start)}. It is on hold, and this "
        "calendar has no daily reminders to take LDN until your prescriber confirms a plan.",
        _call_line(options),
    ]
    event = Event.new(
        uid=_uid("do-not-start", identity),
        stamp=options.stamp,
        start=plan.start,
        end=plan.start + _ONE_DAY,
        summary="Do not start LDN as planned: talk to your prescriber",
        description="\n".join(lines),
    )
    event.add_component(_alarm(PATIENT_DO_NOT_START))
    return event


def _step_event(
    plan: Plan, step: Step, options: RenderOptions, identity: object, *, blocked: bool
) -> Event:
    text = _step_text(plan, step)
    phrase = dose_time_phrase(plan.dose_time)
    if step.index < len(plan.steps):
        take = (
            f"Take {dose_with_measure(plan, step.index)} of LDN (low dose naltrexone) by mouth "
            f"{phrase} every day, {long_date(step.start)} to {long_date(step.end)} (step "
            f"{step.index} of {len(plan.steps)})."
        )
    else:
        take = (
            f"From {long_date(step.start)}, take {dose_with_measure(plan, step.index)} of LDN "
            f"(low dose naltrexone) by mouth {phrase} every day (step {step.index} of "
            f"{len(plan.steps)}). "
            + PATIENT_KEEP_TAKING.format(dose=format_mg(step.dose_mg), when=phrase)
        )
    lines = [
        *([f"ON HOLD: {PATIENT_DO_NOT_START} Talk to your prescriber first."] if blocked else []),
        take,
        *(f"- {item.text}" for item in patient_precautions(plan)),
        _call_line(options),
    ]
    event = Event.new(
        uid=_uid("step", identity, step.index),
        stamp=options.stamp,
        start=step.start,
        end=step.end + _ONE_DAY,
        summary=f"On hold, do not start: LDN {text}" if blocked else f"LDN {text}",
        description="\n".join(lines),
        transparency=TRANSP.TRANSPARENT,
    )
    if not blocked:
        event.add_component(_alarm(f"LDN dose from today: {text}"))
    return event


def _reminder_event(
    plan: Plan, step: Step, options: RenderOptions, identity: object, zone: ZoneInfo
) -> Event:
    clock = options.reminder_clock(plan.dose_time)
    first = datetime.combine(step.start, clock, tzinfo=zone)
    last = datetime.combine(step.end, clock, tzinfo=zone)
    event = Event.new(
        uid=_uid("reminder", identity, step.index, clock),
        stamp=options.stamp,
        start=first,
        end=first + REMINDER_LENGTH,
        summary=f"Take LDN {format_mg(step.dose_mg)}",
        description=f"Daily reminder: take LDN (low dose naltrexone) {_step_text(plan, step)}.",
        transparency=TRANSP.TRANSPARENT,
    )
    event.add("rrule", {"FREQ": "DAILY", "UNTIL": last.astimezone(ZoneInfo("UTC"))})
    return event


def _last_reminder_event(plan: Plan, options: RenderOptions, identity: object) -> Event:
    """On the plan's last day: the reminders stop here; the last dose goes on until review."""
    last = plan.steps[-1]
    phrase = dose_time_phrase(plan.dose_time)
    keep = PATIENT_KEEP_TAKING.format(dose=format_mg(last.dose_mg), when=phrase)
    lines = [f"This calendar's daily LDN reminders end today, {long_date(plan.end)}.", keep]
    if plan.checkpoints:
        number, review = max(enumerate(plan.checkpoints, start=1), key=lambda item: item[1].latest)
        lines.append(
            f"Your review is follow-up visit {number}, by {long_date(review.latest)}; if you "
            "have not had it, call to book it."
        )
    lines.append(_call_line(options))
    event = Event.new(
        uid=_uid("reminders-end", identity, plan.end),
        stamp=options.stamp,
        start=plan.end,
        end=plan.end + _ONE_DAY,
        summary=f"LDN reminders end today: keep taking {format_mg(last.dose_mg)}",
        description="\n".join(lines),
        transparency=TRANSP.TRANSPARENT,
    )
    event.add_component(_alarm(f"LDN reminders end today: keep taking {_step_text(plan, last)}"))
    return event


def _printable_text(calendar: Calendar) -> None:
    """Escape control characters in every text value (RFC 5545 forbids them in TEXT), before
    the lines are folded: a medication line a user typed can hold an ESC byte."""
    from ldn_cli.printable import printable

    for component in calendar.walk():
        for name, value in list(component.items()):
            if isinstance(value, vText):
                component[name] = vText(printable(str(value)))
