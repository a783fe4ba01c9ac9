"""A new calendar replaces the old one on the phone: every event of an earlier calendar of the
same plan is either replaced (same UID, higher SEQUENCE) or cancelled; alarms ring where the
patient has to act; the restart and the opioid stop reach the phone with their conditions.

Calendars are read back with two parsers (icalendar and vobject)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import icalendar
import pytest
import vobject
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ldn_cli.adjust import (
    Continuation,
    MissedDays,
    OpioidInterruption,
    SideEffects,
    SwitchToMorning,
    adjust,
)
from ldn_cli.errors import LdnError
from ldn_cli.models import OpioidStop, Plan, PlanWarning, TitrationSpec
from ldn_cli.render import RenderOptions, render_plan
from ldn_cli.render.ics import event_uid, sequence_of
from ldn_cli.schedule import build_plan
from ldn_cli.spec import plan_from_json
from tests.strategies import spec_of, specs

FIRST = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LATER = FIRST + timedelta(days=20, minutes=3)
BLOCKING = PlanWarning(
    code="opioid-contraindicated",
    severity="contraindicated",
    message="hydrocodone: Contraindicated with LDN: it blocks this opioid.",
    source="naltrexone-label",
    input="Norco",
    matched="hydrocodone",
)


def calendar_of(plan: Plan, stamp: datetime = FIRST) -> icalendar.Calendar:
    text = render_plan(plan, "ics", RenderOptions(timezone="Europe/London", stamp=stamp))
    vobject.readOne(text)  # a second parser reads it too
    return icalendar.Calendar.from_ical(text)


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    events = list(calendar.walk("VEVENT"))
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(events), "every event has its own UID"
    return by_uid


def is_live(event: icalendar.Event) -> bool:
    return event.get("STATUS") != "CANCELLED"


def assert_replaces(old: icalendar.Calendar, new: icalendar.Calendar) -> None:
    """Every event of ``old`` is in ``new`` under its UID, with a higher SEQUENCE."""
    old_events, new_events = events_by_uid(old), events_by_uid(new)
    missing = set(old_events) - set(new_events)
    assert not missing, f"{len(missing)} old events are neither replaced nor cancelled"
    for uid, event in old_events.items():
        assert int(new_events[uid]["SEQUENCE"]) > int(event["SEQUENCE"])


def test_a_calendar_made_later_has_a_higher_sequence_on_every_event() -> None:
    assert sequence_of(LATER) > sequence_of(FIRST) > 0
    plan = build_plan(spec_of())
    for stamp in (FIRST, LATER):
        assert {int(e["SEQUENCE"]) for e in calendar_of(plan, stamp).walk("VEVENT")} == {
            sequence_of(stamp)
        }


def test_uids_name_the_plan_by_its_first_day_and_each_event_by_its_role_and_number() -> None:
    plan = build_plan(spec_of())
    uids = set(events_by_uid(calendar_of(plan)))
    expected = {
        *(event_uid(plan, "step", n) for n in range(1, len(plan.steps) + 1)),
        *(event_uid(plan, "reminder", n) for n in range(1, len(plan.steps) + 1)),
        *(event_uid(plan, "visit", n) for n in range(1, len(plan.checkpoints) + 1)),
        event_uid(plan, "reminders-end"),
        event_uid(plan, "before-start"),
    }
    assert uids == expected
    # Another protocol or dose time from the same first day is the same plan, re-planned.
    weekly = build_plan(spec_of(start_mg=Decimal("1"), step_mg=Decimal("1"), every_days=7))
    assert event_uid(weekly, "step", 1) == event_uid(plan, "step", 1)
    other_day = build_plan(spec_of(start=date(2026, 12, 2)))
    assert event_uid(other_day, "step", 1) != event_uid(plan, "step", 1)


ADJUSTMENTS = [
    SideEffects("halve"),
    SideEffects("step-back"),
    SideEffects("hold", hold_days=5),
    SideEffects("to", dose_mg=Decimal("0.5")),
    MissedDays(days=20),
    SwitchToMorning(),
]


@settings(max_examples=40)
@given(specs(), st.sampled_from(ADJUSTMENTS), st.floats(min_value=0.05, max_value=0.95))
def test_an_adjusted_plans_calendar_replaces_or_cancels_every_event_of_the_old_one(
    spec: TitrationSpec, event: object, where: float
) -> None:
    plan = build_plan(spec)
    on = plan.start + timedelta(days=int((plan.end - plan.start).days * where))
    try:
        adjusted = adjust(plan, event, on=on)  # type: ignore[arg-type]
    except LdnError:  # an event this plan cannot take on that day (adjust's own tests)
        assume(False)
    old, new = calendar_of(plan, FIRST), calendar_of(adjusted, LATER)
    assert_replaces(old, new)
    live = [e for e in new.walk("VEVENT") if is_live(e)]
    assert len([e for e in live if "RRULE" in e]) == len(adjusted.steps)


def test_a_surgery_then_a_second_adjustment_still_cancels_the_middle_versions_events() -> None:
    plan = build_plan(spec_of())
    first = adjust(plan, SideEffects("halve"), on=date(2026, 12, 30))  # more steps
    # Through the JSON file, as `ldn adjust --plan plan.json` reads it.
    reread = plan_from_json(render_plan(first, "json", RenderOptions()), name="plan.json")
    second = adjust(
        reread,
        OpioidInterruption("surgery", date(2027, 1, 20), date(2027, 1, 20)),
        on=date(2027, 1, 10),
    )
    stamps = [FIRST, FIRST + timedelta(days=1), FIRST + timedelta(days=2)]
    calendars = [calendar_of(p, s) for p, s in zip((plan, first, second), stamps, strict=True)]
    assert_replaces(calendars[0], calendars[1])
    assert_replaces(calendars[1], calendars[2])
    assert_replaces(calendars[0], calendars[2])


def test_a_blocked_version_cancels_every_dose_reminder_and_visit_of_the_plan() -> None:
    plan = build_plan(spec_of())
    blocked = build_plan(spec_of(), warnings=[BLOCKING])
    old, new = calendar_of(plan, FIRST), calendar_of(blocked, LATER)
    assert_replaces(old, new)
    live = [e for e in new.walk("VEVENT") if is_live(e)]
    assert [str(e["SUMMARY"]) for e in live] == [
        "Do not start LDN as planned: talk to your prescriber"
    ]
    # And back: the plan that may start cancels the "do not start".
    again = calendar_of(plan, LATER + timedelta(hours=1))
    assert_replaces(new, again)
    do_not_start = events_by_uid(again)[event_uid(plan, "before-start")]
    assert do_not_start["STATUS"] == "CANCELLED"


def test_a_reminder_rings_at_the_reminder_time_every_day_of_its_step() -> None:
    plan = build_plan(spec_of(dose_time="morning"))
    calendar = vobject.readOne(
        render_plan(plan, "ics", RenderOptions(timezone="Europe/Paris", stamp=FIRST))
    )
    reminders = [e for e in calendar.vevent_list if hasattr(e, "rrule")]
    for reminder, step in zip(reminders, plan.steps, strict=True):
        assert reminder.dtstart.value.strftime("%H:%M") == "08:00"
        assert len(list(reminder.getrruleset())) == step.days
        assert reminder.valarm.trigger.value == timedelta(0)
        assert reminder.valarm.action.value == "DISPLAY"


def surgery_plan() -> Plan:
    return adjust(
        build_plan(spec_of()),
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
        on=date(2026, 12, 20),
    )


def test_the_restart_after_surgery_says_only_once_fully_off_opioids_and_its_alarm_too() -> None:
    plan = surgery_plan()
    hold = plan.holds[0]
    restart = hold.end + timedelta(days=1)
    events = list(calendar_of(plan).walk("VEVENT"))
    step = next(e for e in events if e["DTSTART"].dt == restart and "RRULE" not in e)
    assert str(step["SUMMARY"]).startswith("LDN restart, only if off opioids")
    assert (
        "only if you are fully off opioid medicines and have taken none after Tue 5 Jan 2027"
        in (str(step["DESCRIPTION"]))
    )
    (alarm,) = step.walk("VALARM")
    assert "only if you are fully off opioids" in str(alarm["DESCRIPTION"])
    reminder = next(e for e in events if "RRULE" in e and e["DTSTART"].dt.date() == restart)
    assert "only if off opioids" in str(reminder["SUMMARY"])


def test_the_no_ldn_event_rings_on_its_first_day_the_day_to_stop() -> None:
    plan = surgery_plan()
    hold = plan.holds[0]
    held = next(
        e for e in calendar_of(plan).walk("VEVENT") if str(e["SUMMARY"]).startswith("No LDN")
    )
    assert held["DTSTART"].dt == hold.start
    assert str(held["SUMMARY"]) == "No LDN: surgery on Tue 5 Jan 2027"
    (alarm,) = held.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(hours=21)  # the dose time it replaces
    restart = hold.end + timedelta(days=1)
    assert (
        str(alarm["DESCRIPTION"])
        == f"Take no LDN from today until {restart:%a} {restart.day} {restart:%b %Y}."
    )


@pytest.mark.parametrize(
    ("medications", "said"),
    [
        (["tramadol 50 mg"], "do not take tramadol 50 mg after Sat 5 Dec 2026"),
        (
            ["Tylenol #3", "oxycodone 5 mg"],
            "do not take Tylenol #3 or oxycodone 5 mg after Sat 5 Dec 2026",
        ),
        ([], "do not take any opioid medicine after Sat 5 Dec 2026"),
    ],
)
def test_the_opioids_listed_must_not_be_taken_after_the_last_dose_the_plan_rests_on(
    medications: list[str], said: str
) -> None:
    plan = build_plan(
        spec_of(start=date(2026, 12, 15)),
        opioid_stop=OpioidStop(last_dose=date(2026, 12, 5), medications=medications),
    )
    events = list(calendar_of(plan).walk("VEVENT"))
    stop = next(e for e in events if e["DTSTART"].dt == date(2026, 12, 5))
    assert str(stop["SUMMARY"]).startswith("Last day for ")
    assert said in str(stop["DESCRIPTION"])
    assert stop.walk("VALARM")
    first_step = next(e for e in events if str(e["SUMMARY"]) == "LDN 1.5 mg at bedtime")
    assert said in str(first_step["DESCRIPTION"])
    page = render_plan(plan, "html", RenderOptions())
    assert said in page.replace("&#x27;", "'")


def test_an_adjustment_with_fewer_steps_cancels_the_steps_and_reminders_it_no_longer_has() -> None:
    weekly = build_plan(spec_of(start_mg=Decimal("0.5"), step_mg=Decimal("0.5"), every_days=7))
    lower = Continuation(target_mg=Decimal("1.5"))  # a lower ceiling: fewer steps from here
    fewer = adjust(weekly, SideEffects("step-back"), on=date(2026, 12, 20), continuation=lower)
    again = plan_from_json(render_plan(fewer, "json", RenderOptions()), name="plan.json")
    assert len(fewer.steps) < len(weekly.steps)
    old, new = calendar_of(weekly, FIRST), calendar_of(again, LATER)
    assert_replaces(old, new)
    cancelled = {uid for uid, e in events_by_uid(new).items() if not is_live(e)}
    for number in range(len(fewer.steps) + 1, len(weekly.steps) + 1):
        assert event_uid(weekly, "step", number) in cancelled
        assert event_uid(weekly, "reminder", number) in cancelled
