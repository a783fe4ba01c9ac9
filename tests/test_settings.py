"""Clinic and pharmacy settings: precedence (option > environment > file > default), a bad
file is one line naming the file, line, key and allowed values, ``ldn config`` works, and a
settings file changes plan, compound, check, batch and the handout as documented."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ldn_cli
from ldn_cli.cli import app
from ldn_cli.errors import InputError
from ldn_cli.settings import (
    Settings,
    environment_name,
    keys,
    parse_settings,
    settings_from_environment,
    template_text,
)

STANDARD = ["plan", "--start", "2026-12-01", "--format", "json"]
CLINIC = """\
[plan]
protocol = "ldnrt-weekly"
dose_time = "morning"
opioid_free_days = 14

[pharmacy]
liquid = "1mg/mL"
bud = "30d"

[clinic]
name = "Northside Pain Clinic"
phone = "+44 20 7946 0000"
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def plan_json(
    runner: CliRunner, *args: str, env: dict[str, str] | None = None
) -> dict[str, object]:
    result = runner.invoke(app, [*args, *STANDARD], env=env)
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_a_setting_beats_the_built_in_default(runner: CliRunner, tmp_path: Path) -> None:
    data = plan_json(runner, "--config", write(tmp_path, CLINIC))
    assert data["protocol"]["name"] == "ldnrt-weekly"  # type: ignore[index]
    assert data["dose_time"] == "morning"
    keys_used = [item["key"] for item in data["settings"]]  # type: ignore[attr-defined]
    assert keys_used[:2] == ["plan.protocol", "plan.dose_time"]
    assert data["settings"][0]["origin"].endswith("settings.toml, line 2")  # type: ignore[index]


def test_the_environment_beats_the_file(runner: CliRunner, tmp_path: Path) -> None:
    env = {"LDN_PLAN_PROTOCOL": "norland-weekly"}
    data = plan_json(runner, "--config", write(tmp_path, CLINIC), env=env)
    assert data["protocol"]["name"] == "norland-weekly"  # type: ignore[index]
    assert data["settings"][0] == {  # type: ignore[index]
        "key": "plan.protocol",
        "value": "norland-weekly",
        "origin": "environment LDN_PLAN_PROTOCOL",
    }


def test_an_option_beats_the_environment_and_the_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["--config", write(tmp_path, CLINIC), *STANDARD, "--protocol", "standard"],
        env={"LDN_PLAN_PROTOCOL": "norland-weekly"},
    )
    data = json.loads(result.stdout)
    assert data["protocol"]["name"] == "standard"
    assert "plan.protocol" not in [item["key"] for item in data["settings"]]


def test_an_option_of_the_same_group_sets_a_setting_aside(
    runner: CliRunner, tmp_path: Path
) -> None:
    argv = ["--config", write(tmp_path, CLINIC), *STANDARD, "--capsules", "0.5,1"]
    data = json.loads(runner.invoke(app, argv).stdout)
    assert data["preparation"]["formulation"]["kind"] == "capsules"


def test_no_config_reads_no_file_but_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    env = {"LDN_CONFIG": write(tmp_path, CLINIC), "LDN_PLAN_DOSE_TIME": "21:30"}
    data = plan_json(runner, "--no-config", env=env)
    assert data["protocol"]["name"] == "standard"  # type: ignore[index]
    assert data["dose_time"] == "21:30"


