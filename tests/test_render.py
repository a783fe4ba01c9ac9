"""Renderers: every format renders every plan, and every printed dose is ISMP-safe."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_cli.dose import format_mg
from ldn_cli.models import TitrationSpec
from ldn_cli.render import PLAN_FORMATS, RenderOptions, render_plan
from ldn_cli.render.table import CHART_MAX_ROWS, step_chart
from ldn_cli.schedule import build_plan
from tests.ismp import assert_ismp_safe, printed_text
from tests.strategies import spec_of, specs

OPTIONS = RenderOptions(
    width=100, timezone="America/New_York", stamp=datetime(2026, 11, 26, tzinfo=UTC)
)


@settings(max_examples=40)
@given(specs())
def test_every_format_renders_every_plan_ismp_safe(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    for fmt in PLAN_FORMATS:
        text = render_plan(plan, fmt, OPTIONS)
        assert text.endswith("\n")
        assert_ismp_safe(printed_text(fmt, text))


@pytest.mark.parametrize("bad", ["3.0 mg", ".5 mg", "1.50 mg", "3mg", "take qhs"])
def test_the_checker_itself_catches_unsafe_notation(bad: str) -> None:
    with pytest.raises(AssertionError):
        assert_ismp_safe(bad)


@given(specs(), st.sampled_from([40, 60, 100]))
def test_step_chart_shows_every_level_with_a_bar_or_says_it_cannot(
    spec: TitrationSpec, width: int
) -> None:
    plan = build_plan(spec)
    rows = step_chart(plan, width=width)
    levels = sorted({step.dose_mg for step in plan.steps}, reverse=True)
    if len(levels) > CHART_MAX_ROWS:
        assert rows == [
            f"{len(levels)} dose levels, more than the {CHART_MAX_ROWS} this chart shows: "
            "every step is in the schedule above."
        ]
        return
    assert all(len(row) <= width for row in rows)
    bars = rows[: len(levels)]
    for level, row in zip(levels, bars, strict=True):
        label, bar = row.split(" │")
        assert label.strip() == format_mg(level)
        assert "█" in bar  # no level is sampled away, however short its step
    assert plan.start.isoformat() in " ".join(rows[len(levels) + 1 :])


def test_colour_output_has_escape_codes_only_when_asked() -> None:
    plan = build_plan(spec_of())
    assert "\x1b[" in render_plan(plan, "table", RenderOptions(color=True))
    assert "\x1b[" not in render_plan(plan, "table", RenderOptions(color=False))


@given(specs())
def test_json_renderer_equals_pydantic_serialisation(spec: TitrationSpec) -> None:
    from ldn_cli.compounding import NotMakeable, compound, parse_strengths
    from ldn_cli.models import Plan
    from ldn_cli.render.json import to_json

    plan = build_plan(spec)
    assert to_json(plan) == plan.model_dump_json(indent=2)
    validated = Plan.model_validate_json(plan.model_dump_json())
    assert to_json(validated) == to_json(plan)
    try:
        prepared = plan.model_copy(update={"preparation": compound(plan, parse_strengths("0.1"))})
    except NotMakeable:  # a dose such as 0.15 mg cannot be made from 0.1 mg capsules
        return
    assert to_json(prepared) == prepared.model_dump_json(indent=2)
