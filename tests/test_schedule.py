"""The titration core: steps and follow-up checkpoints, by example and by property."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldn_cli.cli import app
from ldn_cli.dose import MAX_DOSE_MG, MIN_DOSE_MG, format_mg
from ldn_cli.errors import InvalidDuration, InvalidSpec, UnknownChoice
from ldn_cli.models import WEEKDAY_NAMES, Plan, TitrationSpec
from ldn_cli.schedule import (
    EARLIEST_PLAN_DATE,
    LATEST_PLAN_DATE,
    ReviewWindow,
    build_plan,
    plan_visits,
    review_checkpoints,
    titration_doses,
    visit_rules,
)
from ldn_cli.spec import parse_clinic_days, parse_visit_slack
from tests.strategies import clinic_days as clinic_day_sets
from tests.strategies import irregular_courses, small_specs, spec_of, specs


def test_standard_plan_matches_the_reference_protocol() -> None:
    plan = build_plan(spec_of())
    assert [(step.start, step.dose_mg) for step in plan.steps] == [
        (date(2026, 12, 1), Decimal("1.5")),
        (date(2026, 12, 15), Decimal("3")),
        (date(2026, 12, 29), Decimal("4.5")),
    ]
    assert [(c.suggested, c.earliest, c.latest, c.reviews) for c in plan.checkpoints] == [
        (date(2026, 12, 16), date(2026, 12, 16), date(2026, 12, 29), [1]),
        (date(2026, 12, 30), date(2026, 12, 30), date(2027, 1, 12), [2]),
        (date(2027, 1, 12), date(2027, 1, 12), date(2027, 1, 26), [3]),
    ]
    assert plan.checkpoints[0].next_increase == date(2026, 12, 29)
    assert plan.checkpoints[0].next_dose_mg == Decimal("4.5")
    assert plan.end == date(2027, 1, 26)


def test_a_saturday_start_is_reviewed_on_weekdays_never_on_the_last_allowed_day() -> None:
    plan = build_plan(spec_of(start=date(2026, 12, 5)))
    assert [c.suggested.strftime("%a") for c in plan.checkpoints] == ["Mon", "Mon", "Mon"]
    first = plan.checkpoints[0]
    assert first.suggested < date(2026, 12, 5) + timedelta(days=28)
    assert (first.latest - first.earliest).days + 1 >= 7


def test_clinic_days_move_the_suggested_day_inside_the_window() -> None:
    plan = build_plan(spec_of(clinic_days=("thu",)))
    assert [c.suggested for c in plan.checkpoints] == [
        date(2026, 12, 17),
        date(2026, 12, 31),
        date(2027, 1, 14),
    ]


def test_weekly_steps_share_a_visit_when_a_week_of_slack_allows() -> None:
    plan = build_plan(
        spec_of(start_mg=Decimal("1"), step_mg=Decimal("1"), every_days=7, target_mg=Decimal("4.5"))
    )
    assert [c.reviews for c in plan.checkpoints] == [[1, 2], [3, 4], [5]]
    assert all((c.latest - c.earliest).days + 1 >= 7 for c in plan.checkpoints)


def test_a_smaller_slack_needs_fewer_visits() -> None:
    assert len(build_plan(spec_of(visit_slack=1)).checkpoints) == 2
    assert len(build_plan(spec_of()).checkpoints) == 3


def test_plan_past_the_last_calendar_date_is_refused() -> None:
    with pytest.raises(InvalidSpec, match="9998-12-31"):
        build_plan(spec_of(start=date(9998, 12, 1)))
    with pytest.raises(InvalidSpec, match="0002-01-01"):
        build_plan(spec_of(start=date(1, 6, 1)))
    assert build_plan(spec_of(start=date(9998, 10, 1))).end <= LATEST_PLAN_DATE
    assert build_plan(spec_of(start=EARLIEST_PLAN_DATE)).start == EARLIEST_PLAN_DATE


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
    day = date(2026, 1, 5)  # a Monday
    windows = [
        ReviewWindow(1, day, day + timedelta(days=14)),
        ReviewWindow(2, day + timedelta(days=3), day + timedelta(days=17)),
        ReviewWindow(3, day + timedelta(days=15), day + timedelta(days=29)),
    ]
    visits = plan_visits(windows)
    assert [[w.step_index for w in visit.reviews] for visit in visits] == [[1, 2], [3]]
    assert (visits[0].earliest, visits[0].latest) == (day + timedelta(days=3), day + timedelta(14))


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
def test_a_visit_that_decides_an_increase_falls_on_or_before_it(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    for checkpoint in plan.checkpoints:
        decision = checkpoint.assess[-1]
        for mentioned in re.findall(r"\d{4}-\d{2}-\d{2}", decision):
            assert date.fromisoformat(mentioned) >= checkpoint.latest, decision
        upcoming = [step for step in plan.steps if step.start >= checkpoint.latest]
        if upcoming and upcoming[0].index > 1:
            assert format_mg(upcoming[0].dose_mg) in decision
            assert checkpoint.next_increase == upcoming[0].start
            assert checkpoint.next_dose_mg == upcoming[0].dose_mg
        else:
            assert "maintenance" in decision
            assert checkpoint.next_increase is None
        # No increase happens inside the window before its last day: a visit on any day of
        # it comes before the increase it decides.
        assert not any(
            checkpoint.earliest <= step.start < checkpoint.latest for step in plan.steps[1:]
        )


# --- an independent oracle for the visit rules: brute force over days and groupings ---------


def oracle_windows(plan: Plan, spec: TitrationSpec) -> dict[int, tuple[date, date]]:
    low, high = (timedelta(days=d) for d in (spec.follow_up_min_days, spec.follow_up_max_days))
    return {step.index: (step.start + low, step.start + high) for step in plan.steps}


def oracle_increases(starts: list[date], doses: list[Decimal]) -> list[date]:
    return [starts[k] for k in range(1, len(starts)) if doses[k] > doses[k - 1]]


def bookable(first: date, last: date, increases: list[date], clinic: set[int]) -> tuple[bool, bool]:
    """Whether [first, last] runs past no increase, and whether it holds a clinic day."""
    straddles = any(first <= day < last for day in increases)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return not straddles, any(day.weekday() in clinic for day in days)


def oracle_need(window: tuple[date, date], increases: list[date], clinic: set[int], slack: int):
    """The best window one change can have alone: (days, has a clinic day), by brute force."""
    first, last = window
    best: tuple[bool, int] = (False, 0)
    for a in range((last - first).days + 1):
        for b in range(a, (last - first).days + 1):
            ok, has_clinic = bookable(
                first + timedelta(days=a), first + timedelta(days=b), increases, clinic
            )
            if ok:
                best = max(best, (has_clinic, min(slack, b - a + 1)))
    return best[1], best[0]


def oracle_group_ok(
    group: list[tuple[date, date]], needs: list[tuple[int, bool]], increases: list[date], clinic
) -> bool:
    first = max(w[0] for w in group)
    last = min(w[1] for w in group)
    days = max(n[0] for n in needs)
    needs_clinic = any(n[1] for n in needs)
    for a in range((last - first).days + 1):
        for b in range(a + days - 1, (last - first).days + 1):
            ok, has_clinic = bookable(
                first + timedelta(days=a), first + timedelta(days=b), increases, clinic
            )
            if ok and (has_clinic or not needs_clinic):
                return True
    return False


def partitions(items: list[int]):
    if not items:
        yield []
        return
    head, rest = items[0], items[1:]
    for partition in partitions(rest):
        yield [[head], *partition]
        for position in range(len(partition)):
            yield [*partition[:position], [head, *partition[position]], *partition[position + 1 :]]


def oracle_fewest_visits(windows, increases, clinic, slack) -> int:
    needs = {k: oracle_need(w, increases, clinic, slack) for k, w in windows.items()}
    return min(
        len(partition)
        for partition in partitions(sorted(windows))
        if all(
            oracle_group_ok(
                [windows[k] for k in block], [needs[k] for k in block], increases, clinic
            )
            for block in partition
        )
    )


def assert_visit_rules(checkpoints, windows, increases, clinic, slack) -> None:
    needs = {k: oracle_need(w, increases, clinic, slack) for k, w in windows.items()}
    assert sorted(k for c in checkpoints for k in c.reviews) == sorted(windows)
    for checkpoint in checkpoints:
        assert checkpoint.earliest <= checkpoint.suggested <= checkpoint.latest
        for index in checkpoint.reviews:
            first, last = windows[index]
            assert first <= checkpoint.earliest  # reviewed 14–28 days after the change
            assert checkpoint.latest <= last
            days, needs_clinic = needs[index]
            assert (checkpoint.latest - checkpoint.earliest).days + 1 >= days  # the slack
            if needs_clinic:
                assert checkpoint.suggested.weekday() in clinic
        assert bookable(checkpoint.earliest, checkpoint.latest, increases, clinic)[0]


@settings(max_examples=150)
@given(small_specs())
def test_visits_keep_every_rule_and_are_as_few_as_brute_force_finds(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    windows = oracle_windows(plan, spec)
    clinic = {WEEKDAY_NAMES.index(day) for day in spec.clinic_days}
    increases = oracle_increases([s.start for s in plan.steps], [s.dose_mg for s in plan.steps])
    assert_visit_rules(plan.checkpoints, windows, increases, clinic, spec.visit_slack)
    assert len(plan.checkpoints) == oracle_fewest_visits(
        windows, increases, clinic, spec.visit_slack
    )


@settings(max_examples=150)
@given(irregular_courses(), st.integers(min_value=1, max_value=15), clinic_day_sets)
def test_visits_of_an_adjusted_course_are_as_few_as_brute_force_finds(
    course: tuple[list[date], list[Decimal]], slack: int, days: tuple[str, ...]
) -> None:
    starts, doses = course
    clinic = {WEEKDAY_NAMES.index(day) for day in days}
    checkpoints = review_checkpoints(
        starts,
        doses,
        reviewed=range(1, len(starts) + 1),
        dose_time="bedtime",
        rules=visit_rules(slack, days),
    )
    windows = {
        k: (day + timedelta(days=14), day + timedelta(days=28))
        for k, day in enumerate(starts, start=1)
    }
    increases = oracle_increases(starts, doses)
    assert_visit_rules(checkpoints, windows, increases, clinic, slack)
    assert len(checkpoints) == oracle_fewest_visits(windows, increases, clinic, slack)


@given(specs(), st.integers(min_value=7, max_value=84))
def test_default_visits_have_a_week_of_slack_on_a_weekday_when_steps_are_a_week_apart(
    spec: TitrationSpec, every_days: int
) -> None:
    default_window = {"follow_up_min_days": 14, "follow_up_max_days": 28}
    plan = build_plan(spec.model_copy(update={"every_days": every_days, **default_window}))
    for checkpoint in plan.checkpoints:
        assert (checkpoint.latest - checkpoint.earliest).days + 1 >= 7
        assert checkpoint.suggested.weekday() < 5


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


# --- the visit options at every door ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", ("mon", "tue", "wed", "thu", "fri")),
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("sun-thu", ("mon", "tue", "wed", "thu", "sun")),
        ("Tuesday", ("tue",)),
        ("thurs, sat", ("thu", "sat")),
        ("fri-fri", ("fri",)),
    ],
)
def test_clinic_days_read_names_lists_and_ranges_that_wrap_past_sunday(
    text: str, days: tuple[str, ...]
) -> None:
    assert parse_clinic_days(text) == days


@pytest.mark.parametrize("text", ["", "mo", "mon-", "mon-tue-wed", "funday", "mon,,fri", "x" * 300])
def test_clinic_days_refuse_what_is_not_a_weekday_in_one_line(text: str) -> None:
    with pytest.raises(UnknownChoice) as raised:
        parse_clinic_days(text)
    assert "\n" not in str(raised.value)
    assert "mon-fri" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "days"), [("7", 7), ("1", 1), ("15", 15), ("2w", 14), ("10d", 10)]
)
def test_visit_slack_reads_days_or_weeks(text: str, days: int) -> None:
    assert parse_visit_slack(text) == days


@pytest.mark.parametrize("text", ["0", "16", "3w", "99999999999999", "\u0667", "seven"])
def test_visit_slack_outside_1_to_15_days_is_refused(text: str) -> None:
    with pytest.raises(InvalidDuration, match="1–15 days|not a duration"):
        parse_visit_slack(text)


def test_the_api_and_the_cli_take_the_visit_options(runner: CliRunner) -> None:
    import ldn_cli

    weekdays = ldn_cli.plan(start="2026-12-01", visit_slack=1, today=date(2026, 11, 26))
    assert [c.suggested for c in weekdays.checkpoints] == [date(2026, 12, 29), date(2027, 1, 12)]
    # On Thursdays only, the one-day window of 29 December (a Tuesday) cannot be booked: the
    # two changes it would review get a Thursday each.
    thursdays = ldn_cli.plan(
        start="2026-12-01", visit_slack="1", clinic_days="thu", today=date(2026, 11, 26)
    )
    assert [c.suggested for c in thursdays.checkpoints] == [
        date(2026, 12, 17),
        date(2026, 12, 31),
        date(2027, 1, 14),
    ]
    result = runner.invoke(
        app, ["plan", "--start", "2026-12-01", "--clinic-days", "thu", "--format", "json"]
    )
    assert result.exit_code == 0
    assert '"suggested": "2026-12-17"' in result.stdout
    bad = runner.invoke(app, ["plan", "--start", "2026-12-01", "--visit-slack", "30"])
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--start", "9999-12-01"],
        ["plan", "--start", "9998-12-01"],
        ["plan", "--start", "0001-01-01", "-f", "ics", "--tz", "Europe/London"],
        ["plan", "--start", "2026-12-01", "--med", "tramadol", "--last-opioid-dose", "9999-12-31"],
        ["adjust", "--current-dose", "4.5", "--on", "2026-12-10", "--surgery", "9999-12-30"],
    ],
)
def test_dates_a_plan_cannot_hold_exit_2_with_one_line_never_70(
    runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert "0002-01-01" in result.stderr
    assert "9998-12-31" in result.stderr
