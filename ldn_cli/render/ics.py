"""An iCalendar file (``--format ics``, RFC 5545) written with ``icalendar``, for the patient.

Events: one all-day event per dose step (with an alarm on the day the dose changes); a daily
reminder per step at the dose time with an alarm at that time (a recurring event with RRULE
UNTIL, so the file grows with steps, not days); one all-day event per follow-up visit on its
suggested day; one per hold ("No LDN", with an alarm on its first day, the day to stop); with
``--last-opioid-dose``, the last day of the listed opioids (with an alarm); and on the plan's
last day an event saying that the reminders stop there and the last dose goes on until the
review. A restart after surgery or opioids says, in the event and its alarm, that it is only
once fully off opioids. Texts are the core's patient wording: no source keys.

A blocked plan's calendar holds one event, "Do not start LDN as planned", with the reasons in
the patient's words: no doses, reminders or visits.

A new calendar replaces the old one. Each event's UID is the plan's identity (its first day,
which an adjustment never moves) with the event's role and number: "step 2", "reminder 2",
"visit 3", "hold 1", "before-start" (a blocked plan's "do not start", or the last day of the
listed opioids), "reminders-end". So the calendar of an
adjusted or blocked version of a plan has the UIDs of the old one, and its SEQUENCE (the
seconds from 2020 to its DTSTAMP) is higher: a calendar app that imports it replaces each old
event (METHOD:PUBLISH). An event the new version no longer has is sent with STATUS:CANCELLED:
the single roles whenever they are absent, and numbered ones up to the most the plan and the
plans it was adjusted from have held (``Plan.calendar_slots_so_far``). A plan with another
first day is another plan: its calendar adds to the old one, which has to be deleted.

Timed events carry a TZID with its VTIMEZONE; DTSTAMP comes from ``options.stamp``.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.enums import TRANSP
from icalendar.prop import vText

from ldn_cli._version import __version__
from ldn_cli.dose import format_mg
from ldn_cli.models import Hold, Plan, Step, dose_time_phrase
from ldn_cli.render import (
    RenderOptions,
    dose_with_measure,
    long_date,
    patient_decision,
    patient_restart,
    patient_visit_changes,
    patient_window,
)
from ldn_cli.schedule import (
    PATIENT_DO_NOT_START,
    PATIENT_DO_NOT_START_WHY,
    PATIENT_HOLD_STOP,
    PATIENT_KEEP_TAKING,
    PATIENT_VISIT_TIMING,
    PATIENT_VISIT_TOPICS,
    opioid_stop_text,
    patient_blocking_reasons,
    patient_precautions,
    restart_after,
)

PRODID = f"-//ldn-cli//LDN titration planner {__version__}//EN"
#: The namespace of every UID this tool writes (uuid5 of the plan's identity and the role).
UID_NAMESPACE = uuid.UUID("5f1b1a4e-8a7e-4c1c-9a53-2f6c0b0d4c11")
#: SEQUENCE counts seconds from here to the calendar's DTSTAMP, so that a later calendar of
#: the same plan always outranks an earlier one (a 32-bit INTEGER lasts until 2088).
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
MAX_SEQUENCE = 2**31 - 1
#: When the alarm rings on an all-day event (09:00 on the day).
ALARM_AFTER_MIDNIGHT = timedelta(hours=9)
#: Length of a daily reminder event.
REMINDER_LENGTH = timedelta(minutes=5)
#: The roles that are one event at most; each is cancelled in a calendar that lacks it.
#: "before-start" is a blocked plan's "do not start" or, in a plan that may start, the last
#: day of the opioids it rests on stopping: one slot, so that a plain plan cancels one event.
SINGLE_ROLES = ("before-start", "reminders-end")
_ONE_DAY = timedelta(days=1)
_AT_START = timedelta(0)


def event_uid(plan: Plan, role: str, number: int | None = None) -> str:
    """The UID of an event: the plan's first day, the event's role and its number."""
    parts = [plan.start.isoformat(), role, *([] if number is None else [str(number)])]
    return f"{uuid.uuid5(UID_NAMESPACE, '|'.join(parts))}@ldn-cli"


def sequence_of(stamp: datetime) -> int:
    """The SEQUENCE of a calendar made at ``stamp``: later calendars get higher numbers."""
    aware = stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)
    seconds = int((aware - SEQUENCE_EPOCH).total_seconds())
    return min(max(seconds, 0), MAX_SEQUENCE)


def _step_text(plan: Plan, step: Step) -> str:
    return f"{dose_with_measure(plan, step.index)} {dose_time_phrase(plan.dose_time)}"


class _Writer:
    """Adds events to one calendar, each with its UID, DTSTAMP and SEQUENCE."""

    def __init__(self, plan: Plan, options: RenderOptions, stamp: datetime) -> None:
        self.plan = plan
        self.options = options
        self.stamp = stamp
        self.sequence = sequence_of(stamp)
        self.calendar = Calendar.new(
            uid=event_uid(plan, "calendar"),
            prodid=PRODID,
            method="PUBLISH",
            calscale="GREGORIAN",
            name="LDN plan (on hold)" if plan.is_blocked() else "LDN plan",
            description=self.call_line(),
        )

    def call_line(self) -> str:
        return (
            f"Questions, or a side effect that does not settle? Call {self.options.who_to_call()}."
        )

    def add(self, event: Event, *alarms: Alarm) -> None:
        event.add("sequence", self.sequence)
        for alarm in alarms:
            event.add_component(alarm)
        self.calendar.add_component(event)

    def uid(self, role: str, number: int | None = None) -> str:
        return event_uid(self.plan, role, number)

    def all_day(
        self,
        slot: tuple[str, int | None],
        first: date,
        last: date,
        summary: str,
        lines: list[str],
        *,
        busy: bool = False,
    ) -> Event:
        return Event.new(
            uid=self.uid(*slot),
            stamp=self.stamp,
            start=first,
            end=last + _ONE_DAY,
            summary=summary,
            description="\n".join(lines),
            transparency=TRANSP.OPAQUE if busy else TRANSP.TRANSPARENT,
        )

    def cancel(self, role: str, number: int | None = None) -> None:
        """An event of an earlier calendar of this plan that no longer applies."""
        event = self.all_day(
            (role, number),
            self.plan.start,
            self.plan.start,
            "Cancelled: an earlier LDN calendar entry",
            ["This entry of an earlier LDN calendar no longer applies.", self.call_line()],
        )
        event.add("status", "CANCELLED")
        self.add(event)


def _alarm(text: str, trigger: timedelta = ALARM_AFTER_MIDNIGHT) -> Alarm:
    """A display alarm ``trigger`` after the event starts (midnight for an all-day event)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger, parameters={"RELATED": "START"})
    return alarm


