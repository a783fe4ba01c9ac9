"""Turning typed options into a TitrationSpec: presets, overrides and their errors."""

from datetime import date
from decimal import Decimal

import pytest

from ldn_cli.errors import InvalidDose, InvalidDuration, InvalidSpec, LdnError, UnknownChoice
from ldn_cli.spec import build_spec, parse_dose_time

TODAY = date(2026, 11, 26)


def test_defaults_are_the_standard_protocol_starting_today() -> None:
    spec = build_spec(today=TODAY)
    assert spec.start == TODAY
    assert (spec.start_mg, spec.step_mg, spec.every_days, spec.target_mg) == (
        Decimal("1.5"),
        Decimal("1.5"),
        14,
        Decimal("4.5"),
    )
    assert spec.protocol == "standard"
    assert spec.protocol_source == "seed-standard"
    assert not spec.individualized


def test_overrides_replace_preset_numbers_and_mark_the_plan_individualized() -> None:
    spec = build_spec(
        today=TODAY, protocol="ldnrt-weekly", start_dose="0.5", step="0.25", every="10d", target="3"
    )
    assert (spec.start_mg, spec.step_mg, spec.every_days, spec.target_mg) == (
        Decimal("0.5"),
        Decimal("0.25"),
        10,
        Decimal("3"),
    )
    assert spec.individualized
    assert spec.protocol_source == "ldnrt-weekly"


def test_restating_the_preset_is_not_individualized() -> None:
    assert not build_spec(today=TODAY, start_dose="1.5", every="2w").individualized


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"target": "5"}, InvalidDose, "target 5 mg is out of range"),
        ({"start_dose": "0.05"}, InvalidDose, "start dose"),
        ({"step": "0"}, InvalidDose, "step 0 mg is out of range"),
        ({"step": "4.5"}, InvalidDose, "0.01–4.4 mg"),
        ({"every": "85d"}, InvalidDuration, "1–84 days"),
        ({"every": "0d"}, InvalidDuration, "1–84 days"),
        ({"target": "1", "start_dose": "1.5"}, InvalidSpec, "below the start dose"),
        ({"protocol": "fast"}, UnknownChoice, "standard, ldnrt-weekly"),
        ({"dose_time": "qhs"}, UnknownChoice, "bedtime, morning"),
        ({"follow_up_window": "7-28"}, InvalidDuration, "14–28 days"),
        ({"maintain": "forever"}, InvalidDuration, "not a duration"),
    ],
)
def test_bad_options_raise_one_line_errors(
    options: dict[str, str], error: type[LdnError], message: str
) -> None:
    with pytest.raises(error, match=message) as raised:
        build_spec(today=TODAY, **options)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("bedtime", "bedtime"), ("Morning", "morning"), ("21:30", "21:30"), ("7:05", "07:05")],
)
def test_dose_times(text: str, expected: str) -> None:
    assert parse_dose_time(text) == expected


@pytest.mark.parametrize("text", ["HS", "qhs", "24:00", "21:5", "noon", "21:60"])
def test_bad_dose_times(text: str) -> None:
    with pytest.raises(UnknownChoice):
        parse_dose_time(text)


def test_a_start_given_without_a_year_is_the_next_one_and_the_plan_says_which_year() -> None:
    from ldn_cli.render import RenderOptions, render_plan
    from ldn_cli.spec import PlanRequest, plan_for

    today = date(2026, 11, 27)
    plan = plan_for(PlanRequest(start="Nov 26"), today=today)
    assert plan.start == date(2027, 11, 26)
    assert plan.start_note == "the next 26 Nov on or after today (no year was given)"
    for fmt in ("table", "calendar"):
        text = render_plan(plan, fmt, RenderOptions())
        assert "Start: Fri 2027-11-26, the next 26 Nov on or after today (no year was given)" in (
            " ".join(text.split())
        )
    assert plan_for(PlanRequest(start="2027-11-26"), today=today).start_note is None


def test_a_last_opioid_dose_without_a_year_is_the_nearest_and_a_recent_one_does_not_block() -> None:
    from ldn_cli.spec import PlanRequest, plan_for

    request = PlanRequest(start="Dec 15", meds=["tramadol 50 mg"], last_opioid_dose="Nov 20")
    plan = plan_for(request, today=TODAY)
    assert not plan.is_blocked()
    assert plan.opioid_stop is not None
    assert plan.opioid_stop.last_dose == date(2026, 11, 20)
    # The opioid as the prescriber wrote it: the patient is told not to take it after then.
    assert plan.opioid_stop.medications == ["tramadol 50 mg"]
    planned = plan_for(request.model_copy(update={"last_opioid_dose": "Dec 5"}), today=TODAY)
    assert planned.opioid_stop is not None
    assert planned.opioid_stop.last_dose == date(2026, 12, 5)


def test_without_a_last_opioid_dose_the_plan_rests_on_no_opioid_stop() -> None:
    from ldn_cli.spec import PlanRequest, plan_for

    plan = plan_for(PlanRequest(start="2026-12-01", meds=["Norco"]), today=TODAY)
    assert plan.opioid_stop is None
    assert plan.is_blocked()
