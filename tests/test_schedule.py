"""The titration core: steps and follow-up checkpoints, by example and by property."""

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.dose import MAX_DOSE_MG, MIN_DOSE_MG, format_mg
from ldn_cli.models import Plan, TitrationSpec
from ldn_cli.schedule import ReviewWindow, build_plan, plan_visits, titration_doses
from tests.strategies import spec_of, specs


def test_standard_plan_matches_the_reference_protocol() -> None:
    plan = build_plan(spec_of())
    assert [(step.start, step.dose_mg) for step in plan.steps] == [
        (date(2026, 12, 1), Decimal("1.5")),
        (date(2026, 12, 15), Decimal("3")),
        (date(2026, 12, 29), Decimal("4.5")),
    ]
    assert [(c.earliest, c.latest, c.reviews) for c in plan.checkpoints] == [
        (date(2026, 12, 29), date(2026, 12, 29), [1, 2]),
        (date(2027, 1, 12), date(2027, 1, 26), [3]),
    ]
    assert plan.end == date(2027, 1, 26)


def test_capped_last_step_reaches_the_target() -> None:
    assert titration_doses(Decimal("1"), Decimal("1.5"), Decimal("4.5")) == [
        Decimal("1"),
        Decimal("2.5"),
        Decimal("4"),
        Decimal("4.5"),
    ]


def test_fine_steps_are_exact_decimals() -> None:
    plan = build_plan(
        spec_of(
            start_mg=Decimal("0.1"), step_mg=Decimal("0.1"), every_days=3, target_mg=Decimal("0.5")
        )
    )
    assert [step.dose_mg for step in plan.steps] == [Decimal(f"0.{n}") for n in range(1, 6)]
    assert '"dose_mg":0.3' in plan.model_dump_json()


def test_target_equal_to_start_gives_a_single_maintenance_step() -> None:
    plan = build_plan(spec_of(target_mg=Decimal("1.5")))
    assert len(plan.steps) == 1
    assert plan.checkpoints[0].reviews == [1]
    assert "maintenance" in plan.checkpoints[0].assess[-1]


def test_maintain_extends_the_last_step() -> None:
    plan = build_plan(spec_of(maintain_days=365))
    assert plan.steps[-1].days == 365


def test_morning_dosing_adds_its_labelled_caveat() -> None:
    plan = build_plan(spec_of(dose_time="morning"))
    caveat = [p for p in plan.precautions if p.code == "morning-dosing"]
    assert caveat
    assert "unconfirmed" in caveat[0].text
    assert all(p.code != "morning-dosing" for p in build_plan(spec_of()).precautions)


def test_plan_visits_uses_one_visit_for_overlapping_windows() -> None:
    day = date(2026, 1, 1)
    windows = [
        ReviewWindow(1, day, day + timedelta(days=14)),
        ReviewWindow(2, day + timedelta(days=3), day + timedelta(days=17)),
        ReviewWindow(3, day + timedelta(days=15), day + timedelta(days=29)),
    ]
    assert [[w.step_index for w in group] for group in plan_visits(windows)] == [[1, 2], [3]]


@given(specs())
def test_doses_stay_in_bounds_on_the_grid_and_never_fall(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    doses = [step.dose_mg for step in plan.steps]
    assert all(MIN_DOSE_MG <= dose <= MAX_DOSE_MG for dose in doses)
    assert all(dose == dose.quantize(Decimal("0.01")) for dose in doses)
    assert doses[0] == spec.start_mg
    assert doses[-1] == spec.target_mg
    increases = [later - earlier for earlier, later in zip(doses, doses[1:], strict=False)]
    assert all(increase > 0 for increase in increases)
    assert all(increase == spec.step_mg for increase in increases[:-1])
    if increases:
        assert increases[-1] <= spec.step_mg


@given(specs())
def test_steps_are_contiguous_from_the_start_date(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    assert plan.steps[0].start == spec.start == plan.start
    assert plan.steps[-1].end == plan.end
    for earlier, later in zip(plan.steps, plan.steps[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)
        assert (earlier.end - earlier.start).days + 1 == earlier.days == spec.every_days
    assert [step.index for step in plan.steps] == list(range(1, len(plan.steps) + 1))


@given(specs())
def test_every_change_is_reviewed_inside_its_window(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    reviewed = sorted(index for c in plan.checkpoints for index in c.reviews)
    assert reviewed == [step.index for step in plan.steps]
    for checkpoint in plan.checkpoints:
        assert checkpoint.earliest <= checkpoint.suggested <= checkpoint.latest
        for index in checkpoint.reviews:
            change = plan.steps[index - 1].start
            assert change + timedelta(days=spec.follow_up_min_days) <= checkpoint.earliest
            assert checkpoint.latest <= change + timedelta(days=spec.follow_up_max_days)
    assert plan.end >= plan.checkpoints[-1].latest


@given(specs())
def test_each_visit_decides_about_a_change_still_ahead(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    for checkpoint in plan.checkpoints:
        decision = checkpoint.assess[-1]
        for mentioned in re.findall(r"\d{4}-\d{2}-\d{2}", decision):
            assert date.fromisoformat(mentioned) >= checkpoint.suggested, decision
        upcoming = [step for step in plan.steps if step.start >= checkpoint.suggested]
        if upcoming and upcoming[0].index > 1:
            assert format_mg(upcoming[0].dose_mg) in decision
        else:
            assert "maintenance" in decision


@given(specs())
def test_visits_are_as_few_as_possible(spec: TitrationSpec) -> None:
    """No two visits could merge: each visit's window starts after the previous one ends."""
    plan = build_plan(spec)
    for earlier, later in zip(plan.checkpoints, plan.checkpoints[1:], strict=False):
        assert later.earliest > earlier.latest


@given(specs())
def test_json_round_trips_through_the_model(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


@given(specs(), st.integers(min_value=-5, max_value=2000))
def test_dose_on_matches_the_step_containing_the_day(spec: TitrationSpec, offset: int) -> None:
    plan = build_plan(spec)
    day = spec.start + timedelta(days=offset)
    expected = next((s.dose_mg for s in plan.steps if s.start <= day <= s.end), None)
    assert plan.dose_on(day) == expected