def _after_midnight(clock: time) -> timedelta:
    return timedelta(hours=clock.hour, minutes=clock.minute)


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as iCalendar text with CRLF line ends and 75-octet folding."""
    if options.stamp is None:
        raise ValueError("an iCalendar file needs options.stamp (its DTSTAMP)")
    writer = _Writer(plan, options, options.stamp)
    slots = plan.calendar_slots_so_far()
    live: set[str] = set()
    if plan.is_blocked():
        _do_not_start(writer)
        live.add("before-start")
        steps = visits = holds = 0
    else:
        zone = ZoneInfo(options.timezone)
        if plan.opioid_stop is not None:
            _opioid_stop(writer)
            live.add("before-start")
        for step in plan.steps:
            _step(writer, step)
            _reminder(writer, step, zone)
        for number in range(1, len(plan.checkpoints) + 1):
            _visit(writer, number)
        for number, hold in enumerate(plan.holds, start=1):
            _hold(writer, number, hold)
        _reminders_end(writer)
        live.add("reminders-end")
        steps, visits, holds = len(plan.steps), len(plan.checkpoints), len(plan.holds)
    for role in SINGLE_ROLES:
        if role not in live:
            writer.cancel(role)
    for number in range(steps + 1, slots.steps + 1):
        writer.cancel("step", number)
        writer.cancel("reminder", number)
    for number in range(visits + 1, slots.visits + 1):
        writer.cancel("visit", number)
    for number in range(holds + 1, slots.holds + 1):
        writer.cancel("hold", number)
    writer.calendar.add_missing_timezones(
        first_date=plan.start - _ONE_DAY, last_date=plan.end + timedelta(days=2)
    )
    _printable_text(writer.calendar)
    ical: bytes = writer.calendar.to_ical()
    return ical.decode("utf-8")


def _do_not_start(writer: _Writer) -> None:
    """The one event of a blocked plan: do not start, and why, in the patient's words."""
    plan = writer.plan
    lines = [
        PATIENT_DO_NOT_START,
        PATIENT_DO_NOT_START_WHY,
        *(f"- {reason}" for reason in patient_blocking_reasons(plan)),
        f"This plan was drawn up to start on {long_date(plan.start)}. It is on hold: this "
        "calendar has no doses, reminders or visits until your prescriber confirms a plan.",
        writer.call_line(),
    ]
    summary = "Do not start LDN as planned: talk to your prescriber"
    event = writer.all_day(("before-start", None), plan.start, plan.start, summary, lines)
    writer.add(event, _alarm(PATIENT_DO_NOT_START))


