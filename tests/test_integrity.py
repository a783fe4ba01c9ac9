"""Plans read from files hold together, or are refused with one line naming the problem."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_cli.errors import InputError, LdnError
from ldn_cli.models import Plan
from ldn_cli.render.json import to_json
from ldn_cli.schedule import build_plan
from ldn_cli.spec import plan_from_json
from tests.strategies import crafted_plan_texts, spec_of

T = TypeVar("T")
STANDARD = json.loads(to_json(build_plan(spec_of())))


def edited(change: Any) -> str:
    data = json.loads(json.dumps(STANDARD))
    change(data)
    return json.dumps(data)


def test_a_plan_file_without_a_ceiling_reads_its_target_as_the_ceiling() -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["max_daily_mg"]
        data["target_mg"] = 4.5

    assert plan_from_json(edited(drop), name="old.json").max_daily_mg == 4.5


def _set(path: list[Any], value: Any) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["steps"], []), "at least one step"),
        (_set(["end"], "2026-11-01"), "ends (2026-11-01) before it starts"),
        (_set(["steps", 1, "start"], "2026-12-10"), "step 2 says 14 days but runs 19 days"),
        (_set(["steps", 0, "index"], 5), "step 1 is numbered 5"),
        (_set(["steps", 2, "end"], "2026-12-01"), "step 3 ends (2026-12-01) before it starts"),
        (_set(["checkpoints"], []), "at least one follow-up visit"),
        (
            lambda data: data["steps"][2].update(end="2027-01-20", days=23),
            "the last step ends 2027-01-20, not on the plan's end 2027-01-26",
        ),
        (
            lambda data: data["steps"][1].update(start="2026-12-17", days=12),
            "the days 2026-12-15 to 2026-12-16 are neither a step nor a recorded hold",
        ),
        (
            lambda data: data["steps"][1].update(start="2026-12-14", days=15),
            "step 2 starts (2026-12-14) before step 1 ends (2026-12-14)",
        ),
        (_set(["max_daily_mg"], 3), "step 3 (4.5 mg) is above the plan's maximum daily dose"),
        (
            _set(
                ["holds"],
                [
                    {
                        "start": "2026-12-05",
                        "end": "2026-12-01",
                        "reason": "x",
                        "source": "surgery-hold",
                    }
                ],
            ),
            "a hold ends (2026-12-01) before it starts (2026-12-05)",
        ),
        (
            _set(
                ["holds"],
                [
                    {
                        "start": "2026-12-05",
                        "end": "2026-12-06",
                        "reason": "x",
                        "source": "surgery-hold",
                    }
                ],
            ),
            "step 1 and the held days 2026-12-05 to 2026-12-06 overlap",
        ),
    ],
)
def test_an_inconsistent_plan_file_is_refused_with_one_line(change: Any, message: str) -> None:
    with pytest.raises(InputError, match=r".*") as raised:
        plan_from_json(edited(change), name="plan.json")
    text = str(raised.value)
    assert message in text
    assert "\n" not in text


def used_or_refused(operation: Callable[[], T]) -> T | None:
    """The result, or ``None`` when refused with a one-line LdnError (any other exception
    fails the test)."""
    try:
        return operation()
    except LdnError as error:
        message = str(error)
    assert message
    assert "\n" not in message
    return None


@settings(max_examples=150, deadline=None)
@given(crafted_plan_texts(), st.sampled_from(["side", "missed", "surgery", "morning"]))
def test_crafted_plan_files_are_refused_in_one_line_or_used_never_crash(
    text: str, kind: str
) -> None:
    from datetime import UTC, datetime, timedelta

    from ldn_cli.adjust import (
        MissedDays,
        OpioidInterruption,
        SideEffects,
        SwitchToMorning,
        adjust,
    )
    from ldn_cli.compounding import compound, parse_concentration, parse_strengths
    from ldn_cli.render import PLAN_FORMATS, RenderOptions, render_plan

    plan = used_or_refused(lambda: plan_from_json(text, name="crafted.json"))
    if plan is None:
        return
    on = plan.start + timedelta(days=min(20, (plan.end - plan.start).days))
    event = {
        "side": SideEffects("step-back"),
        "missed": MissedDays(3),
        "surgery": OpioidInterruption("surgery", on + timedelta(days=10), on + timedelta(days=10)),
        "morning": SwitchToMorning(),
    }[kind]
    results = [
        used_or_refused(lambda: adjust(plan, event, on=on)),
        used_or_refused(lambda: compound(plan, parse_concentration("1mg/mL"))),
        used_or_refused(lambda: compound(plan, parse_strengths("0.5,1"))),
    ]
    options = RenderOptions(timezone="UTC", stamp=datetime(2026, 11, 26, tzinfo=UTC))
    for result in [plan, *(r for r in results if isinstance(r, Plan))]:
        for fmt in PLAN_FORMATS:
            render_plan(result, fmt, options)
