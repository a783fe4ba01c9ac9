"""The clinical rules through the command line: exit codes and one-line refusals for adjust,
compound and check (issue 12, and issue 11's bullets for these commands)."""

import json

import pytest
from typer.testing import CliRunner

from ldn_cli.cli import app

PLAN_FILE = "examples/plan.json"


@pytest.fixture(autouse=True)
def _from_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)


def refusal(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["adjust", "--plan", PLAN_FILE, "--on", "2026-12-20", "--surgery", "2026-12-10"],
            "before the event date",
        ),
        (
            [
                "adjust",
                "--current-dose",
                "1.5",
                "--on",
                "2026-12-05",
                "--side-effects",
                "step-back",
            ],
            "no lower dose was taken; possible: hold",
        ),
        (
            ["adjust", "--plan", PLAN_FILE, "--on", "2026-12-10", "--missed-days", "20"],
            "at most 9 days have elapsed",
        ),
        (
            [
                "adjust",
                "--plan",
                PLAN_FILE,
                "--on",
                "2026-12-20",
                "--side-effects",
                "step-back",
                "--slower",
                "faster",
            ],
            "choose interval or step",
        ),
        (
            [
                "adjust",
                "--plan",
                PLAN_FILE,
                "--on",
                "2026-12-20",
                "--missed-days",
                "2",
                "--slower",
                "step",
            ],
            "--slower goes with --side-effects",
        ),
        (
            [
                "adjust",
                "--plan",
                PLAN_FILE,
                "--on",
                "2026-12-20",
                "--opioid-course",
                "2027-01-05",
                "2027-01-09",
                "--opioid",
                "ibuprofen",
            ],
            "not an opioid agonist",
        ),
        (
            ["compound", "--start", "2026-12-01", "--liquid", "1mg/mL", "--syringes", "nan:nan"],
            "CAPACITY:GRADUATION",
        ),
        (["check", PLAN_FILE, "--liquid", "1mg/mL", "--dispensed", ""], "dispensed is empty"),
        (["check", PLAN_FILE, "--liquid", "1mg/mL", "--max-error", ""], "--max-error is empty"),
        (["check", PLAN_FILE, "--liquid", "1mg/mL", "--syringes", ""], "syringes is empty"),
        (["check", "--directions", ""], "directions is empty"),
    ],
)
def test_bad_clinical_input_is_refused_with_exit_2_and_one_line(
    runner: CliRunner, args: list[str], message: str
) -> None:
    assert message in refusal(runner, args)


def test_a_crafted_plan_file_is_refused_by_adjust_compound_and_check(
    runner: CliRunner, tmp_path: object
) -> None:
    from pathlib import Path

    data = json.loads(Path(PLAN_FILE).read_text(encoding="utf-8"))
    data["steps"][1].update(start=data["steps"][0]["start"], days=28)  # overlapping steps
    crafted = Path(str(tmp_path)) / "crafted.json"
    crafted.write_text(json.dumps(data), encoding="utf-8")
    adjust = ["adjust", "--plan", str(crafted), "--on", "2026-12-20", "--missed-days", "2"]
    overlap = "step 2 starts (2026-12-01) before step 1 ends (2026-12-14)"
    assert overlap in refusal(runner, adjust)
    assert overlap in refusal(runner, ["compound", "--plan", str(crafted), "--liquid", "1mg/mL"])
    checked = runner.invoke(app, ["check", str(crafted), "-f", "json"])
    assert checked.exit_code == 1
    assert "LDN121" in {f["code"] for f in json.loads(checked.stdout)["findings"]}


def test_compound_exits_1_when_a_measuring_error_is_above_the_limit(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "compound",
            "--start",
            "2026-12-01",
            "--start-dose",
            "0.1",
            "--target",
            "0.1",
            "--liquid",
            "5mg/mL",
        ],
    )
    assert result.exit_code == 1
    assert "Error: step 1: 0.1 mg is 0.02 mL" in result.stdout


def test_adjust_with_methadone_waits_14_days_and_slower_step_is_said(runner: CliRunner) -> None:
    course = runner.invoke(
        app,
        [
            "adjust",
            "--plan",
            PLAN_FILE,
            "--on",
            "2026-12-20",
            "--opioid-course",
            "2027-01-05",
            "2027-01-09",
            "--opioid",
            "methadone",
            "-f",
            "json",
        ],
    )
    assert course.exit_code == 0, course.output
    assert json.loads(course.stdout)["holds"][0]["end"] == "2027-01-22"
    liquid = runner.invoke(
        app, ["plan", "--start", "2026-12-01", "--liquid", "1mg/mL", "-f", "json"]
    )
    slower = runner.invoke(
        app,
        [
            "adjust",
            "--plan",
            "-",
            "--on",
            "2026-12-20",
            "--side-effects",
            "step-back",
            "--slower",
            "step:2",
            "-f",
            "text",
        ],
        input=liquid.stdout,
    )
    assert slower.exit_code == 0, slower.output
    assert "a smaller step, at most 0.75 mg instead of 1.5 mg" in slower.stdout


def test_the_ceiling_of_an_adjusted_plan_is_what_every_output_prints(runner: CliRunner) -> None:
    args = [
        "adjust",
        "--plan",
        PLAN_FILE,
        "--on",
        "2027-01-10",
        "--side-effects",
        "to 1.5",
        "--target",
        "1.5",
    ]
    text = runner.invoke(app, [*args, "-f", "text"]).stdout
    assert "Do not exceed 1.5 mg daily." in text
    fhir = json.loads(runner.invoke(app, [*args, "-f", "fhir"]).stdout)
    assert fhir["dosageInstruction"][-1]["maxDosePerPeriod"]["numerator"]["value"] == 1.5
    table = runner.invoke(app, args).stdout
    assert "target 1.5 mg" in table
    plan_fhir = json.loads(
        runner.invoke(app, ["plan", "--start", "2026-12-01", "--target", "3", "-f", "fhir"]).stdout
    )
    assert {
        d["maxDosePerPeriod"]["numerator"]["value"] for d in plan_fhir["dosageInstruction"]
    } == {3}


def test_missed_days_are_marked_missed_in_the_csv_and_the_table(runner: CliRunner) -> None:
    args = ["adjust", "--current-dose", "4.5", "--on", "2027-01-10", "--missed-days", "20"]
    rows = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    assert rows[0].endswith(",no_ldn,note")
    assert rows[1] == "2026-12-21,1,,,,missed: no dose taken,missed,"
    assert (
        "Missed: no dose taken from Mon 2026-12-21 to Sat 2027-01-09"
        in runner.invoke(app, args).stdout
    )


def test_hold_hours_are_hours_as_typed(runner: CliRunner) -> None:
    """--hold-hours takes hours (72 or 72h); a day unit is refused with the user's own text."""
    surgery = ["adjust", "--plan", PLAN_FILE, "--on", "2026-12-10", "--surgery", "2026-12-20"]
    for typed in ("48d", "2d"):
        refused = runner.invoke(app, [*surgery, "--hold-hours", typed])
        assert refused.exit_code == 2
        assert f"hold hours '{typed}': allowed 24–72 hours" in refused.stderr
    hours = {}
    for typed in ("48", "48h", "72"):
        done = runner.invoke(app, [*surgery, "--hold-hours", typed, "-f", "json"])
        assert done.exit_code == 0, done.stderr
        hours[typed] = json.loads(done.stdout)["holds"][-1]["start"]
    assert hours["48"] == hours["48h"] > hours["72"]  # 48 h before: the hold starts a day later
