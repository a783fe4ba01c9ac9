"""The review's table and terminal chart: every recorded day drawn, doses beneath, fits the
width, patient text escaped."""

from datetime import timedelta

import pytest

from ldn_cli.render import RenderOptions
from ldn_cli.render.review import DOT, pain_chart, render_json, render_table
from ldn_cli.response import review
from tests.test_review import STANDARD, START, rows, steady, surgery_plan


def test_one_column_per_day_draws_each_recorded_pain_in_its_row() -> None:
    pains = {**steady(-7, -1, "7"), **steady(0, 20, "4"), START + timedelta(days=3): "9.5"}
    pains[START + timedelta(days=5)] = None  # a day not recorded: no dot, not zero
    result = review(STANDARD, rows(pains))
    chart, legend = pain_chart(result, width=100)
    assert legend is None  # every dose label fits beneath its days
    grid = chart[:11]
    assert [line[:9] for line in grid[:2]] == ["Pain 10 │", "      9 │"]
    assert sum(line.count(DOT) for line in grid) == len(result.days) - 1
    assert grid[10 - 10][8 + 7 + 3 + 1] == DOT  # 9.5 rounds half up into the 10 row
    assert grid[10 - 4][8 + 7 + 5 + 1] != DOT
    assert grid[10 - 0].count(DOT) == 0


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_the_chart_fits_the_width_and_shows_every_dose_beneath(width: int) -> None:
    pains = {**steady(-7, -1, "7"), **steady(0, 120, "5")}
    chart, legend = pain_chart(review(STANDARD, rows(pains)), width=width)
    assert max(len(line) for line in chart) <= width
    band = next(line for line in chart if line.startswith("Dose"))
    for label in ("1.5 mg", "3 mg", "4.5 mg"):
        assert label in band or (legend and f"{label} from" in legend), (width, band)
    assert " mg" not in band.replace("1.5 mg", "").replace("3 mg", "").replace("4.5 mg", "")
    assert "1.5 " not in band.replace("1.5 mg", "")  # never a dose cut short of its unit
    if legend:
        assert legend.startswith("Doses: before LDN from 2026-11-24; 1.5 mg from 2026-12-01")


def test_a_planned_hold_is_marked_no_ldn_beneath_the_chart() -> None:
    result = review(surgery_plan(), rows({**steady(-7, -1, "7"), **steady(0, 40, "5")}))
    chart, legend = pain_chart(result, width=100)
    band = next(line for line in chart if line.startswith("Dose"))
    assert "no LDN" in band or (legend and "no LDN from 2026-12-17" in legend)


def test_missed_doses_are_marked_beneath_the_dose() -> None:
    taken = {START + timedelta(days=offset): "yes" for offset in range(21)}
    taken[START + timedelta(days=4)] = "no"
    result = review(STANDARD, rows({**steady(-7, -1, "7"), **steady(0, 20, "5")}, dose_taken=taken))
    missed = next(line for line in pain_chart(result, width=100)[0] if line.startswith("Missed"))
    assert missed.index("x") == 8 + 7 + 4


def test_the_table_prints_every_number_of_the_review() -> None:
    result = review(STANDARD, rows({**steady(-7, -1, "8"), **steady(0, 84, "6")}))
    text = render_table(result, RenderOptions())
    assert "Reduction: 25%, minimal [immpact-2008]" in text
    assert "mean pain 5.6 or lower [seed-goal]" in text
    assert "ACTION: Below the realistic goal" in text
    for step in result.steps:
        assert f"│    {step.index} │" in text
    assert render_json(result).endswith("}\n")
