"""Adjusting a running plan: by example, and by property over generated plans and events."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_cli.adjust import (
    Continuation,
    Event,
    MissedDays,
    OpioidInterruption,
    SideEffects,
    Slower,
    SwitchToMorning,
    adjust,
    last_dose_day,
    parse_slower,
    record_start,
    running_plan,
)
from ldn_cli.check import check_rows, is_failing, parse_plan
from ldn_cli.dose import format_mg
from ldn_cli.errors import InvalidSpec, LdnError
from ldn_cli.evidence import SOURCES
from ldn_cli.models import Plan, Step
from ldn_cli.schedule import build_plan
from tests.strategies import adjustment_cases, spec_of

STANDARD = build_plan(spec_of())


def doses_by_step(plan: Plan) -> list[tuple[str, str]]:
    return [(step.start.isoformat(), str(step.dose_mg)) for step in plan.steps]


def test_step_back_goes_to_the_tolerated_dose_then_retitrates_at_twice_the_interval() -> None:
    adjusted = adjust(STANDARD, SideEffects("step-back"), on=date(2026, 12, 20))
    assert adjusted.dose_on(date(2026, 12, 19)) == Decimal(3)
    assert adjusted.dose_on(date(2026, 12, 20)) == Decimal("1.5")
    assert doses_by_step(adjusted)[2:] == [
        ("2026-12-20", "1.5"),
        ("2027-01-17", "3"),
        ("2027-02-14", "4.5"),
    ]
    assert "a longer interval, every 28 days instead of 14" in adjusted.adjustments[0].reason
    assert (
        "(twice the interval, a configurable default: --slower)" in adjusted.adjustments[0].reason
    )
    (record,) = adjusted.adjustments
    assert record.event == "side-effects: step-back"
    assert record.source == "ldnrt-side-effects"


def test_acceptance_surgery_holds_72_hours_and_restarts_after() -> None:
    current = build_plan(spec_of(start=date(2026, 12, 10), start_mg=Decimal("4.5")))
    adjusted = adjust(
        current,
        OpioidInterruption("surgery", date(2026, 12, 20), date(2026, 12, 20)),
        on=date(2026, 12, 10),
    )
    last = max(step.end for step in adjusted.steps if step.start < date(2026, 12, 20))
    assert last == date(2026, 12, 16)  # a bedtime dose then is 72 h or more before the day
    (hold,) = adjusted.holds
    assert hold.start == date(2026, 12, 17)
    restart = hold.end + timedelta(days=1)
    assert restart == date(2026, 12, 30)  # the 10th opioid-free day after the surgery day
    assert adjusted.dose_on(restart) == Decimal("4.5")  # a 14-day gap: resume
    assert any(w.code == "tell-the-anaesthetist" for w in adjusted.warnings)
    assert "anaesthetist" in next(w.message for w in adjusted.warnings if w.severity == "info")


@pytest.mark.parametrize(("hours", "days_before"), [(24, 2), (48, 3), (72, 4)])
def test_last_dose_day_counts_from_the_start_of_the_surgery_day(
    hours: int, days_before: int
) -> None:
    assert last_dose_day(date(2026, 12, 20), hours) == date(2026, 12, 20) - timedelta(
        days=days_before
    )


def test_hold_halve_to_and_gentler_steps() -> None:
    held = adjust(STANDARD, SideEffects("hold", hold_days=7), on=date(2026, 12, 20))
    assert held.dose_on(date(2026, 12, 26)) == Decimal(3)
    assert held.dose_on(date(2026, 12, 27)) == Decimal("4.5")
    halved = adjust(STANDARD, SideEffects("halve"), on=date(2026, 12, 29))
    assert halved.dose_on(date(2026, 12, 29)) == Decimal("1.5")
    gentle = adjust(
        STANDARD,
        SideEffects("to", dose_mg=Decimal("1.5")),
        on=date(2026, 12, 20),
        continuation=Continuation(step_mg=Decimal("0.5"), every_days=21, target_mg=Decimal(3)),
    )
    assert doses_by_step(gentle)[2:] == [
        ("2026-12-20", "1.5"),
        ("2027-01-10", "2"),
        ("2027-01-31", "2.5"),
        ("2027-02-21", "3"),
    ]
    with pytest.raises(InvalidSpec, match="at or below the current 3 mg"):
        adjust(STANDARD, SideEffects("to", dose_mg=Decimal(4)), on=date(2026, 12, 20))


def test_missed_days_short_and_long() -> None:
    short = adjust(STANDARD, MissedDays(3), on=date(2026, 12, 20))
    assert short.dose_on(date(2026, 12, 20)) == Decimal(3)
    long = adjust(STANDARD, MissedDays(20), on=date(2027, 1, 20))
    assert long.dose_on(date(2027, 1, 20)) == Decimal("1.5")
    assert "long gap" in long.adjustments[0].reason


def test_switch_to_morning_keeps_the_doses_and_adds_the_caveat() -> None:
    switched = adjust(STANDARD, SwitchToMorning(), on=date(2026, 12, 20))
    assert switched.dose_time == "morning"
    assert [s.dose_mg for s in switched.steps] == [s.dose_mg for s in STANDARD.steps]
    assert any(p.code == "morning-dosing" for p in switched.precautions)


def test_adjustments_chain() -> None:
    first = adjust(STANDARD, SideEffects("step-back"), on=date(2026, 12, 20))
    second = adjust(
        first,
        OpioidInterruption("opioid-course", date(2027, 2, 1), date(2027, 2, 5)),
        on=date(2027, 1, 20),
    )
    assert [a.event for a in second.adjustments] == ["side-effects: step-back", "opioid-course"]
    assert Plan.model_validate_json(second.model_dump_json()) == second


def test_event_before_the_plan_is_refused_and_after_it_extends_maintenance() -> None:
    with pytest.raises(InvalidSpec, match="before the plan starts"):
        adjust(STANDARD, MissedDays(2), on=date(2026, 11, 1))
    later = adjust(STANDARD, MissedDays(2), on=date(2027, 6, 1))
    assert later.dose_on(date(2027, 5, 29)) == Decimal("4.5")
    assert later.dose_on(date(2027, 5, 31)) is None  # missed
    assert later.dose_on(date(2027, 6, 1)) == Decimal("4.5")


# --- the rules a clinician signs (issue 12) ----------------------------------------------------


def standard_at(dose: str, *, on: date = date(2027, 1, 10)) -> Plan:
    """A patient on ``dose`` now, on the standard protocol, recorded from ``on``."""
    return running_plan(spec_of(start=on), Decimal(dose), since=on)


def liquid_standard() -> Plan:
    from ldn_cli.compounding import compound, parse_concentration, with_preparation

    return with_preparation(STANDARD, compound(STANDARD, parse_concentration("1mg/mL")))


def test_retitration_after_a_long_gap_starts_from_the_protocol_start_dose_even_from_now() -> None:
    on = date(2027, 1, 10)
    event = MissedDays(20)
    base = running_plan(spec_of(start=on), Decimal("4.5"), since=record_start(event, on))
    adjusted = adjust(base, event, on=on)
    assert adjusted.dose_on(on) == Decimal("1.5")
    assert "re-titrate from the protocol's start dose, 1.5 mg" in adjusted.adjustments[0].reason
    assert "4.5 mg" not in adjusted.adjustments[0].reason


def test_missed_days_are_recorded_as_missed_with_no_dose() -> None:
    adjusted = adjust(STANDARD, MissedDays(3), on=date(2026, 12, 20))
    (hold,) = adjusted.holds
    assert (hold.start, hold.end, hold.kind) == (date(2026, 12, 17), date(2026, 12, 19), "missed")
    assert all(adjusted.dose_on(date(2026, 12, day)) is None for day in (17, 18, 19))
    assert adjusted.dose_on(date(2026, 12, 16)) == Decimal(3)


def test_more_missed_days_than_have_elapsed_are_refused() -> None:
    with pytest.raises(InvalidSpec, match="at most 9 days have elapsed"):
        adjust(STANDARD, MissedDays(10), on=date(2026, 12, 10))


def test_after_halving_the_way_back_up_is_slower_and_uses_only_the_plans_ladder() -> None:
    adjusted = adjust(STANDARD, SideEffects("halve"), on=date(2027, 1, 5))
    assert doses_by_step(adjusted)[3:] == [
        ("2027-01-05", "1.5"),  # 2.25 mg is not on the ladder and no formulation makes it
        ("2027-02-02", "3"),
        ("2027-03-02", "4.5"),
    ]
    assert "twice the interval, a configurable default" in adjusted.adjustments[0].reason


def test_halving_a_liquid_plan_gives_the_dose_its_syringes_measure_exactly() -> None:
    adjusted = adjust(liquid_standard(), SideEffects("halve"), on=date(2027, 1, 5))
    assert [s.dose_mg for s in adjusted.steps][3:] == [Decimal("2.2"), Decimal(3), Decimal("4.5")]
    assert adjusted.preparation is not None
    assert [s.index for s in adjusted.preparation.steps] == [s.index for s in adjusted.steps]
    assert all(s.delivered_mg == s.dose_mg for s in adjusted.preparation.steps)


def test_a_return_to_a_named_dose_is_the_new_maintenance_dose_unless_a_target_is_given() -> None:
    kept = adjust(STANDARD, SideEffects("to", dose_mg=Decimal("1.5")), on=date(2027, 1, 10))
    assert [s.dose_mg for s in kept.steps if s.start >= date(2027, 1, 10)] == [Decimal("1.5")]
    assert kept.max_daily_mg == kept.target_mg == Decimal("1.5")
    climbed = adjust(
        STANDARD,
        SideEffects("to", dose_mg=Decimal("1.5")),
        on=date(2027, 1, 10),
        continuation=Continuation(target_mg=Decimal(3)),
    )
    assert doses_by_step(climbed)[3:] == [("2027-01-10", "1.5"), ("2027-02-07", "3")]
    assert climbed.max_daily_mg == Decimal(3)


def test_a_named_dose_off_the_ladder_is_refused_unless_the_formulation_makes_it() -> None:
    with pytest.raises(InvalidSpec, match=r"not on this plan's ladder \(1.5, 3 and 4.5 mg\)"):
        adjust(STANDARD, SideEffects("to", dose_mg=Decimal(2)), on=date(2027, 1, 10))
    adjusted = adjust(
        liquid_standard(), SideEffects("to", dose_mg=Decimal(2)), on=date(2027, 1, 10)
    )
    assert adjusted.dose_on(date(2027, 1, 10)) == Decimal(2)


def test_step_back_from_the_first_step_is_refused_naming_what_is_possible() -> None:
    with pytest.raises(InvalidSpec, match=r"no lower dose was taken; possible: hold") as refused:
        adjust(STANDARD, SideEffects("step-back"), on=date(2026, 12, 5))
    assert "stop LDN" in str(refused.value)
    with pytest.raises(InvalidSpec, match=r"halve \(--side-effects halve\)"):
        adjust(liquid_standard(), SideEffects("step-back"), on=date(2026, 12, 5))


def test_step_back_from_a_current_dose_goes_to_the_protocols_dose_below_it() -> None:
    adjusted = adjust(standard_at("4.5"), SideEffects("step-back"), on=date(2027, 1, 10))
    assert adjusted.dose_on(date(2027, 1, 10)) == Decimal(3)


def test_a_smaller_step_after_side_effects_needs_doses_the_plan_can_give() -> None:
    slower = SideEffects("step-back", slower=parse_slower("step:2"))
    with pytest.raises(InvalidSpec, match="use --slower interval"):
        adjust(STANDARD, slower, on=date(2026, 12, 20))
    adjusted = adjust(liquid_standard(), slower, on=date(2026, 12, 20))
    after = [s.dose_mg for s in adjusted.steps if s.start >= date(2026, 12, 20)]
    assert after[0] == Decimal("1.5")
    assert after[-1] == Decimal("4.5")
    assert all(
        Decimal(0) < b - a <= Decimal("0.75") for a, b in zip(after, after[1:], strict=False)
    )
    assert adjusted.preparation is not None
    assert all(s.delivered_mg == s.dose_mg for s in adjusted.preparation.steps)
    assert "a smaller step, at most 0.75 mg instead of 1.5 mg" in adjusted.adjustments[0].reason


def test_a_faster_pace_after_side_effects_is_refused() -> None:
    with pytest.raises(InvalidSpec, match="re-titrate more slowly"):
        adjust(
            STANDARD,
            SideEffects("step-back"),
            on=date(2026, 12, 20),
            continuation=Continuation(every_days=7),
        )


def test_a_pace_already_slower_than_the_plan_is_used_as_prescribed() -> None:
    adjusted = adjust(
        STANDARD,
        SideEffects("step-back"),
        on=date(2026, 12, 20),
        continuation=Continuation(every_days=21),
    )
    assert doses_by_step(adjusted)[2:] == [
        ("2026-12-20", "1.5"),
        ("2027-01-10", "3"),
        ("2027-01-31", "4.5"),
    ]
    assert "as prescribed" in adjusted.adjustments[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("interval", Slower("interval", 2)),
        ("step:3", Slower("step", 3)),
        ("interval:4", Slower("interval", 4)),
    ],
)
def test_parse_slower(text: str, expected: Slower) -> None:
    assert parse_slower(text) == expected


@pytest.mark.parametrize("text", ["", "faster", "interval:1", "step:5", "step:２"])
def test_parse_slower_refuses_what_it_does_not_know(text: str) -> None:
    with pytest.raises(InvalidSpec, match="slower"):
        parse_slower(text)


@pytest.mark.parametrize(
    ("event", "continuation", "message"),
    [
        (SideEffects("hold"), Continuation(target_mg=Decimal(10)), "target 10 mg is out of range"),
        (SideEffects("hold"), Continuation(step_mg=Decimal("0.001")), "step 0.001"),
        (SideEffects("hold"), Continuation(every_days=0), "interval (days) 0"),
        (SideEffects("to", dose_mg=Decimal("0.05")), Continuation(), "return dose 0.05 mg"),
        (SideEffects("hold", slower=Slower("step", 9)), Continuation(), "slower factor 9"),
        (MissedDays(0), Continuation(), "missed days 0"),
        (
            OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5), hold_hours=12),
            Continuation(),
            "hold hours 12",
        ),
    ],
)
def test_values_from_the_python_api_get_the_bounds_of_the_options(
    event: Event, continuation: Continuation, message: str
) -> None:
    with pytest.raises(LdnError, match=re.escape(message)):
        adjust(STANDARD, event, on=date(2026, 12, 20), continuation=continuation)


def test_surgery_before_the_event_date_is_refused() -> None:
    with pytest.raises(InvalidSpec, match="before the event date"):
        adjust(
            STANDARD,
            OpioidInterruption("surgery", date(2026, 12, 10), date(2026, 12, 10)),
            on=date(2026, 12, 20),
        )


def test_the_last_ldn_dose_for_the_surgical_team_is_the_last_dose_in_the_history() -> None:
    # Already inside the 72-hour window: the last dose is the day before the event date.
    adjusted = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2026, 12, 22), date(2026, 12, 22)),
        on=date(2026, 12, 20),
    )
    notice = next(w for w in adjusted.warnings if w.code == "tell-the-anaesthetist")
    assert "last dose 3 mg on 2026-12-19" in notice.message
    assert "last LDN dose 3 mg on 2026-12-19" in adjusted.adjustments[0].reason
    assert adjusted.dose_on(date(2026, 12, 19)) == Decimal(3)
    assert adjusted.dose_on(date(2026, 12, 20)) is None


def test_a_hold_under_48_hours_is_allowed_only_with_a_caveat() -> None:
    event = OpioidInterruption("surgery", date(2026, 12, 20), date(2026, 12, 20), hold_hours=24)
    adjusted = adjust(STANDARD, event, on=date(2026, 12, 10))
    (caveat,) = [w for w in adjusted.warnings if w.code == "short-hold"]
    assert (caveat.severity, caveat.source) == ("warning", "surgery-hold")
    assert "shorter than any cited source" in caveat.message
    standard = OpioidInterruption("surgery", date(2026, 12, 20), date(2026, 12, 20), hold_hours=48)
    assert not [
        w
        for w in adjust(STANDARD, standard, on=date(2026, 12, 10)).warnings
        if w.code == "short-hold"
    ]


@pytest.mark.parametrize(
    ("opioid", "days"), [("methadone", 14), ("Subutex", 14), ("oxycodone", 10)]
)
def test_an_opioid_course_waits_as_long_as_the_opioid_table_says(opioid: str, days: int) -> None:
    event = OpioidInterruption("opioid-course", date(2027, 1, 5), date(2027, 1, 9), opioid=opioid)
    adjusted = adjust(STANDARD, event, on=date(2026, 12, 20))
    restart = date(2027, 1, 9) + timedelta(days=days)
    assert adjusted.holds[-1].end == restart - timedelta(days=1)
    assert adjusted.dose_on(restart) is not None
    assert f"opioid-free {days} days" in adjusted.adjustments[-1].reason


def test_an_opioid_the_table_does_not_know_gets_the_longest_wait_and_a_warning() -> None:
    event = OpioidInterruption("opioid-course", date(2027, 1, 5), date(2027, 1, 9), opioid="zqxjv")
    adjusted = adjust(STANDARD, event, on=date(2026, 12, 20))
    assert adjusted.holds[-1].end == date(2027, 1, 22)
    (warning,) = [w for w in adjusted.warnings if w.code == "opioid-not-checked"]
    assert "not checked" in warning.message


@pytest.mark.parametrize(
    "depot",
    [
        "Sublocade",
        "Buvidal weekly",
        "Probuphine implant",
        "Sixmo",
        "buprenorphine implant",
        "buprenorphine depot injection",
        "buprenorphine monthly injection",
    ],
)
def test_long_acting_buprenorphine_is_refused_because_the_14_day_wait_does_not_apply(
    depot: str,
) -> None:
    event = OpioidInterruption("opioid-course", date(2027, 1, 5), date(2027, 1, 9), opioid=depot)
    with pytest.raises(InvalidSpec, match="long-acting buprenorphine"):
        adjust(STANDARD, event, on=date(2026, 12, 20))


def test_a_medicine_that_is_not_an_opioid_is_refused_as_the_opioid() -> None:
    event = OpioidInterruption(
        "opioid-course", date(2027, 1, 5), date(2027, 1, 9), opioid="ibuprofen"
    )
    with pytest.raises(InvalidSpec, match="not an opioid agonist"):
        adjust(STANDARD, event, on=date(2026, 12, 20))


def test_an_event_on_or_before_a_recorded_hold_is_refused() -> None:
    held = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
        on=date(2026, 12, 20),
    )
    with pytest.raises(InvalidSpec, match="adjust from 2027-01-15 or later"):
        adjust(held, SideEffects("hold"), on=date(2026, 12, 25))


def test_the_ceiling_follows_the_adjusted_plan_in_every_renderer() -> None:
    from datetime import UTC, datetime

    from ldn_cli.render import RenderOptions, render_plan

    adjusted = adjust(
        STANDARD,
        SideEffects("to", dose_mg=Decimal("1.5")),
        on=date(2027, 1, 10),
        continuation=Continuation(target_mg=Decimal("1.5")),
    )
    options = RenderOptions(timezone="UTC", stamp=datetime(2026, 11, 26, tzinfo=UTC))
    assert "Do not exceed 1.5 mg daily." in render_plan(adjusted, "text", options)
    assert "target 1.5 mg" in render_plan(adjusted, "table", options)
    fhir = json.loads(render_plan(adjusted, "fhir", options))
    ceilings = {
        d["maxDosePerPeriod"]["numerator"]["value"]
        for d in fhir["dosageInstruction"]
        if "maxDosePerPeriod" in d
    }
    assert ceilings == {1.5}
    last = fhir["dosageInstruction"][-1]
    assert last["maxDosePerPeriod"]["numerator"]["value"] == 1.5
    fresh = json.loads(render_plan(build_plan(spec_of(target_mg=Decimal(3))), "fhir", options))
    assert {d["maxDosePerPeriod"]["numerator"]["value"] for d in fresh["dosageInstruction"]} == {3}


# --- visits after an adjustment (audit: MAJOR 2, 3, 4) -------------------------------------------


def changes_of(plan: Plan) -> list[Step]:
    """The steps that need a follow-up: the first, a new dose, a restart after days without LDN."""
    return [
        step
        for earlier, step in zip([None, *plan.steps], plan.steps, strict=False)
        if earlier is None
        or earlier.dose_mg != step.dose_mg
        or earlier.end + timedelta(days=1) != step.start
    ]


def increases_of(plan: Plan) -> dict[date, Step]:
    return {
        later.start: later
        for earlier, later in zip(plan.steps, plan.steps[1:], strict=False)
        if later.dose_mg > earlier.dose_mg
    }


def assert_visits_follow_the_rules(plan: Plan) -> None:
    """Every change has a visit whose whole window lies 14–28 days (the plan's window) after
    it; every visit reviews only changes, from inside their windows; and every visit decides
    the first increase of the plan on or after it (with its dose and step), or none if none
    is left."""
    low, high = (timedelta(days=days) for days in plan.visit_rules.follow_up_window)
    changes = {step.index: step for step in changes_of(plan)}
    for step in changes.values():
        assert any(
            step.index in visit.reviews
            and step.start + low <= visit.earliest
            and visit.latest <= step.start + high
            for visit in plan.checkpoints
        ), (step, plan.checkpoints)
    increases = increases_of(plan)
    for visit in plan.checkpoints:
        assert visit.earliest <= visit.suggested <= visit.latest
        for index in visit.reviews:
            assert index in changes, (index, visit)
            start = changes[index].start
            assert start + low <= visit.earliest <= visit.latest <= start + high, visit
        upcoming = sorted(day for day in increases if day >= visit.earliest)
        decision = visit.assess[-1]
        if not upcoming:
            assert visit.next_increase is None, visit
            assert visit.next_dose_mg is None, visit
            assert "maintenance" in decision
            continue
        decided = increases[upcoming[0]]
        assert visit.next_increase == decided.start, (visit, decided)
        assert visit.latest <= decided.start
        assert visit.next_dose_mg == decided.dose_mg
        assert f"next {format_mg(decided.dose_mg)}" in decision
        assert f"(step {decided.index})" in decision


EVENTS_ON_20_DECEMBER: list[Event] = [
    SideEffects("hold", hold_days=21),
    SideEffects("step-back"),
    OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
    SwitchToMorning(),
    MissedDays(10),
]


@pytest.mark.parametrize("event", EVENTS_ON_20_DECEMBER, ids=lambda event: type(event).__name__)
def test_a_visit_kept_across_the_event_decides_the_adjusted_plans_increase(event: Event) -> None:
    adjusted = adjust(STANDARD, event, on=date(2026, 12, 20))
    first = adjusted.checkpoints[0]
    # Visit 1 (16 to 29 December) was open on the event day: its day is kept, its decision
    # is the adjusted plan's, never the old "4.5 mg on 29 December" unless that still holds.
    assert (first.earliest, first.suggested) == (date(2026, 12, 16), date(2026, 12, 16))
    assert first.next_increase in increases_of(adjusted)
    assert_visits_follow_the_rules(adjusted)


def test_after_a_three_week_hold_visit_1_decides_4_5_mg_on_its_new_day() -> None:
    adjusted = adjust(STANDARD, SideEffects("hold", hold_days=21), on=date(2026, 12, 20))
    first = adjusted.checkpoints[0]
    assert first.next_increase == date(2027, 1, 10)
    assert first.next_dose_mg == Decimal("4.5")
    assert first.assess[-1].endswith("next 4.5 mg at bedtime (step 3)")
    assert date(2026, 12, 29) not in {visit.next_increase for visit in adjusted.checkpoints}


def test_a_visit_entirely_before_the_event_is_history_and_stays() -> None:
    adjusted = adjust(STANDARD, SideEffects("hold", hold_days=21), on=date(2027, 1, 5))
    assert adjusted.checkpoints[0] == STANDARD.checkpoints[0]


def test_a_past_visit_whose_change_was_all_missed_reviews_nothing_and_goes() -> None:
    # 35 days missed from 26 December: the 4.5 mg step of 29 December never happened, so
    # visit 3 (12 to 26 January), which reviewed only it, reviews nothing any more.
    adjusted = adjust(STANDARD, MissedDays(35), on=date(2027, 1, 30))
    assert (date(2027, 1, 12), date(2027, 1, 26)) not in {
        (visit.earliest, visit.latest) for visit in adjusted.checkpoints
    }
    assert adjusted.checkpoints[:2] == [
        visit.model_copy(
            update={
                "next_increase": date(2027, 2, 13),
                "next_dose_mg": Decimal(3),
                "assess": [
                    *visit.assess[:-1],
                    "Whether to continue the titration: next 3 mg at bedtime (step 4)",
                ],
            }
        )
        for visit in STANDARD.checkpoints[:2]
    ]
    assert_visits_follow_the_rules(adjusted)


def test_a_change_is_reviewed_only_by_a_visit_whose_window_lies_inside_its_window() -> None:
    # Visit 1 (16 to 29 December) touches the 3 mg step's window (29 December to 12 January)
    # on one day only: the 3 mg step gets its own visit inside that window.
    adjusted = adjust(STANDARD, SideEffects("hold", hold_days=21), on=date(2026, 12, 20))
    (visit,) = [visit for visit in adjusted.checkpoints if 2 in visit.reviews]
    assert date(2026, 12, 29) <= visit.earliest <= visit.latest <= date(2027, 1, 12)
    assert 2 not in adjusted.checkpoints[0].reviews


@pytest.mark.parametrize("offset", range(0, 57, 3))
def test_switching_to_morning_never_deletes_a_needed_visit(offset: int) -> None:
    adjusted = adjust(STANDARD, SwitchToMorning(), on=STANDARD.start + timedelta(days=offset))
    assert_visits_follow_the_rules(adjusted)
    assert len(adjusted.checkpoints) >= len(STANDARD.checkpoints)


def test_a_new_visit_is_never_placed_before_the_event_when_its_window_allows() -> None:
    # The visit for the 4.5 mg step (window 12 to 26 January) was booked late, from the 19th;
    # an event on the 15th re-places it, from the 15th on, never back on the 12th.
    late = STANDARD.checkpoints[2].model_copy(
        update={"earliest": date(2027, 1, 19), "suggested": date(2027, 1, 19)}
    )
    plan = STANDARD.model_copy(update={"checkpoints": [*STANDARD.checkpoints[:2], late]})
    adjusted = adjust(plan, SideEffects("hold", hold_days=7), on=date(2027, 1, 15))
    (visit,) = [visit for visit in adjusted.checkpoints if 3 in visit.reviews]
    assert visit.earliest == visit.suggested == date(2027, 1, 15)
    assert visit.latest == date(2027, 1, 26)


def test_adjust_places_new_visits_by_the_rules_the_plan_records() -> None:
    spec = spec_of(
        visit_slack=3,
        clinic_days=("tue", "thu"),
        follow_up_min_days=21,
        follow_up_max_days=28,
    )
    plan = build_plan(spec)
    assert plan.visit_rules.model_dump() == {
        "slack_days": 3,
        "clinic_days": ("tue", "thu"),
        "follow_up_window": (21, 28),
    }
    adjusted = adjust(plan, SideEffects("step-back"), on=date(2026, 12, 20))
    assert adjusted.visit_rules == plan.visit_rules
    assert_visits_follow_the_rules(adjusted)  # inside 21–28 days, as the plan recorded
    for visit in adjusted.checkpoints:
        assert visit.suggested.weekday() in (1, 3), visit


def test_a_plan_file_without_visit_rules_reads_the_defaults() -> None:
    data = json.loads(STANDARD.model_dump_json())
    del data["visit_rules"]
    old = Plan.model_validate(data)
    assert old.visit_rules.slack_days == 7
    assert old.visit_rules.clinic_days == ("mon", "tue", "wed", "thu", "fri")
    assert old.visit_rules.follow_up_window == (14, 28)


@pytest.mark.parametrize(
    "rules",
    [
        {"follow_up_window": [28, 14]},
        {"follow_up_window": [7, 28]},
        {"slack_days": 0},
        {"clinic_days": []},
        {"clinic_days": ["mon", "mon"]},
    ],
)
def test_visit_rules_a_plan_file_cannot_hold_are_refused(rules: dict[str, object]) -> None:
    from pydantic import ValidationError

    data = json.loads(STANDARD.model_dump_json())
    data["visit_rules"] = rules
    with pytest.raises(ValidationError):
        Plan.model_validate(data)


# --- the opioid-free wait is counted one way (audit: MAJOR 11) ---------------------------------


@settings(max_examples=100, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2030, 12, 31)), st.integers(7, 14))
def test_the_opioid_free_wait_gives_the_same_first_ldn_day_at_plan_and_at_adjust(
    last_opioid: date, days: int
) -> None:
    from ldn_cli.interactions import washout_warning
    from ldn_cli.opioid_wait import first_ldn_day

    first = first_ldn_day(last_opioid, days)
    # LDN may start N days after the last opioid day (the Nth opioid-free day)
    assert (first - last_opioid).days == days
    # ldn plan --last-opioid-dose: the earliest safe start is that day, and not a day earlier
    on_time = washout_warning(
        start=first, last_opioid_dose=last_opioid, checks=[], default_days=days
    )
    assert on_time.severity == "info"
    assert f"Earliest safe LDN start is {first.isoformat()}" in on_time.message
    early = washout_warning(
        start=first - timedelta(days=1), last_opioid_dose=last_opioid, checks=[], default_days=days
    )
    assert early.severity == "contraindicated"
    # ldn adjust --opioid-course: the restart is that day
    plan = build_plan(spec_of(start=last_opioid - timedelta(days=10)))
    course = OpioidInterruption("opioid-course", last_opioid, last_opioid, opioid_free_days=days)
    adjusted = adjust(plan, course, on=plan.start)
    restart = next(step.start for step in adjusted.steps if step.start > last_opioid)
    assert restart == first


# --- properties ---------------------------------------------------------------------------------


def ladder_oracle(plan: Plan, ceiling: Decimal, *, set_by_prescriber: bool) -> set[Decimal]:
    """The plan's own ladder, written out from the rule: its start dose rising by its step
    to the ceiling, every dose the plan already has, and the ceiling when the prescriber set
    it (a target, or the plan's own; a dose only named is not a rung)."""
    protocol = plan.protocol
    rungs = {step.dose_mg for step in plan.steps}
    if set_by_prescriber:
        rungs.add(ceiling)
    dose = protocol.start_mg
    while dose < ceiling:
        rungs.add(dose)
        dose += protocol.step_mg
    return {rung.normalize() for rung in rungs if rung <= ceiling}


def makeable(plan: Plan, dose: Decimal) -> bool:
    if plan.preparation is None:
        return False
    from ldn_cli.compounding import Syringe, makes_exactly

    stocked = tuple(Syringe(s.capacity_ml, s.graduation_ml) for s in plan.preparation.syringes)
    return makes_exactly(dose, plan.preparation.formulation, stocked)


def adjusted_or_refused(
    plan: Plan, event: Event, on: date, continuation: Continuation
) -> Plan | None:
    """The adjusted plan, or ``None`` when the tool refuses with one line (exit 2)."""
    try:
        return adjust(plan, event, on=on, continuation=continuation)
    except LdnError as error:
        message = str(error)
    assert message
    assert "\n" not in message
    return None


@settings(max_examples=300, deadline=None)
@given(adjustment_cases())
def test_no_dose_after_an_adjustment_exceeds_its_ceiling_and_every_dose_is_on_the_ladder(
    case: tuple[Plan, Event, date, Continuation],
) -> None:
    plan, event, on, continuation = case
    adjusted = adjusted_or_refused(plan, event, on, continuation)
    if adjusted is None:
        return
    named = event.dose_mg if isinstance(event, SideEffects) and event.action == "to" else None
    ceiling = continuation.target_mg or named or plan.max_daily_mg
    assert adjusted.max_daily_mg == adjusted.target_mg == ceiling
    ladder = ladder_oracle(
        plan, ceiling, set_by_prescriber=named is None or continuation.target_mg is not None
    )
    if named is not None and named != continuation.target_mg:
        previous = [s.dose_mg for s in plan.steps if s.start < on] or [plan.steps[0].dose_mg]
        own = ladder_oracle(
            plan,
            max(plan.max_daily_mg, previous[-1]),
            set_by_prescriber=plan.max_daily_mg >= previous[-1],
        )
        assert named in own or makeable(plan, named), (named, own)
    new_step = continuation.step_mg not in (None, plan.protocol.step_mg)
    after = [step for step in adjusted.steps if step.end >= on]
    own = [s.dose_mg for s in after if s.dose_mg in ladder or makeable(plan, s.dose_mg)]
    for step in after:
        assert step.dose_mg <= ceiling, step
        if isinstance(event, SwitchToMorning):
            assert step.dose_mg in ladder, step
        elif step.dose_mg not in own:
            # only an explicit new step makes a new ladder, from a dose of the plan's own
            assert new_step, (step, ladder)
            assert continuation.step_mg is not None
            assert any((step.dose_mg - anchor) % continuation.step_mg == 0 for anchor in own)


@settings(max_examples=200, deadline=None)
@given(adjustment_cases())
def test_adjusted_plans_keep_every_safety_invariant(
    case: tuple[Plan, Event, date, Continuation],
) -> None:
    plan, event, on, continuation = case
    adjusted = adjusted_or_refused(plan, event, on, continuation)
    if adjusted is None:
        return
    missed = [
        hold for hold in adjusted.holds if hold.kind == "missed" and hold.end >= on - timedelta(1)
    ]
    # the past is unchanged, except days now recorded as missed (no dose)
    day = plan.start
    while day < min(on, plan.end + timedelta(days=1)):
        if any(hold.start <= day <= hold.end for hold in missed):
            assert adjusted.dose_on(day) is None, day
        else:
            assert adjusted.dose_on(day) == plan.dose_on(day), day
        day += timedelta(days=1)
    # no increase on the event day
    before = plan.dose_on(on - timedelta(days=1)) if on > plan.start else plan.dose_on(on)
    today_dose = adjusted.dose_on(on)
    assert today_dose is None or before is None or today_dose <= before
    # the result holds together (bounds, order, holds, preparation) through a JSON round trip
    assert Plan.model_validate_json(adjusted.model_dump_json()) == adjusted
    if adjusted.preparation is not None:
        assert [s.index for s in adjusted.preparation.steps] == [s.index for s in adjusted.steps]
    # no LDN in the hold window, during opioids or the wait after them
    if isinstance(event, OpioidInterruption):
        hold_start = last_dose_day(event.start, event.hold_hours) + timedelta(days=1)
        day = max(on, hold_start)
        while day < event.end + timedelta(days=event.opioid_free_days):
            assert adjusted.dose_on(day) is None, day
            day += timedelta(days=1)
        notice = next(w for w in adjusted.warnings if w.code == "tell-the-anaesthetist")
        taken = [s for s in adjusted.steps if s.end < adjusted.holds[-1].start]
        if taken:
            last = f"last LDN dose {format_mg(taken[-1].dose_mg)} on {taken[-1].end}"
            assert last in adjusted.adjustments[-1].reason
            assert str(taken[-1].end) in notice.message
    # every source resolves; the record is there
    assert adjusted.adjustments[-1].source in SOURCES
    assert all(w.source in SOURCES for w in adjusted.warnings)
    # the linter finds no error, and every change has its follow-up
    findings = check_rows(parse_plan(adjusted.model_dump_json(), name="adjusted.json"))
    assert not is_failing(findings), [f for f in findings if f.severity == "error"]
    assert not [f for f in findings if f.code == "LDN131"], findings


@settings(max_examples=40, deadline=None)
@given(adjustment_cases())
def test_every_format_renders_adjusted_plans_safely(
    case: tuple[Plan, Event, date, Continuation],
) -> None:
    import csv
    import io
    from datetime import UTC, datetime

    from ldn_cli.render import PLAN_FORMATS, RenderOptions, render_plan
    from tests.ismp import assert_ismp_safe, printed_text

    adjusted = adjusted_or_refused(*case)
    if adjusted is None:
        return
    options = RenderOptions(timezone="UTC", stamp=datetime(2026, 11, 26, tzinfo=UTC))
    for fmt in PLAN_FORMATS:
        text = render_plan(adjusted, fmt, options)
        assert_ismp_safe(printed_text(fmt, text))
    rows = list(csv.DictReader(io.StringIO(render_plan(adjusted, "csv", options), newline="")))
    assert len(rows) == (adjusted.end - adjusted.start).days + 1
    for hold in adjusted.holds:
        held = [
            row for row in rows if hold.start.isoformat() <= row["date"] <= hold.end.isoformat()
        ]
        assert all(row["dose_mg"] == "" for row in held)


@settings(max_examples=100, deadline=None)
@given(adjustment_cases(), adjustment_cases(), st.integers(0, 60))
def test_adjustments_chain_into_plans_that_hold_together_and_check_clean(
    first: tuple[Plan, Event, date, Continuation],
    second: tuple[Plan, Event, date, Continuation],
    later: int,
) -> None:
    plan, event, on, continuation = first
    adjusted = adjusted_or_refused(plan, event, on, continuation)
    if adjusted is None:
        return
    _, next_event, _, next_continuation = second
    next_on = on + timedelta(days=later)
    again = adjusted_or_refused(adjusted, next_event, next_on, next_continuation)
    if again is None:
        return
    assert [a.event for a in again.adjustments][-2:] == [
        adjusted.adjustments[-1].event,
        again.adjustments[-1].event,
    ]
    assert Plan.model_validate_json(again.model_dump_json()) == again
    findings = check_rows(parse_plan(again.model_dump_json(), name="again.json"))
    assert not is_failing(findings), [f for f in findings if f.severity == "error"]
    assert not [f for f in findings if f.code == "LDN131"], findings
    assert_visits_follow_the_rules(again)


@settings(max_examples=300, deadline=None)
@given(adjustment_cases())
def test_after_any_adjustment_every_change_is_followed_up_and_every_visit_decides_a_planned_one(
    case: tuple[Plan, Event, date, Continuation],
) -> None:
    adjusted = adjusted_or_refused(*case)
    if adjusted is None:
        return
    plan, _, on, _ = case
    assert adjusted.visit_rules == plan.visit_rules
    assert_visits_follow_the_rules(adjusted)
    # A visit that lay wholly before the event is history: kept day for day while it still
    # reviews a change (one whose days were all missed since reviews nothing and goes).
    low, high = (timedelta(days=days) for days in plan.visit_rules.follow_up_window)
    for visit in plan.checkpoints:
        reviews_a_change = any(
            step.start + low <= visit.earliest and visit.latest <= step.start + high
            for step in changes_of(adjusted)
        )
        if visit.latest < on and reviews_a_change:
            assert any(
                (kept.earliest, kept.latest, kept.suggested)
                == (visit.earliest, visit.latest, visit.suggested)
                for kept in adjusted.checkpoints
            ), visit
