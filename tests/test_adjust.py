"""Adjusting a running plan: by example, and by property over generated plans and events."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_cli.adjust import (
    Continuation,
    MissedDays,
    OpioidInterruption,
    SideEffects,
    SwitchToMorning,
    adjust,
    last_dose_day,
)
from ldn_cli.check import check_rows, is_failing, parse_plan
from ldn_cli.errors import InvalidSpec
from ldn_cli.evidence import SOURCES
from ldn_cli.models import Plan, TitrationSpec
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of, specs

STANDARD = build_plan(spec_of())


def doses_by_step(plan: Plan) -> list[tuple[str, str]]:
    return [(step.start.isoformat(), str(step.dose_mg)) for step in plan.steps]


def test_acceptance_step_back_continues_at_the_tolerated_dose_then_retitrates() -> None:
    adjusted = adjust(STANDARD, SideEffects("step-back"), on=date(2026, 12, 20))
    assert adjusted.dose_on(date(2026, 12, 19)) == Decimal(3)
    assert adjusted.dose_on(date(2026, 12, 20)) == Decimal("1.5")
    assert doses_by_step(adjusted)[2:] == [
        ("2026-12-20", "1.5"),
        ("2027-01-03", "3"),
        ("2027-01-17", "4.5"),
    ]
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
    assert restart == date(2026, 12, 31)  # opioid-free 10 days after the surgery day
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
        SideEffects("to", dose_mg=Decimal(2)),
        on=date(2026, 12, 20),
        continuation=Continuation(step_mg=Decimal("0.5"), every_days=21, target_mg=Decimal(3)),
    )
    assert doses_by_step(gentle)[2:] == [
        ("2026-12-20", "2"),
        ("2027-01-10", "2.5"),
        ("2027-01-31", "3"),
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
    assert later.dose_on(date(2027, 5, 31)) == Decimal("4.5")
    assert later.dose_on(date(2027, 6, 1)) == Decimal("4.5")


# --- properties ---------------------------------------------------------------------------------


@st.composite
def plans_and_events(draw: st.DrawFn) -> tuple[Plan, object, date]:
    spec: TitrationSpec = draw(specs())
    plan = build_plan(spec)
    on = plan.start + timedelta(days=draw(st.integers(0, (plan.end - plan.start).days)))
    kind = draw(st.sampled_from(["side", "missed", "surgery", "course", "morning"]))
    if kind == "side":
        action = draw(st.sampled_from(["hold", "step-back", "halve", "to"]))
        previous = [s.dose_mg for s in plan.steps if s.start < on] or [plan.steps[0].dose_mg]
        named = (
            draw(st.integers(10, int(previous[-1] * 100))).__truediv__(100)
            if action == "to"
            else None
        )
        event: object = SideEffects(
            action,
            dose_mg=Decimal(str(named)).quantize(Decimal("0.01")) if named else None,
            hold_days=draw(st.integers(1, 30)),
        )
    elif kind == "missed":
        event = MissedDays(draw(st.integers(1, 40)))
    elif kind in ("surgery", "course"):
        first = on + timedelta(days=draw(st.integers(0, 40)))
        event = OpioidInterruption(
            "surgery" if kind == "surgery" else "opioid-course",
            first,
            first + timedelta(days=draw(st.integers(0, 20))),
            hold_hours=draw(st.sampled_from([24, 48, 72])),
            opioid_free_days=draw(st.integers(7, 14)),
        )
    else:
        event = SwitchToMorning()
    return plan, event, on


@settings(max_examples=150)
@given(plans_and_events())
def test_adjusted_plans_keep_every_safety_invariant(case: tuple[Plan, object, date]) -> None:
    plan, event, on = case
    adjusted = adjust(plan, event, on=on)  # type: ignore[arg-type]
    # the past is unchanged
    day = plan.start
    while day < on:
        assert adjusted.dose_on(day) == plan.dose_on(day), day
        day += timedelta(days=1)
    # no increase on the event day
    before = plan.dose_on(on - timedelta(days=1)) if on > plan.start else plan.dose_on(on)
    today_dose = adjusted.dose_on(on)
    assert today_dose is None or before is None or today_dose <= before
    # bounds (the model enforces them, and they must survive a JSON round trip)
    assert all(Decimal("0.1") <= s.dose_mg <= Decimal("4.5") for s in adjusted.steps)
    assert Plan.model_validate_json(adjusted.model_dump_json()) == adjusted
    # no LDN in the hold window or during opioids
    if isinstance(event, OpioidInterruption):
        hold_start = last_dose_day(event.start, event.hold_hours) + timedelta(days=1)
        day = max(on, hold_start)
        while day <= event.end + timedelta(days=event.opioid_free_days):
            assert adjusted.dose_on(day) is None, day
            day += timedelta(days=1)
    # every source resolves; the record is there
    assert adjusted.adjustments[-1].source in SOURCES
    # the linter finds no error, and every change has its follow-up
    findings = check_rows(parse_plan(adjusted.model_dump_json(), name="adjusted.json"))
    assert not is_failing(findings), [f for f in findings if f.severity == "error"]
    assert not [f for f in findings if f.code == "LDN131"], findings


@settings(max_examples=40)
@given(plans_and_events())
def test_every_format_renders_adjusted_plans_safely(case: tuple[Plan, object, date]) -> None:
    import csv
    import io
    from datetime import UTC, datetime

    from ldn_cli.render import PLAN_FORMATS, RenderOptions, render_plan
    from tests.ismp import assert_ismp_safe, printed_text

    plan, event, on = case
    adjusted = adjust(plan, event, on=on)  # type: ignore[arg-type]
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
