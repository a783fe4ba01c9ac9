"""Every file the tool writes passes its own linter: each format ldn check reads (JSON, CSV),
from each command that writes it (plan, adjust, compound), with holds, missed days and
formulations, reads back with no error, no missing follow-up and nothing reinterpreted."""

import json

import pytest
from typer.testing import CliRunner

from ldn_cli.cli import app

PLAN = ["plan", "--start", "2026-12-01"]
LIQUID = ["--liquid", "1mg/mL"]
EVENTS = [
    ["--side-effects", "step-back"],
    ["--side-effects", "halve"],
    ["--side-effects", "to 1.5"],
    ["--side-effects", "hold", "--for", "1w"],
    ["--missed-days", "3"],
    ["--missed-days", "19"],
    ["--surgery", "2027-01-05"],
    ["--opioid-course", "2027-01-05", "2027-01-09", "--opioid", "methadone"],
    ["--switch-to-morning"],
]


def written(runner: CliRunner, args: list[str], stdin: str | None = None) -> str:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_checks_clean(runner: CliRunner, text: str, *extra: str) -> None:
    result = runner.invoke(app, ["check", "-", *extra, "-f", "json"], input=text)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["findings"]
    assert not [f for f in found if f["severity"] == "error"], found
    assert not [f for f in found if f["code"] in ("LDN130", "LDN131", "LDN122")], found


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("formulation", [[], LIQUID])
def test_a_plan_passes_its_own_linter(runner: CliRunner, fmt: str, formulation: list[str]) -> None:
    text = written(runner, [*PLAN, *formulation, "-f", fmt])
    assert_checks_clean(runner, text, *formulation)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("event", EVENTS, ids=lambda event: " ".join(event))
def test_an_adjusted_plan_passes_its_own_linter(
    runner: CliRunner, fmt: str, event: list[str]
) -> None:
    plan = written(runner, [*PLAN, *LIQUID, "-f", "json"])
    adjusted = written(
        runner, ["adjust", "--plan", "-", "--on", "2026-12-20", *event, "-f", fmt], plan
    )
    assert_checks_clean(runner, adjusted, *LIQUID)


@pytest.mark.parametrize("formulation", [LIQUID, ["--capsules", "0.5,1.5"]])
def test_a_compounded_plan_passes_its_own_linter(runner: CliRunner, formulation: list[str]) -> None:
    text = written(runner, ["compound", "--start", "2026-12-01", *formulation, "-f", "json"])
    assert_checks_clean(runner, text, *formulation)


def test_a_compounded_adjusted_plan_passes_its_own_linter(runner: CliRunner) -> None:
    plan = written(runner, [*PLAN, "-f", "json"])
    adjusted = written(
        runner,
        ["adjust", "--plan", "-", "--on", "2027-01-10", "--missed-days", "20", "-f", "json"],
        plan,
    )
    compounded = written(runner, ["compound", "--plan", "-", *LIQUID, "-f", "json"], adjusted)
    assert_checks_clean(runner, compounded, *LIQUID)
