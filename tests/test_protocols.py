"""Protocol presets: each sourced, each within bounds, each producing a valid plan."""

from datetime import date

import pytest

from ldn_cli.dose import check_dose
from ldn_cli.errors import UnknownChoice
from ldn_cli.evidence import SOURCES
from ldn_cli.protocols import PROTOCOLS, get_protocol
from ldn_cli.schedule import build_plan
from ldn_cli.spec import build_spec


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_every_preset_is_sourced_and_plannable(name: str) -> None:
    protocol = PROTOCOLS[name]
    assert protocol.source in SOURCES
    check_dose(protocol.start_mg)
    check_dose(protocol.target_mg)
    plan = build_plan(build_spec(today=date(2026, 11, 26), protocol=name))
    assert plan.steps[-1].dose_mg == protocol.target_mg
    assert plan.protocol.source == protocol.source


def test_ldnrt_weekly_reaches_the_target_in_week_five() -> None:
    plan = build_plan(build_spec(today=date(2026, 11, 26), protocol="ldnrt-weekly"))
    assert (plan.steps[-1].start - plan.start).days // 7 + 1 == 5


def test_lookup_is_case_insensitive_and_unknown_names_list_the_choices() -> None:
    assert get_protocol(" Standard ").name == "standard"
    with pytest.raises(UnknownChoice, match="norland-weekly"):
        get_protocol("quick")
