"""Plans read from files hold together, or are refused with one line naming the problem."""

import json
from typing import Any

import pytest

from ldn_cli.errors import InputError
from ldn_cli.render.json import to_json
from ldn_cli.schedule import build_plan
from ldn_cli.spec import plan_from_json
from tests.strategies import spec_of

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
