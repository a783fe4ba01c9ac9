"""An iCalendar file (``--format ics``, RFC 5545) written with ``icalendar``.

One all-day event per dose step (with an alarm on the day the dose changes), one all-day event
per follow-up visit on its suggested date, and one daily reminder per step at the dose time
(a recurring event with RRULE UNTIL, so the file grows with steps, not days). Timed events
carry a TZID with its VTIMEZONE. UIDs are uuid5 of the content, so the same plan gives the
same UIDs; DTSTAMP comes from ``options.stamp``.
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.enums import TRANSP

from ldn_cli._version import __version__
from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, Step, dose_time_phrase
from ldn_cli.render import DISCLAIMER, RenderOptions, dose_with_measure, window_text

PRODID = f"-//ldn-cli//LDN titration planner {__version__}//EN"
#: The namespace of every UID this tool writes (uuid5 of the event content).
UID_NAMESPACE = uuid.UUID("5f1b1a4e-8a7e-4c1c-9a53-2f6c0b0d4c11")
#: When the dose-change alarm rings on an all-day step event (09:00 on the day).
ALARM_AFTER_MIDNIGHT = timedelta(hours=9)
#: Length of a daily reminder event.
REMINDER_LENGTH = timedelta(minutes=5)


def _uid(*parts: object) -> str:
    return f"{uuid.uuid5(UID_NAMESPACE, '|'.join(str(part) for part in parts))}@ldn-cli"


def _step_text(plan: Plan, step: Step) -> str:
    return f"{dose_with_measure(plan, step.index)} {dose_time_phrase(plan.dose_time)}"


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as iCalendar text with CRLF line ends and 75-octet folding."""
    if options.stamp is None:
        raise ValueError("an iCalendar file needs options.stamp (its DTSTAMP)")
    zone = ZoneInfo(options.timezone)
    identity = (plan.start, plan.dose_time, tuple((s.start, s.dose_mg) for s in plan.steps))
    calendar = Calendar.new(
        uid=_uid("calendar", identity),
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        name="LDN titration",
        description=DISCLAIMER,
    )
    for step in plan.steps:
        calendar.add_component(_step_event(plan, step, options, identity))
        calendar.add_component(_reminder_event(plan, step, options, identity, zone))
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        reviews = ", ".join(str(index) for index in checkpoint.reviews)
        description = "\n".join(
            [
                f"Follow-up window: {window_text(checkpoint)}.",
                f"Reviews step(s) {reviews}. Assess:",
                *(f"- {item}" for item in checkpoint.assess),
                f"Sources: {', '.join(checkpoint.sources)}.",
            ]
        )
        calendar.add_component(
            Event.new(
                uid=_uid("visit", identity, number, checkpoint.suggested),
                stamp=options.stamp,
                start=checkpoint.suggested,
                end=checkpoint.suggested + timedelta(days=1),
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
                end=hold.end + timedelta(days=1),
                summary="No LDN (held)",
                description=f"Do not take LDN: {hold.reason} [{hold.source}].",
            )
        )
    calendar.add_missing_timezones(
        first_date=plan.start - timedelta(days=1), last_date=plan.end + timedelta(days=2)
    )
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def _step_event(plan: Plan, step: Step, options: RenderOptions, identity: object) -> Event:
    text = _step_text(plan, step)
    lines = [
        f"Take naltrexone (low dose) {dose_with_measure(plan, step.index)} by mouth "
        f"{dose_time_phrase(plan.dose_time)} every day, "
        f"{step.start.isoformat()} to {step.end.isoformat()} (step {step.index} of "
        f"{len(plan.steps)}).",
        *(f"- {precaution.text} [{precaution.source}]" for precaution in plan.precautions),
        *(f"Warning: {warning.message} [{warning.source}]" for warning in plan.warnings),
        DISCLAIMER,
    ]
    event = Event.new(
        uid=_uid("step", identity, step.index),
        stamp=options.stamp,
        start=step.start,
        end=step.end + timedelta(days=1),
        summary=f"LDN {text}",
        description="\n".join(lines),
        transparency=TRANSP.TRANSPARENT,
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"LDN dose from today: {text}")
    alarm.add("trigger", ALARM_AFTER_MIDNIGHT, parameters={"RELATED": "START"})
    event.add_component(alarm)
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
        description=f"Daily reminder: naltrexone (low dose) {_step_text(plan, step)}.",
        transparency=TRANSP.TRANSPARENT,
    )
    event.add("rrule", {"FREQ": "DAILY", "UNTIL": last.astimezone(ZoneInfo("UTC"))})
    return event