def _opioid_stop(writer: _Writer) -> None:
    """The last day of the opioids the plan rests on stopping."""
    plan = writer.plan
    stop = plan.opioid_stop
    assert stop is not None  # the caller checks
    text = opioid_stop_text(plan, long_date(stop.last_dose)) or ""
    named = ", ".join(stop.medications) if stop.medications else "any opioid medicine"
    summary = f"Last day for {named}: none after today (before LDN)"
    lines = [text, writer.call_line()]
    event = writer.all_day(("before-start", None), stop.last_dose, stop.last_dose, summary, lines)
    writer.add(event, _alarm(summary))


def _step(writer: _Writer, step: Step) -> None:
    plan = writer.plan
    text = _step_text(plan, step)
    phrase = dose_time_phrase(plan.dose_time)
    count = len(plan.steps)
    if step.index < count:
        take = (
            f"Take {dose_with_measure(plan, step.index)} of LDN (low dose naltrexone) by mouth "
            f"{phrase} every day, {long_date(step.start)} to {long_date(step.end)} (step "
            f"{step.index} of {count})."
        )
    else:
        take = (
            f"From {long_date(step.start)}, take {dose_with_measure(plan, step.index)} of LDN "
            f"(low dose naltrexone) by mouth {phrase} every day (step {step.index} of "
            f"{count}). "
            + PATIENT_KEEP_TAKING.text.format(dose=format_mg(step.dose_mg), when=phrase)
        )
    before: list[str] = []
    summary, alarm = f"LDN {text}", f"LDN dose from today: {text}"
    restart = restart_after(plan, step)
    if restart is not None:
        before.append(patient_restart(restart))
        summary = f"LDN restart, only if off opioids: {text}"
        alarm = f"Restart LDN today only if you are fully off opioids: {text}"
    elif step.index == 1 and plan.opioid_stop is not None:
        before.append(opioid_stop_text(plan, long_date(plan.opioid_stop.last_dose)) or "")
    lines = [
        *before,
        take,
        *(f"- {item.text}" for item in patient_precautions(plan)),
        writer.call_line(),
    ]
    event = writer.all_day(("step", step.index), step.start, step.end, summary, lines)
    writer.add(event, _alarm(alarm))