def test_ldn_config_names_the_file(runner: CliRunner, tmp_path: Path) -> None:
    data = plan_json(runner, env={"LDN_CONFIG": write(tmp_path, CLINIC)})
    assert data["protocol"]["name"] == "ldnrt-weekly"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[plan\n", "not valid TOML"),
        (
            '[plan]\nprotocl = "standard"\n',
            "line 2: unknown key 'protocl' in [plan]; did you mean protocol?",
        ),
        ('[plans]\nprotocol = "standard"\n', "line 1: unknown section [plans]; did you mean plan?"),
        (
            '[plan]\nopioid_free_days = "30d"\n',
            "line 2: [plan] opioid_free_days: opioid-free days '30d' is 30 days; "
            "allowed: 7–14 days",
        ),
        (
            '[pharmacy]\nbud = "400d"\n',
            "line 2: [pharmacy] bud: beyond-use date '400d' is 400 days; allowed: 1–365 days",
        ),
        ("[plan]\nprotocol = 5\n", "line 2: [plan] protocol: expected text in quotes"),
        ('[plan]\ndose_time = "qhs"\n', "[plan] dose_time: dose time 'qhs' is not valid"),
        ('protocol = "standard"\n', "line 1: 'protocol' is outside a section"),
        ('[clinic]\nphone = ""\n', "[clinic] phone is empty"),
        ('[pharmacy]\nmax_error = "90"\n', "allowed: 0–50"),
    ],
)
def test_a_bad_file_is_one_line_naming_file_line_key_and_allowed_values(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    result = runner.invoke(app, ["--config", path, *STANDARD])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "settings.toml" in result.stderr


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ('[plan]\nopioid_free_days = "5d"\n', "allowed: 7–14 days"),
        ('[plan]\nvisit_slack = "30d"\n', "1–15 days"),
        ('[plan]\nfollow_up_window = "7-35"\n', "14–28 days"),
        ('[pharmacy]\nmax_error = "60"\n', "allowed: 0–50"),
        ('[pharmacy]\ncapsules = "0.5,5"\n', "0.1–4.5 mg"),
    ],
)
def test_a_setting_can_never_widen_a_clinical_bound(text: str, allowed: str) -> None:
    with pytest.raises(InputError, match=allowed):
        parse_settings(text, name="settings.toml")


def test_every_key_is_checked_by_the_parser_behind_its_option() -> None:
    for key in keys():
        with pytest.raises(InputError, match=f"line 2: \\[{key.section}\\] {key.name}"):
            # TOML escapes: an Arabic-Indic digit and a control character
            parse_settings(f'[{key.section}]\n{key.name} = "\\u0661\\u0002"\n', name="s.toml")


