"""Hostile and broken input is test data: every command, generated argv and file contents.

Each class of input that once crashed the tool, lost a row or printed a wrong dose is replayed
here as a small generated input (no big files in the repository), and a Hypothesis test drives
every command of the app, with options read from the app itself, so a new option is fuzzed the
day it is added. The promises: exit 0, 1 or 2, never 70 (a bug); a refusal is one line on
stderr with no traceback and no raw control character; nothing is left beside an output file.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldn_cli.cli import app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Values a user, a script with an unset variable, or an attacker may give any option.
HOSTILE_VALUES = [
    "",
    " ",
    "2026-12-01",
    "9999-12-31",
    "0001-01-01",
    "1 Jan 0001",
    "31/12/2026",
    "20261201",
    "2026W011",
    "tomorrow",
    "next monday",
    "1,5",
    "١.٥",
    "１.５",
    "1e400",
    "9" * 40,
    "1" + "0" * 5000,
    "-1",
    "NaN",
    "Infinity",
    "nan:nan",
    "1.0000000000000000000000000000000001",
    "oxycodone \x1b[2J",
    "\x1b]8;;http://x\x07link\x1b]8;;\x07",
    "\u202eevil",
    "Robitussin AC",
    "Norco 5/325",
    "x" * 3000,
    "0",
    "4.5",
    "14d",
    "America",
    "Europe/London",
    "to 1.5",
    "150mL",
    "1.5:60",
    "json",
    "table",
    "ics",
    "out.ics",
]
hostile_text = st.sampled_from(HOSTILE_VALUES) | st.text(max_size=30)

# File contents: text with dates and control characters, broken CSV, broken and deep JSON,
# bytes that are not UTF-8, and a megabyte line.
hostile_files = st.sampled_from(
    [
        b"",
        b"\xff\xfe\x00o\x00x\x00",
        b"start,end,dose_mg\n2026-12-01,2026-12-14,1,5\n",
        b'start,end,dose_mg\n"2026-12-01,2026-12-14,1.5\n',
        b"date,dose_mg,dose_mg\n2026-12-01,1.5,3\n",
        b"id,start\nx,9999-12-31\n",
        b'{"steps": []}',
        b'{"steps": [{"index": 1, "start": "2026-12-10", "end": "2026-12-01", "dose_mg": 1}]}',
        b"[" * 100_000,
        b'{"a": 1, "a": 2}',
        b"oxycodone\n\x1b[2J\nNorco\n",
        b"x" * (1024 * 1024),
        b"\x00\x01\x02",
        json.dumps({"id": "1" * 5000, "start": "2026-12-01"}).encode(),
    ]
) | st.binary(max_size=200)


#: Settings files: valid TOML with wrong sections, keys, types and values, and broken TOML.
hostile_settings = st.sampled_from(
    [
        b'[plan]\nprotocol = "standard"\nclinic_days = "mon-fri"\n',
        b"[plan]\nprotocol = 5\n",
        b'[plans]\nprotocol = "standard"\n',
        b'[plan]\nopioid_free_days = "99999999999999999999d"\n',
        b'[pharmacy]\nliquid = "1mg/mL"\ncapsules = "1.5"\n',
        b"[pharmacy]\nmax_error = 1e999\n",
        b'[clinic]\nname = "\\u001b[2J"\n',
        b'[plan]\nprotocol = "standard"\n[plan]\nprotocol = "standard"\n',
        b"[plan\n",
        b'protocol = "standard"\n',
        b"[" * 10_000,
        b"[plan]\nreminder_time = 2026-12-01T00:00:00\n",
    ]
) | st.text(max_size=200).map(str.encode)


def _commands() -> dict[str, list[Any]]:
    """Every command of the app and its parameters (read from the app, not listed by hand)."""
    import typer.main

    group = typer.main.get_command(app)
    found: dict[str, list[Any]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[name] = list(command.params)
        for sub, leaf in getattr(command, "commands", {}).items():  # ldn config path|show|init
            found[f"{name} {sub}"] = list(leaf.params)
    return found


COMMANDS = _commands()


def _takes_a_file(param: Any) -> bool:
    return (param.metavar or "").strip("[]. ") in {"FILE", "DIARY"} or param.name in {
        "plan_file",
        "meds_file",
        "source",
        "diary",
        "config",
    }


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), command=st.sampled_from(sorted(COMMANDS)))
def test_generated_argv_and_files_never_crash_any_command(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, command: str
) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    options = [p for p in COMMANDS[command] if p.name not in {"help", "install_completion"}]
    argv = command.split()
    if data.draw(st.booleans()):  # a hostile settings file too (a global option)
        settings = folder / "settings.toml"
        settings.write_bytes(data.draw(hostile_files | hostile_settings))
        argv = ["--config", str(settings), *argv]
    for param in data.draw(st.lists(st.sampled_from(options), max_size=5)) if options else []:
        flag = [o for o in param.opts if o.startswith("--")]
        if param.is_flag if hasattr(param, "is_flag") else False:
            argv.append(flag[0])
            continue
        if _takes_a_file(param):
            path = folder / f"input-{len(argv)}"
            path.write_bytes(data.draw(hostile_files))
            value = str(path)
        elif (param.name or "") in {"output"}:
            value = str(folder / data.draw(st.sampled_from(["out", "out.ics", "out.json", ""])))
        else:
            value = data.draw(hostile_text)
        argv += [flag[0], value] if flag else [value]
    before = set(os.listdir(folder))
    result = runner.invoke(app, argv, input=data.draw(hostile_files))
    assert result.exit_code in {0, 1, 2}, (argv, result.stderr[-500:])
    assert "Traceback" not in result.output
    if result.exit_code == 2 and "Usage:" not in result.stdout:  # help shown for a bare group
        lines = result.stderr.strip().splitlines()
        assert lines, argv
        assert lines[-1].startswith("ldn: error: "), lines
        assert "\x1b" not in result.stderr
    left = set(os.listdir(folder)) - before
    assert not [name for name in left if name.endswith(".tmp")], left


# --- each class of issue 11, replayed ----------------------------------------------------------


def _refused(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout[-300:], result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "\x1b" not in result.stderr
    line: str = result.stderr
    return line


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--start", "9999-12-01"],
        ["plan", "--start", "0001-01-01", "-f", "ics", "--tz", "UTC"],
        ["plan", "--start", "2026-12-01", "--start-dose", "1" + "0" * 30],
        ["plan", "--start", "2026-12-01", "--every", "1" + "0" * 5000 + "d"],
        ["plan", "--start", "2026-12-01", "-f", "ics", "--tz", "America"],
        ["plan", "--start", "2026-12-01", "--start-dose", "١.٥"],
        ["plan", "--start", "2026-12-01", "--start-dose", "１.５"],
        ["plan", "--start", "2026-12-01", "--target", ""],
        ["plan", "--start", "2026-12-01", "-o", ""],
        ["compound", "--start", "2026-12-01", "--liquid", "1mg/mL", "--syringes", "nan:nan"],
        ["meds", "oxycodone \x1b[2J" + "x" * 5000],
    ],
)
def test_each_known_bad_input_is_one_line_and_exit_2(runner: CliRunner, argv: list[str]) -> None:
    line = _refused(runner.invoke(app, argv))
    assert len(line) < 420


def test_a_huge_source_date_epoch_is_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["plan", "-f", "ics", "--tz", "UTC"], env={"SOURCE_DATE_EPOCH": "9" * 30}
    )
    assert "SOURCE_DATE_EPOCH" in _refused(result)


def test_a_megabyte_of_medication_text_is_refused_or_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    """How fast is the benchmark's to say ("Hostile medication text"), not a timed test's."""
    meds = tmp_path / "meds.txt"
    meds.write_text(" ".join(["qwertzu"] * 150_000), encoding="utf-8")
    result = runner.invoke(app, ["plan", "--start", "2026-12-01", "--meds-file", str(meds)])
    assert result.exit_code in {1, 2}
    if result.exit_code == 2:
        _refused(result)