def _reminder(writer: _Writer, step: Step, zone: ZoneInfo) -> None:
    plan = writer.plan
    clock = writer.options.reminder_clock(plan.dose_time)
    first = datetime.combine(step.start, clock, tzinfo=zone)
    last = datetime.combine(step.end, clock, tzinfo=zone)
    restart = restart_after(plan, step)
    condition = " (only if off opioids)" if restart is not None else ""
    summary = f"Take LDN {format_mg(step.dose_mg)}{condition}"
    lines = [f"Daily reminder: take LDN (low dose naltrexone) {_step_text(plan, step)}."]
    if restart is not None:
        lines.append(patient_restart(restart))
    event = Event.new(
        uid=writer.uid("reminder", step.index),
        stamp=writer.stamp,
        start=first,
        end=first + REMINDER_LENGTH,
        summary=summary,
        description="\n".join(lines),
        transparency=TRANSP.TRANSPARENT,
    )
    event.add("rrule", {"FREQ": "DAILY", "UNTIL": last.astimezone(UTC)})
    # Rings at the reminder time every day (phones that honour alarms; Google drops them).
    writer.add(event, _alarm(f"Take LDN {_step_text(plan, step)}", _AT_START))


def _visit(writer: _Writer, number: int) -> None:
    plan = writer.plan
    checkpoint = plan.checkpoints[number - 1]
    topics = "; ".join(topic.text for topic in PATIENT_VISIT_TOPICS)
    lines = [
        f"Book your visit for a day {patient_window(checkpoint)}; this is the suggested day.",
        patient_visit_changes(plan, checkpoint),
        f"You and your prescriber talk about {topics}.",
        patient_decision(plan, checkpoint),
        PATIENT_VISIT_TIMING.text,
        writer.call_line(),
    ]
    day = checkpoint.suggested
    summary = f"LDN follow-up visit {number}"
    event = writer.all_day(("visit", number), day, day, summary, lines, busy=True)
    writer.add(event)


def _hold(writer: _Writer, number: int, hold: Hold) -> None:
    restart = hold.end + _ONE_DAY
    lines = [f"Do not take LDN from {long_date(hold.start)} to {long_date(hold.end)}."]
    if hold.event == "surgery" and hold.event_start is not None:
        summary = f"No LDN: surgery on {long_date(hold.event_start)}"
        lines.append(f"This is for your surgery on {long_date(hold.event_start)}.")
    elif hold.event == "opioid-course" and hold.event_start is not None:
        last = hold.event_end or hold.event_start
        summary = "No LDN: opioid course"
        lines.append(
            f"This is for the opioid medicine planned from {long_date(hold.event_start)} to "
            f"{long_date(last)}."
        )
    else:
        summary = "No LDN (held)"
    if hold.event is not None:
        lines.append(patient_restart(hold))
    lines.append(writer.call_line())
    event = writer.all_day(("hold", number), hold.start, hold.end, summary, lines)
    clock = writer.options.reminder_clock(writer.plan.dose_time)
    stop = PATIENT_HOLD_STOP.text.format(restart=long_date(restart))
    writer.add(event, _alarm(stop, _after_midnight(clock)))


def _reminders_end(writer: _Writer) -> None:
    """On the plan's last day: the reminders stop here; the last dose goes on until review."""
    plan = writer.plan
    last = plan.steps[-1]
    phrase = dose_time_phrase(plan.dose_time)
    keep = PATIENT_KEEP_TAKING.text.format(dose=format_mg(last.dose_mg), when=phrase)
    lines = [f"This calendar's daily LDN reminders end today, {long_date(plan.end)}.", keep]
    if plan.checkpoints:
        number, review = max(enumerate(plan.checkpoints, start=1), key=lambda item: item[1].latest)
        lines.append(
            f"Your review is follow-up visit {number}, by {long_date(review.latest)}; if you "
            "have not had it, call to book it."
        )
    lines.append(writer.call_line())
    summary = f"LDN reminders end today: keep taking {format_mg(last.dose_mg)}"
    event = writer.all_day(("reminders-end", None), plan.end, plan.end, summary, lines)
    writer.add(event, _alarm(f"LDN reminders end today: keep taking {_step_text(plan, last)}"))


def _printable_text(calendar: Calendar) -> None:
    """Escape control characters in every text value (RFC 5545 forbids them in TEXT), before
    the lines are folded: a medication line a user typed can hold an ESC byte."""
    from ldn_cli.printable import printable

    for component in calendar.walk():
        for name, value in list(component.items()):
            if isinstance(value, vText):
                component[name] = vText(printable(str(value)))