def test_config_init_writes_every_key_and_never_overwrites(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "settings.toml"
    assert runner.invoke(app, ["config", "init", "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text == template_text()
    for key in keys():
        assert f"# {key.name} = " in text
    parse_settings(text.replace("# protocol =", "protocol ="), name="settings.toml")
    again = runner.invoke(app, ["config", "init", "-o", str(target)])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.stderr
    assert runner.invoke(app, ["config", "init", "-o", str(target), "--force"]).exit_code == 0


def test_config_show_says_where_each_value_comes_from(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["--config", write(tmp_path, CLINIC), "config", "show", "--format", "json"],
        env={"LDN_PLAN_DOSE_TIME": "21:30"},
    )
    rows = {row["key"]: row for row in json.loads(result.stdout)}
    assert rows["plan.protocol"]["origin"].endswith("settings.toml, line 2")
    assert rows["plan.dose_time"] == {
        **rows["plan.dose_time"],
        "value": "21:30",
        "origin": "environment LDN_PLAN_DOSE_TIME",
    }
    assert rows["plan.visit_slack"]["origin"] == "built-in default"


def test_config_path_says_whether_a_file_is_there(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "none.toml")
    result = runner.invoke(app, ["config", "path"], env={"LDN_CONFIG": missing})
    assert result.stdout.startswith(f"settings file: {missing} (LDN_CONFIG): not there")
    assert "--no-config" in runner.invoke(app, ["--no-config", "config", "path"]).stdout


def test_settings_change_compound_and_check(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, CLINIC)
    compound = runner.invoke(
        app, ["--config", path, "compound", "--start", "2026-12-01", "-f", "json"]
    )
    assert compound.exit_code == 0, compound.stderr
    preparation = json.loads(compound.stdout)["preparation"]
    assert preparation["bud_days"] == 30
    assert preparation["formulation"]["concentration_mg_per_ml"] == 1
    csv_plan = tmp_path / "plan.csv"
    csv_plan.write_text("start,end,dose_mg\n2026-12-01,2026-12-30,1.5\n", encoding="utf-8")
    check = runner.invoke(app, ["--config", path, "check", str(csv_plan), "--dispensed", "20mL"])
    assert check.exit_code == 1  # 30 days of 1.5 mL need 45 mL: the liquid came from settings
    assert "LDN151" in check.stdout


def test_settings_reach_the_handout(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--config", write(tmp_path, CLINIC), "plan", "--start", "2026-12-01", "-f", "html"]
    )
    assert "Northside Pain Clinic" in result.stdout
    assert "+44 20 7946 0000" in result.stdout


def test_batch_rows_and_the_api_take_the_same_settings(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, CLINIC)
    settings = ldn_cli.load_settings(path)
    planned = ldn_cli.plan(start="2026-12-01", settings=settings)
    assert planned.protocol.name == "ldnrt-weekly"
    assert [item.key for item in planned.settings][:2] == ["plan.protocol", "plan.dose_time"]
    assert ldn_cli.plan(start="2026-12-01").protocol.name == "standard"  # no file unless asked
    result = runner.invoke(
        app, ["--config", path, "batch", "-"], input='{"id": 1, "start": "2026-12-01"}\n'
    )
    line = json.loads(result.stdout)
    assert line["plan"]["protocol"]["name"] == "ldnrt-weekly"


def test_environment_names_and_empty_values() -> None:
    assert environment_name("plan.dose_time") == "LDN_PLAN_DOSE_TIME"
    with pytest.raises(InputError, match="LDN_PLAN_PROTOCOL is empty"):
        settings_from_environment({"LDN_PLAN_PROTOCOL": " "})
    assert settings_from_environment({}) == Settings()


def test_the_door_looks_for_the_variables_the_core_reads() -> None:
    """Without a variable of the core's prefix and without a file, the settings code is not
    loaded at all (start-up); so the door's prefix must be the core's."""
    from ldn_cli.cli.settings_file import VARIABLE_PREFIX
    from ldn_cli.settings import ENV_PREFIX

    assert VARIABLE_PREFIX == ENV_PREFIX


def test_a_misspelt_setting_variable_is_an_error_not_ignored() -> None:
    with pytest.raises(
        InputError, match="LDN_PLAN_PROTOKOL is not a setting; did you mean LDN_PLAN_PROTOCOL"
    ):
        settings_from_environment({"LDN_PLAN_PROTOKOL": "standard"})
    # Variables outside the settings' sections are someone else's (LDN_CONFIG, a test's own).
    assert settings_from_environment({"LDN_CONFIG": "x", "LDN_REGEN_GOLDEN": "1"}) == Settings()


@pytest.mark.parametrize(
    "command",
    [
        ["compound", "--plan", "PLAN", "--liquid", "1mg/mL"],
        ["review", "--plan", "PLAN", "--template"],
        ["adjust", "--plan", "PLAN", "--on", "2026-12-20", "--missed-days", "2"],
    ],
)
def test_plan_settings_are_not_plan_options_beside_a_plan_file(command: list[str]) -> None:
    """A clinic's [plan] defaults fill what a request leaves unset; they are not options the
    user typed, so a plan file with them is not "a plan file and plan options"."""
    plan_file = str(Path(__file__).resolve().parent.parent / "examples" / "plan.json")
    command = [plan_file if word == "PLAN" else word for word in command]
    plain = CliRunner().invoke(app, ["--no-config", *command], env={"NO_COLOR": "1"})
    with_settings = CliRunner().invoke(
        app,
        ["--no-config", *command],
        env={"NO_COLOR": "1", "LDN_PLAN_PROTOCOL": "ldnrt-weekly", "LDN_PLAN_VISIT_SLACK": "5"},
    )
    assert plain.exit_code == 0, plain.stderr
    assert with_settings.exit_code == 0, with_settings.stderr
