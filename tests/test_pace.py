"""ldn plan warns, with the check's codes, when a schedule is faster than every published one."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given

import ldn_cli
from ldn_cli.models import TitrationSpec
from ldn_cli.pace import pace_warnings
from ldn_cli.protocols import PROTOCOLS
from tests.strategies import spec_of, specs

TODAY = date(2026, 11, 26)


def test_a_schedule_faster_than_any_published_protocol_warns_with_the_check_codes() -> None:
    plan = ldn_cli.plan(start="2026-12-01", start_dose="0.1", step="4.4", every="1d", today=TODAY)
    by_code = {w.code: w for w in plan.warnings}
    assert set(by_code) == {"LDN111", "LDN112"}
    for warning in by_code.values():
        assert warning.severity == "warning"
        quoted = warning.message.rsplit(": ", 1)[1].rstrip(")").split(", ")
        assert warning.source == PROTOCOLS[quoted[0]].source  # the preset whose numbers it cites
    assert "sooner than any published protocol" in by_code["LDN112"].message
    assert not plan.is_blocked()


def test_a_larger_step_at_a_weekly_pace_is_faster_than_every_protocol() -> None:
    (warning,) = pace_warnings(spec_of(step_mg=Decimal("1.5"), every_days=7))
    assert warning.code == "LDN111"
    assert "at most 1 mg every 7 days: ldnrt-weekly" in warning.message
    assert warning.source == PROTOCOLS["ldnrt-weekly"].source == "ldnrt-weekly"


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_every_published_protocol_is_within_the_published_pace(name: str) -> None:
    assert not ldn_cli.plan(start="2026-12-01", protocol=name, today=TODAY).warnings


def test_a_slower_schedule_and_a_single_dose_do_not_warn() -> None:
    assert not pace_warnings(spec_of(step_mg=Decimal("0.5"), every_days=21))
    assert not pace_warnings(spec_of(start_mg=Decimal(3), target_mg=Decimal(3), every_days=1))


@given(specs())
def test_a_pace_warning_means_no_preset_climbs_as_fast(spec: TitrationSpec) -> None:
    step = min(spec.step_mg, spec.target_mg - spec.start_mg)
    covered = step <= 0 or any(
        p.step_mg >= step and p.every_days <= spec.every_days for p in PROTOCOLS.values()
    )
    assert bool(pace_warnings(spec)) == (not covered)
