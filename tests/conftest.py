"""Shared fixtures: a fixed clock and a CLI runner, so outputs are deterministic."""

from datetime import date

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from ldn_cli import cli

FIXED_TODAY = date(2026, 11, 26)
#: 2026-11-26T00:00:00Z: the DTSTAMP of every calendar file the tests make.
FIXED_EPOCH = "1795651200"

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("default", max_examples=100, deadline=None)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Every CLI test sees the same 'today'."""
    monkeypatch.setattr(cli, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner with no colour and no terminal."""
    return CliRunner(
        env={"NO_COLOR": "1", "COLUMNS": "100", "TZ": "UTC", "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    )
