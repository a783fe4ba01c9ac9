"""The terminal tells the whole truth at any width: no field is lost at 40, 60, 80 or 120
columns, no line runs past the width, and the month grid narrows below its 76 columns."""

from datetime import date
from decimal import Decimal

import pytest

from ldn_cli.adjust import OpioidInterruption, adjust
from ldn_cli.compounding import compound, parse_strengths, with_preparation
from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, PlanWarning, dose_time_phrase
from ldn_cli.render import (
    RenderOptions,
    day_label,
    dose_with_measure,
    render_plan,
    severity_label,
    window_text,
)
from ldn_cli.render.table import CHART_MAX_ROWS
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of

WIDTHS = (40, 60, 80, 120)
WARNINGS = [
    PlanWarning(
        code="opioid-contraindicated",
        severity="contraindicated",
        message="hydrocodone: Contraindicated with LDN: it blocks this opioid.",
        source="naltrexone-label",
        input="Norco 5/325 one tablet every 6 hours as needed for pain",
    ),
    PlanWarning(
        code="opioid-washout-ok",
        severity="info",
        message="Earliest safe LDN start is 2026-11-30; the planned start is on or after it.",
        source="naltrexone-label",
    ),
]


def _plans() -> dict[str, Plan]:
    standard = build_plan(spec_of())
    surgery = adjust(
        standard,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 9)),
        on=date(2026, 12, 20),
    )
    capsules = with_preparation(standard, compound(standard, parse_strengths("0.5,1.5,3")))
    return {
        "standard": standard,
        "warnings": build_plan(spec_of(dose_time="morning"), warnings=WARNINGS),
        "surgery": surgery,
        "capsules": capsules,
        "weekly-half-mg": build_plan(
            spec_of(start_mg=Decimal("0.5"), step_mg=Decimal("0.5"), every_days=7)
        ),
    }


PLANS = _plans()


def fields(plan: Plan) -> list[str]:
    """Every value the table must print, as it prints it."""
    phrase = dose_time_phrase(plan.dose_time)
    values = [plan.protocol.name, plan.protocol.source, day_label(plan.start), day_label(plan.end)]
    for warning in plan.warnings:
        values += [severity_label(warning.severity).upper(), warning.message, warning.source]
        values += [warning.input] if warning.input else []
    for step in plan.steps:
        values += [
            str(step.index),
            day_label(step.start),
            day_label(step.end),
            str(step.days),
            f"{dose_with_measure(plan, step.index)} {phrase}",
        ]
    values += [hold.reason for hold in plan.holds]
    values += [item.reason for item in plan.adjustments]
    for checkpoint in plan.checkpoints:
        values += [day_label(checkpoint.suggested), window_text(checkpoint), *checkpoint.assess]
        values.append(", ".join(map(str, checkpoint.reviews)))
    for precaution in plan.precautions:
        values += [precaution.text, precaution.source]
    return values


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PLANS)
def test_the_table_keeps_every_field_and_every_line_fits(name: str, width: int) -> None:
    plan = PLANS[name]
    text = render_plan(plan, "table", RenderOptions(width=width))
    assert all(len(line) <= width for line in text.splitlines()), max(text.splitlines(), key=len)
    printed = flat(text)
    for value in fields(plan):
        assert flat(value) in printed, (name, width, value)
    chart = text.split("Dose over time", 1)[1]
    for level in {step.dose_mg for step in plan.steps}:
        assert f"{format_mg(level)} │" in chart  # every dose level has its chart row


def test_below_80_columns_the_table_is_stacked_and_at_80_it_is_a_table() -> None:
    plan = PLANS["standard"]
    assert "┏" not in render_plan(plan, "table", RenderOptions(width=79))
    assert "Step 1: 1.5 mg at bedtime" in render_plan(plan, "table", RenderOptions(width=79))
    assert "┏" in render_plan(plan, "table", RenderOptions(width=80))


def test_a_table_too_wide_for_the_width_is_stacked_rather_than_wrapped() -> None:
    capsules = PLANS["capsules"]
    wide_enough = render_plan(capsules, "table", RenderOptions(width=120))
    assert "┃ Daily dose" in wide_enough
    narrow = render_plan(capsules, "table", RenderOptions(width=80))
    assert "┃ Daily dose" not in narrow
    assert f"Step 3: {dose_with_measure(capsules, 3)} at bedtime" in flat(narrow)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PLANS)
def test_the_month_grid_fits_every_width_and_keeps_every_dose_and_visit(
    name: str, width: int
) -> None:
    plan = PLANS[name]
    text = render_plan(plan, "calendar", RenderOptions(width=width))
    assert all(len(line) <= width for line in text.splitlines()), max(text.splitlines(), key=len)
    for step in plan.steps:
        assert format_mg(step.dose_mg) in text
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        assert f"visit {number}: {window_text(checkpoint)}" in text
    marks = text.count("*") - 1  # the legend's own mark
    assert marks == len({c.suggested for c in plan.checkpoints})


def test_the_narrow_month_lists_runs_of_days_that_cover_every_plan_day() -> None:
    plan = PLANS["surgery"]
    text = render_plan(plan, "calendar", RenderOptions(width=40))
    assert "Tue  1 to Mon 14: 1.5 mg" in text
    assert "Sat  2 to Mon 18: no LDN" in text
    assert "┃" not in text


def test_a_chart_with_more_levels_than_rows_says_so_instead_of_dropping_some() -> None:
    plan = build_plan(spec_of(start_mg=Decimal("0.1"), step_mg=Decimal("0.1"), every_days=3))
    levels = len({step.dose_mg for step in plan.steps})
    assert levels > CHART_MAX_ROWS
    text = render_plan(plan, "table", RenderOptions(width=100))
    assert f"{levels} dose levels, more than the {CHART_MAX_ROWS} this chart shows" in text
