"""The command line's edges: files written atomically with the right mode, signals, write
failures, the local time zone, width and colour, empty options, format from file names."""

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldn_cli.cli import app, io
from ldn_cli.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parent.parent
STANDARD = ["plan", "--start", "2026-12-01"]


def test_a_new_file_gets_the_mode_shell_redirection_would_give(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    old = os.umask(0o027)
    try:
        io.write_output("{}\n", str(target), force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old")
    target.chmod(0o600)
    io.write_output("new", str(target), force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_force_replaces_only_regular_files(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        io.write_output("x", str(fifo), force=True)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_force_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("keep me")
    link = tmp_path / "link.txt"
    link.symlink_to(kept)
    io.write_output("new", str(link), force=True)
    assert kept.read_text() == "keep me"
    assert not link.is_symlink()
    assert link.read_text() == "new"


def test_an_empty_output_name_is_an_error(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "-o", ""])
    assert result.exit_code == 2
    assert result.stderr == "ldn: error: --output is empty; give a value or leave the option out\n"


@pytest.mark.parametrize("option", ["--target", "--start-dose", "--every", "--med", "--tz"])
def test_an_option_given_empty_is_an_error_never_absent(runner: CliRunner, option: str) -> None:
    result = runner.invoke(app, [*STANDARD, option, ""])
    assert result.exit_code == 2
    assert result.stderr == f"ldn: error: {option} is empty; give a value or leave the option out\n"


def test_an_argument_given_empty_is_an_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["meds", " "])
    assert result.exit_code == 2
    assert "NAME is empty" in result.stderr


def test_a_full_disk_is_a_write_error_with_the_os_reason() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ldn_cli", *STANDARD, "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    assert done.returncode == 2
    assert done.stderr == "ldn: error: cannot write to standard output: No space left on device\n"


def test_an_unwritable_folder_names_the_file_and_the_reason(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        folder = Path("/proc/self")  # even root cannot create files here
        target = folder / "plan.json"
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        target = folder / "plan.json"
    with pytest.raises(OutputError, match="cannot write '.*plan.json': "):
        io.write_output("{}", str(target), force=False)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_leaves_no_partial_file(tmp_path: Path, signum: int, code: int) -> None:
    rows = "".join(json.dumps({"id": n}) + "\n" for n in range(200_000))
    process = subprocess.Popen(
        [sys.executable, "-m", "ldn_cli", "batch", "-", "-o", "out.jsonl"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdin is not None
    process.stdin.write(rows.encode()[: len(rows) // 2])
    process.stdin.flush()
    deadline = time.monotonic() + 20
    while not any(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let it write part of the output
    process.send_signal(signum)
    process.stdin.close()
    assert process.wait(timeout=20) == code
    assert list(tmp_path.iterdir()) == []


def test_no_local_time_zone_asks_for_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: None)
    with pytest.raises(InputError, match="give --tz ZONE"):
        io.local_timezone()


def test_the_local_zone_comes_from_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Europe/Oslo")
    assert io.local_timezone() == "Europe/Oslo"


def test_a_calendar_without_a_known_zone_is_exit_2(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tzlocal

    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: None)
    result = runner.invoke(app, [*STANDARD, "--format", "ics"], env={"TZ": ""})
    assert result.exit_code == 2
    assert "give --tz ZONE" in result.stderr
    assert runner.invoke(app, [*STANDARD, "--format", "ics", "--tz", "UTC"]).exit_code == 0
    assert runner.invoke(app, [*STANDARD, "--format", "json"]).exit_code == 0


def test_a_folder_named_like_a_zone_is_not_a_zone(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--format", "ics", "--tz", "America"])
    assert result.exit_code == 2
    assert "unknown time zone 'America'" in result.stderr


@pytest.mark.parametrize(
    ("environment", "terminal", "colour"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, False, False),
    ],
)
def test_colour_follows_no_color_and_force_color(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], terminal: bool, colour: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert io.use_colour(terminal) is colour


@pytest.mark.parametrize(("columns", "width"), [("40", 40), ("132", 132), ("abc", 100), ("", 100)])
def test_columns_is_honoured_when_piped(
    monkeypatch: pytest.MonkeyPatch, columns: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert io.terminal_width(False) == width


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        ("plan.ics", "BEGIN:VCALENDAR"),
        ("plan.json", "{"),
        ("plan.fhir.json", "{"),
        ("plan.csv", "date,day,dose_mg"),
        ("plan.html", "<!DOCTYPE html>"),
    ],
)
def test_the_format_follows_the_file_name(
    runner: CliRunner, tmp_path: Path, name: str, first_line: str
) -> None:
    target = tmp_path / name
    assert runner.invoke(app, [*STANDARD, "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(first_line)
    if name.endswith(".fhir.json"):
        assert json.loads(text)["resourceType"] == "MedicationRequest"


def test_a_format_that_contradicts_the_file_name_is_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, [*STANDARD, "-o", str(tmp_path / "plan.ics"), "-f", "json"])
    assert result.exit_code == 2
    assert "--format json does not match the file name" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_contraindicated_plan_written_to_a_file_says_so_on_stderr(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, [*STANDARD, "--med", "Norco", "--tz", "UTC", "-o", str(tmp_path / "norco.ics")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("ldn: contraindicated: Norco: hydrocodone")
    assert result.stderr.rstrip().endswith("[naltrexone-label]")
    assert len(result.stderr.splitlines()) == 1


def test_a_plan_blocked_by_a_measuring_error_says_why_on_stderr_and_in_the_handout(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Every blocking warning counts, not only contraindications: the exit status, the stderr
    line and the patient's reason agree."""
    unmeasurable = [*STANDARD, "--liquid", "1mg/mL", "--max-error", "1"]
    result = runner.invoke(app, [*unmeasurable, "-o", str(tmp_path / "plan.json")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("ldn: error: ") for line in lines)
    assert all(line.endswith("[iso-7886-1]") for line in lines)
    handout = runner.invoke(app, [*unmeasurable, "-f", "html", "--tz", "UTC"]).stdout
    assert "cannot be measured accurately enough" in handout
    assert "<ul></ul>" not in handout


def test_the_table_on_screen_shows_the_warning_once(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--med", "Norco"])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert "CONTRAINDICATED" in result.stdout


def test_error_lines_escape_control_characters_and_shorten_values(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--target", "\x1b[2J" + "9" * 5000])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[2J" in result.stderr
    assert len(result.stderr) < 400
    assert result.stderr.count("\n") == 1


def test_a_wrong_tz_variable_is_an_error_not_ignored(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--format", "ics"], env={"TZ": "Nowhere/Land"})
    assert result.exit_code == 2
    assert "TZ 'Nowhere/Land' is not a known time zone" in result.stderr


def test_reminders_in_utc_by_default_are_announced(runner: CliRunner) -> None:
    result = runner.invoke(app, [*STANDARD, "--format", "ics"], env={"TZ": "UTC"})
    assert result.exit_code == 0
    assert "ldn: note: calendar reminders are in UTC" in result.stderr
    quiet = runner.invoke(app, [*STANDARD, "--format", "ics", "--tz", "UTC"])
    assert quiet.stderr == ""


def test_a_file_name_that_says_no_format_needs_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*STANDARD, "-o", str(tmp_path / "plan.pdf")])
    assert result.exit_code == 2
    assert "cannot tell the format from the file name" in result.stderr
    given = runner.invoke(app, [*STANDARD, "-o", str(tmp_path / "plan.pdf"), "-f", "table"])
    assert given.exit_code == 0
