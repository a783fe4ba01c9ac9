"""The ``ldn`` command line: every option, every error path, exit codes and files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldn_cli import __version__
from ldn_cli.cli import app
from ldn_cli.models import Plan
from tests.test_hostile import COMMANDS

STANDARD = ["plan", "--start", "2026-12-01"]


def run_json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, [*STANDARD, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def doses(data: dict[str, object]) -> list[float]:
    return [step["dose_mg"] for step in data["steps"]]  # type: ignore[attr-defined, index]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ldn {__version__}"


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [[], ["plan"], ["protocols"], ["evidence"]])
def test_help_shows_an_example(runner: CliRunner, command: list[str], flag: str) -> None:
    result = runner.invoke(app, [*command, flag])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    if command:
        assert f"Example: ldn {command[0]}" in result.stdout


def test_no_arguments_shows_help_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "plan" in result.output


def test_standard_plan_json_acceptance(runner: CliRunner) -> None:
    data = run_json(runner)
    assert [(s["start"], s["dose_mg"]) for s in data["steps"]] == [  # type: ignore[attr-defined]
        ("2026-12-01", 1.5),
        ("2026-12-15", 3),
        ("2026-12-29", 4.5),
    ]
    assert data["schema_version"] == 1
    assert data["warnings"] == []
    Plan.model_validate(data)


def test_fine_titration_acceptance(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            *STANDARD,
            "--start-dose",
            "0.1",
            "--step",
            "0.1",
            "--every",
            "3d",
            "--target",
            "0.5",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    assert '"dose_mg": 0.3' in result.stdout
    assert "0.30000000000000004" not in result.stdout
    assert doses(json.loads(result.stdout)) == [0.1, 0.2, 0.3, 0.4, 0.5]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--protocol", "ldnrt-weekly"], [1, 2, 3, 4, 4.5]),
        (["--protocol", "norland-weekly", "--target", "1.5"], [0.5, 1, 1.5]),
        (["--step", "1"], [1.5, 2.5, 3.5, 4.5]),
        (["--target", "3"], [1.5, 3]),
        (["--start-dose", "1", "--step", "1.5"], [1, 2.5, 4, 4.5]),
    ],
)
def test_dose_options(runner: CliRunner, args: list[str], expected: list[float]) -> None:
    assert doses(run_json(runner, *args)) == expected


def test_every_sets_the_interval(runner: CliRunner) -> None:
    data = run_json(runner, "--every", "2w", "--step", "3")
    assert [s["start"] for s in data["steps"]] == ["2026-12-01", "2026-12-15"]  # type: ignore[attr-defined]


def test_dose_time_and_follow_up_window_and_maintain(runner: CliRunner) -> None:
    data = run_json(
        runner, "--dose-time", "morning", "--follow-up-window", "21-28", "--maintain", "8w"
    )
    assert data["dose_time"] == "morning"
    assert any(p["code"] == "morning-dosing" for p in data["precautions"])  # type: ignore[attr-defined]
    first = data["checkpoints"][0]  # type: ignore[index]
    assert first["earliest"] >= "2026-12-22"
    assert data["steps"][-1]["days"] == 56  # type: ignore[index]


def test_start_defaults_to_today(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--format", "json"])
    assert json.loads(result.stdout)["start"] == "2026-11-26"


def test_written_start_dates(runner: CliRunner) -> None:
    for text in ("1 Dec 2026", "December 1, 2026", "2026-12-01"):
        result = runner.invoke(app, ["plan", "--start", text, "--format", "json"])
        assert json.loads(result.stdout)["start"] == "2026-12-01"
    result = runner.invoke(app, ["plan", "--start", "tomorrow", "--format", "json"])
    assert json.loads(result.stdout)["start"] == "2026-11-27"


def test_table_output_shows_the_whole_plan(runner: CliRunner) -> None:
    result = runner.invoke(app, STANDARD)
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        "1.5 mg at bedtime",
        "3 mg at bedtime",
        "4.5 mg at bedtime",
        "Tue 2026-12-15",
        "Follow-up visits",
        "30–50%",
        "Dose over time",
        "Precautions",
        "not a substitute for clinical judgment",
    ):
        assert expected in out
    assert "3.0 mg" not in out
    assert "qhs" not in out.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--target", "5"], "target 5 mg is out of range; allowed: 0.1–4.5 mg"),
        (["plan", "--start", "01/02/2026"], "ambiguous"),
        (["plan", "--start", "yesterday-ish"], "YYYY-MM-DD"),
        (["plan", "--start-dose", ".5"], "leading zero"),
        (["plan", "--step", "-1"], "not a number of mg"),
        (["plan", "--every", "100d"], "1–84 days"),
        (["plan", "--every", "fortnight"], "not a duration"),
        (["plan", "--protocol", "turbo"], "choose one of: standard"),
        (["plan", "--dose-time", "qhs"], "bedtime, morning"),
        (["plan", "--target", "1"], "below the start dose"),
        (["plan", "--follow-up-window", "7-10"], "14–28 days"),
        (["plan", "--format", "xml"], "'table', 'json'"),
        (["plan", "--bogus"], "No such option"),
        (["frobnicate"], "No such command"),
    ],
)
def test_bad_input_exits_2_with_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ldn: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_output_file_is_written_and_never_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = runner.invoke(app, [*STANDARD, "--format", "json", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    original = target.read_text()
    assert json.loads(original)["start"] == "2026-12-01"

    again = runner.invoke(app, ["plan", "--start", "2027-01-01", "-f", "json", "-o", str(target)])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.stderr
    assert target.read_text() == original

    forced = runner.invoke(
        app, ["plan", "--start", "2027-01-01", "-f", "json", "-o", str(target), "--force"]
    )
    assert forced.exit_code == 0
    assert json.loads(target.read_text())["start"] == "2027-01-01"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.json"]


def test_output_to_a_directory_or_missing_folder_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*STANDARD, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    result = runner.invoke(app, [*STANDARD, "-o", str(tmp_path / "missing" / "plan.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_dash_means_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "-f", "json", "-o", "-"])
    assert json.loads(result.stdout)["schema_version"] == 1


@pytest.mark.parametrize("command", ["protocols", "evidence"])
def test_listings_in_both_formats(runner: CliRunner, command: str) -> None:
    table = runner.invoke(app, [command])
    assert table.exit_code == 0
    listing = runner.invoke(app, [command, "--format", "json"])
    rows = json.loads(listing.stdout)
    assert rows
    first_value = next(iter(rows[0].values()))
    assert first_value in table.stdout


def test_protocols_json_lists_numbers_and_sources(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["protocols", "-f", "json"]).stdout)
    standard = next(row for row in rows if row["name"] == "standard")
    assert standard == {
        "name": "standard",
        "start_mg": 1.5,
        "step_mg": 1.5,
        "every_days": 14,
        "target_mg": 4.5,
        "source": "seed-standard",
        "summary": standard["summary"],
    }


_OPTION_VALUES = st.sampled_from(
    [
        "2026-12-01",
        "01/02/2026",
        "today",
        "5",
        "4.5",
        "0.1",
        ".5",
        "0",
        "-1",
        "14d",
        "2w",
        "0d",
        "85d",
        "bedtime",
        "morning",
        "25:00",
        "21:30",
        "standard",
        "ldnrt-weekly",
        "x",
        "json",
        "table",
        "14-28",
        "28-14",
        "",
        "1,5",
        "1e3",
        "NaN",
        "Infinity",
        "\x00",
    ]
)
_OPTIONS = st.sampled_from(
    [
        "--start",
        "--protocol",
        "--start-dose",
        "--step",
        "--every",
        "--target",
        "--dose-time",
        "--follow-up-window",
        "--maintain",
        "--format",
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_OPTIONS, _OPTION_VALUES), max_size=5))
def test_generated_argv_never_crashes(runner: CliRunner, pairs: list[tuple[str, str]]) -> None:
    argv = ["plan"] + [part for pair in pairs for part in pair]
    result = runner.invoke(app, argv)
    assert result.exit_code in {0, 1, 2}, (argv, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), argv
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_python_dash_m_and_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("LDN_DEBUG", None)
    ok = subprocess.run(
        [sys.executable, "-m", "ldn_cli", *STANDARD, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["steps"][0]["dose_mg"] == 1.5
    bad = subprocess.run(
        [sys.executable, "-m", "ldn_cli", "plan", "--target", "5"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def test_json_format_does_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from ldn_cli.cli import main\n"
        "sys.argv = ['ldn', 'plan', '--start', '2026-12-01', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"


def test_an_internal_error_is_one_line_with_exit_70(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ldn_cli.spec

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("patient Jane Doe")  # must not leak into the message

    monkeypatch.setattr(ldn_cli.spec, "plan_for", broken)
    monkeypatch.delenv("LDN_DEBUG", raising=False)
    result = runner.invoke(app, STANDARD)
    assert result.exit_code == 70
    assert result.stderr.startswith("ldn: error: internal error (RuntimeError)")
    assert "Jane" not in result.output
    assert "Traceback" not in result.output


# --- opioid conflicts -------------------------------------------------------------------------


def test_meds_acceptance_percocet_and_gabapentin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["meds", "Percocet 5/325", "gabapentin 300 mg"])
    assert result.exit_code == 1
    assert "oxycodone" in result.stdout
    assert "CONTRAINDICATED" in result.stdout
    assert "gabapentin" in result.stdout
    assert "no conflict" in result.stdout


def test_meds_acceptance_dextromethorphan_and_loperamide(runner: CliRunner) -> None:
    result = runner.invoke(app, ["meds", "dextromethorphan", "loperamide", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    verdicts = {row["input"]: row["verdict"] for row in data["results"]}
    assert verdicts == {"dextromethorphan": "no-conflict", "loperamide": "caution"}
    assert data["blocking"] is False
    assert data["schema_version"] == 1


def test_meds_possible_match_blocks(runner: CliRunner) -> None:
    result = runner.invoke(app, ["meds", "tramadal", "-f", "json"])
    assert result.exit_code == 1
    match = json.loads(result.stdout)["results"][0]["matches"][0]
    assert (match["ingredient"], match["certainty"]) == ("tramadol", "possible")


def test_meds_from_file_and_stdin(runner: CliRunner, tmp_path: Path) -> None:
    listing = tmp_path / "meds.txt"
    listing.write_text("# current list\nMS Contin 30\n\nibuprofen 400 mg\n", encoding="utf-8")
    from_file = runner.invoke(app, ["meds", "--meds-file", str(listing), "-f", "json"])
    assert [r["input"] for r in json.loads(from_file.stdout)["results"]] == [
        "MS Contin 30",
        "ibuprofen 400 mg",
    ]
    assert from_file.exit_code == 1
    from_stdin = runner.invoke(app, ["meds", "-f", "json"], input="naproxen\ncelecoxib\n")
    assert from_stdin.exit_code == 0
    assert len(json.loads(from_stdin.stdout)["results"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meds"], "no medications given"),
        (["meds", "--meds-file", "missing.txt"], "does not exist"),
        (["plan", "--meds-file", "missing.txt"], "does not exist"),
        (["plan", "--last-opioid-dose", "last week"], "last opioid dose"),
        (["plan", "--opioid-free-days", "3"], "opioid-free days '3' is 3 days; allowed: 7–14"),
    ],
)
def test_meds_bad_input_exits_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_meds_file_that_is_a_directory_or_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    assert "is a directory" in runner.invoke(app, ["meds", "--meds-file", str(tmp_path)]).stderr
    binary = tmp_path / "meds.bin"
    binary.write_bytes(b"oxy\xff\x00")
    result = runner.invoke(app, ["meds", "--meds-file", str(binary)])
    assert result.exit_code == 2
    assert "not UTF-8 text (byte 3)" in result.stderr
    binary.write_bytes("oxycodone\n".encode("utf-16"))
    result = runner.invoke(app, ["meds", "--meds-file", str(binary)])
    assert result.exit_code == 2
    assert "is UTF-16 text; save it as UTF-8" in result.stderr


def test_plan_with_an_opioid_acceptance(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--med", "Tylenol #3", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["steps"][0]["dose_mg"] == 1.5  # the plan is still shown
    (warning,) = data["warnings"]
    assert warning == {
        "code": "opioid-contraindicated",
        "severity": "contraindicated",
        "input": "Tylenol #3",
        "matched": "codeine",
        "message": warning["message"],
        "source": "naltrexone-label",
    }


def test_plan_warnings_come_first_in_the_table(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--med", "oxycodone 5 mg"])
    assert result.exit_code == 1
    assert result.stdout.index("Warnings") < result.stdout.index("Schedule")


def test_plan_with_no_conflicts_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    listing = tmp_path / "meds.txt"
    listing.write_text("gabapentin\nduloxetine\n", encoding="utf-8")
    data = run_json(runner, "--meds-file", str(listing))
    assert data["warnings"] == []


def test_last_opioid_dose_reports_the_earliest_safe_start(runner: CliRunner) -> None:
    early = runner.invoke(app, [*STANDARD, "--last-opioid-dose", "2026-11-25", "--format", "json"])
    assert early.exit_code == 1
    (warning,) = json.loads(early.stdout)["warnings"]
    assert warning["code"] == "opioid-washout"
    assert "2026-12-05" in warning["message"]
    assert json.loads(early.stdout)["start"] == "2026-12-01"  # never moved

    ok = runner.invoke(
        app,
        [*STANDARD, "--last-opioid-dose", "2026-11-20", "--opioid-free-days", "7", "-f", "json"],
    )
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["warnings"][0]["severity"] == "info"

    methadone = runner.invoke(
        app,
        [*STANDARD, "--last-opioid-dose", "2026-11-20", "--med", "methadone", "-f", "json"],
    )
    assert "2026-12-04" in json.loads(methadone.stdout)["warnings"][0]["message"]


# --- the pharmacist's commands ----------------------------------------------------------------


def test_compound_liquid_acceptance(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compound", "--start", "2026-12-01", "--liquid", "1mg/mL"])
    assert result.exit_code == 0, result.output
    for volume in ("1.5 mL", "3 mL", "4.5 mL"):
        assert volume in result.stdout
    assert "Fills" in result.stdout
    assert "Use by" in result.stdout


def test_compound_capsules_acceptance(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["compound", "--start", "2026-12-01", "--capsules", "1.5", "-f", "json"]
    )
    assert result.exit_code == 0
    steps = json.loads(result.stdout)["preparation"]["steps"]
    assert [step["capsules"][0]["count"] for step in steps] == [1, 2, 3]
    bad = runner.invoke(
        app, ["compound", "--start", "2026-12-01", "--capsules", "1,3", "--start-dose", "0.5"]
    )
    assert bad.exit_code == 2
    assert "nearest makeable doses: 1 mg" in bad.stderr


def test_compound_from_a_plan_file_with_options(runner: CliRunner, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(run_json_text(runner), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "compound",
            "--plan",
            str(plan_file),
            "--liquid",
            "5mg/mL",
            "--bud",
            "60",
            "--until",
            "2026-12-31",
            "--overage",
            "10",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    preparation = json.loads(result.stdout)["preparation"]
    assert preparation["bud_days"] == 60
    assert preparation["bud_source"] == "pharmacy-bud"
    assert preparation["days_supply"] == 31
    assert len(preparation["fills"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compound", "--start", "2026-12-01"], "give a formulation"),
        (["compound", "--liquid", "1mg/mL", "--capsules", "1.5"], "not both"),
        (["compound", "--liquid", "strong"], "MG/mL"),
        (["compound", "--liquid", "1mg/mL", "--overage", "90"], "0–50"),
        (["compound", "--liquid", "1mg/mL", "--bud", "0"], "beyond-use date '0' is 0 days"),
        (["compound", "--plan", "missing.json", "--liquid", "1mg/mL"], "does not exist"),
    ],
)
def test_compound_bad_input(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_plan_with_a_formulation_shows_measures_in_every_format(runner: CliRunner) -> None:
    table = runner.invoke(app, [*STANDARD, "--liquid", "1mg/mL"])
    assert "1.5 mg (1.5 mL of 1 mg/mL) at bedtime" in table.stdout
    text = runner.invoke(app, [*STANDARD, "--capsules", "1.5", "-f", "text"])
    assert "3 mg (2 × 1.5 mg capsules) at bedtime" in text.stdout
    data = run_json(runner, "--liquid", "1mg/mL")
    assert data["preparation"]["formulation"] == {
        "kind": "liquid",
        "concentration_mg_per_ml": 1,
        "base": "aqueous",
    }
    csv_text = runner.invoke(app, [*STANDARD, "--liquid", "1mg/mL", "-f", "csv"]).stdout
    assert "1.5 mL of 1 mg/mL" in csv_text


def test_check_acceptance_bad_csv(runner: CliRunner, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.csv"
    plan_file.write_text(
        "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n2026-12-17,2026-12-30,5\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(plan_file), "-f", "json"])
    assert result.exit_code == 1
    found = {item["code"] for item in json.loads(result.stdout)["findings"]}
    assert {"LDN101", "LDN122"} <= found


def test_check_acceptance_directions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--directions", "Take 3.0 mg qhs"])
    assert result.exit_code == 1
    assert "LDN171" in result.stdout
    assert "LDN173" in result.stdout


def test_check_a_generated_plan_from_stdin_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-", "-f", "json"], input=run_json_text(runner))
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["counts"]["error"] == 0


def test_check_strict_and_dispensed_and_meds(runner: CliRunner, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(run_json_text(runner), encoding="utf-8")
    quick = runner.invoke(app, ["check", str(plan_file), "--min-interval", "3w"])
    assert quick.exit_code == 0  # warnings only
    assert (
        runner.invoke(app, ["check", str(plan_file), "--min-interval", "3w", "--strict"]).exit_code
        == 1
    )
    short = runner.invoke(
        app, ["check", str(plan_file), "--capsules", "1.5", "--dispensed", "10", "-f", "json"]
    )
    assert short.exit_code == 1
    assert "LDN151" in short.stdout
    opioid = runner.invoke(app, ["check", str(plan_file), "--med", "MS Contin 30"])
    assert opioid.exit_code == 1
    assert "LDN161" in opioid.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["check", "-"], '{"steps": [', "line 1, column 12"),
        (["check", "-"], "a,b\n1,2\n", "a header is required"),
        (
            ["check", "-", "--dispensed", "10"],
            "start,end,dose_mg\n2026-12-01,2026-12-02,1\n",
            "--dispensed needs the plan and its formulation",
        ),
        (["check"], "", "the plan is empty"),
    ],
)
def test_check_unreadable_input_exits_2(
    runner: CliRunner, args: list[str], stdin: str, message: str
) -> None:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2
    assert message in result.stderr


def run_json_text(runner: CliRunner) -> str:
    result = runner.invoke(app, [*STANDARD, "--format", "json"])
    assert result.exit_code == 0
    return result.stdout


# --- adjusting a running plan --------------------------------------------------------------------


def test_adjust_surgery_acceptance(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "adjust",
            "--current-dose",
            "4.5",
            "--on",
            "2026-12-10",
            "--surgery",
            "2026-12-20",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    last_dose = max(s["end"] for s in data["steps"] if s["start"] < "2026-12-20")
    assert last_dose <= "2026-12-16"
    assert any(s["start"] > "2026-12-20" for s in data["steps"])
    assert data["holds"][0]["start"] == "2026-12-17"
    assert data["adjustments"][0]["event"] == "surgery"
    table = runner.invoke(
        app, ["adjust", "--current-dose", "4.5", "--on", "2026-12-10", "--surgery", "2026-12-20"]
    )
    assert "anaesthetist" in table.stdout
    assert "No LDN from" in table.stdout


def test_adjust_step_back_acceptance(runner: CliRunner, tmp_path: Path) -> None:
    plan_file = tmp_path / "p.json"
    plan_file.write_text(run_json_text(runner), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "adjust",
            "--plan",
            str(plan_file),
            "--on",
            "2026-12-20",
            "--side-effects",
            "step-back",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)["steps"]
    assert [(s["start"], s["dose_mg"]) for s in steps][2:] == [
        ("2026-12-20", 1.5),
        ("2027-01-17", 3),
        ("2027-02-14", 4.5),
    ]
    checked = runner.invoke(app, ["check", "-", "-f", "json"], input=result.stdout)
    assert json.loads(checked.stdout)["counts"]["error"] == 0


@pytest.mark.parametrize(
    "event",
    [
        ["--side-effects", "hold", "--for", "1w"],
        ["--side-effects", "halve"],
        ["--side-effects", "to 1.5"],
        ["--side-effects", "to:1.5", "--step", "0.5", "--every", "3w"],
        ["--missed-days", "3"],
        ["--missed-days", "15", "--short-gap", "10d"],
        ["--opioid-course", "2027-01-05", "2027-01-09", "--hold-hours", "48"],
        ["--surgery", "2027-01-05", "--opioids-until", "2027-01-08", "--opioid-free-days", "14"],
        ["--switch-to-morning"],
    ],
)
def test_adjust_every_event_chains_and_checks_clean(
    runner: CliRunner, tmp_path: Path, event: list[str]
) -> None:
    plan_file = tmp_path / "p.json"
    plan_file.write_text(run_json_text(runner), encoding="utf-8")
    first = runner.invoke(
        app, ["adjust", "--plan", str(plan_file), "--on", "2026-12-20", *event, "-f", "json"]
    )
    assert first.exit_code == 0, first.output
    again = runner.invoke(
        app,
        ["adjust", "--plan", "-", "--on", "2027-02-20", "--missed-days", "2", "-f", "json"],
        input=first.stdout,
    )
    assert again.exit_code == 0, again.output
    assert len(json.loads(again.stdout)["adjustments"]) == 2
    checked = runner.invoke(app, ["check", "-", "-f", "json"], input=again.stdout)
    assert json.loads(checked.stdout)["counts"]["error"] == 0, checked.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["adjust", "--current-dose", "3", "--on", "2026-12-10"], "exactly one event"),
        (["adjust", "--on", "2026-12-10", "--missed-days", "2"], "--plan FILE"),
        (
            ["adjust", "--current-dose", "3", "--on", "2026-12-10", "--side-effects", "panic"],
            "choose hold, step-back",
        ),
        (
            ["adjust", "--current-dose", "3", "--on", "2026-12-10", "--side-effects", "to 4"],
            "at or below the current 3 mg",
        ),
        (
            ["adjust", "--current-dose", "5", "--on", "2026-12-10", "--missed-days", "2"],
            "out of range",
        ),
        (
            [
                "adjust",
                "--current-dose",
                "3",
                "--on",
                "2026-12-10",
                "--surgery",
                "2026-12-20",
                "--hold-hours",
                "12",
            ],
            "hold hours '12': allowed 24–72 hours",
        ),
        (
            [
                "adjust",
                "--current-dose",
                "3",
                "--on",
                "2026-12-10",
                "--opioid-course",
                "2026-12-20",
                "2026-12-10",
            ],
            "before it starts",
        ),
    ],
)
def test_adjust_bad_input(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


#: Every command's options that take a value, read from the app (tests/test_hostile.py), so
#: a new option is driven here without a list to keep by hand.
_EVERY_COMMAND_OPTIONS = {
    command: [
        option
        for param in params
        if not getattr(param, "is_flag", False) and param.name != "help"
        for option in param.opts
        if option.startswith("--")
    ]
    for command, params in COMMANDS.items()
}
_ANY_VALUE = st.sampled_from(
    [
        "2026-12-01",
        "2026-12-20",
        "1mg/mL",
        "5mg/mL",
        "0mg/mL",
        "1.5",
        "0.5,1.5",
        "3",
        "0",
        "-1",
        "14d",
        "2w",
        "hold",
        "step-back",
        "halve",
        "to 1.5",
        "to 9",
        "150mL",
        "60",
        "1.5:60",
        "Take 3.0 mg qhs",
        "Percocet",
        "json",
        "table",
        "24",
        "99",
        "",
        "x",
        "1:0.01",
        "aqueous",
        "1e9",
        "NaN",
    ]
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(sorted(_EVERY_COMMAND_OPTIONS)),
    st.data(),
)
def test_generated_argv_never_crashes_any_command(
    runner: CliRunner, command: str, data: st.DataObject
) -> None:
    options = _EVERY_COMMAND_OPTIONS[command]
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(options), _ANY_VALUE), max_size=5)
        if options
        else st.just([])
    )
    argv = command.split() + [part for pair in pairs for part in pair]
    result = runner.invoke(app, argv, input="")
    assert result.exit_code in {0, 1, 2}, (argv, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), argv
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("shell", "environment"),
    [
        ("bash", {"COMP_WORDS": "ldn pl", "COMP_CWORD": "1"}),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "ldn pl"}),
        ("fish", {"_TYPER_COMPLETE_ARGS": "ldn pl", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    ],
)
def test_shell_completion_of_pl_offers_plan(shell: str, environment: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from ldn_cli.cli import main; main()"],
        capture_output=True,
        text=True,
        env={**os.environ, **environment, "_LDN_COMPLETE": f"complete_{shell}"},
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "plan" in done.stdout
    assert "protocols" not in done.stdout


def _help_pages() -> list[list[str]]:
    import typer.main

    root = typer.main.get_command(app)
    pages: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        pages.append([name])
        pages += [[name, sub] for sub in getattr(command, "commands", {})]
    return pages


@pytest.mark.parametrize("words", _help_pages(), ids=" ".join)
def test_no_help_page_shows_a_type_where_a_flag_takes_no_value(words: list[str]) -> None:
    """Flags take no value: a help page never shows Typer's ``<bool>`` (nor ``<list[str]>``)."""
    shown = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.output
    assert "<bool>" not in shown.output
    assert "<list" not in shown.output
