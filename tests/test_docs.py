"""Docs drift: every command and option in ``--help`` is in the README, and its code runs."""

import re
from pathlib import Path

import pytest
import typer.main

from ldn_cli.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ROOT = typer.main.get_command(app)
COMMANDS = sorted(ROOT.commands)  # type: ignore[attr-defined]


def test_commands_exist() -> None:
    assert {"plan", "protocols", "evidence"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name: str) -> None:
    command = ROOT.commands[name]  # type: ignore[attr-defined]
    assert command.help
    assert "Example: ldn " in command.help
    assert f"`ldn {name}`" in README
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in README, f"{name} {option} is not in README.md"


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "ldn plan" in commands[0]
    assert "pytest" in commands[1]


def test_readme_python_example_runs() -> None:
    block = README.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # runs our own README
    plan = namespace["plan"]
    assert [step.dose_mg for step in plan.steps] == [1.5, 3, 4.5]  # type: ignore[attr-defined]


def test_readme_example_output_is_the_real_output() -> None:
    golden = (Path(__file__).resolve().parent.parent / "examples" / "plan-standard.out").read_text(
        encoding="utf-8"
    )
    assert golden.rstrip("\n") in README


def test_every_check_rule_is_in_the_readme() -> None:
    from ldn_cli.check import RULES

    for code, (severity, _, source) in RULES.items():
        assert f"| `{code}` | {severity} |" in README, code
        assert f"`{source}`" in README


def test_ci_runs_the_quick_start_commands_as_written() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None
    ci_lines = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text().splitlines()
    for command in (line for line in block.group(1).splitlines() if line.strip()):
        assert command in ci_lines, command
