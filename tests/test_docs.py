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


# ``ldn ...`` named in the README, then ``:`` and a text or JSON block: the output it shows.
SHOWN = re.compile(r"`(ldn [^`]+)`[^`\n]*(?:\n[^`\n]*)?:\n\n```(text|json)\n(.*?)```", re.DOTALL)
WIDTH = 100  # the README's terminal width


def _shown_outputs() -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in SHOWN.finditer(README)]


def _sub_values(value: object) -> list[object]:
    """``value`` and every value inside it, for a JSON excerpt to be found in."""
    found = [value]
    children = value.values() if isinstance(value, dict) else value
    if isinstance(value, dict | list):
        for child in children:
            found += _sub_values(child)
    return found


def test_the_readme_shows_outputs_to_check() -> None:
    assert len(_shown_outputs()) >= 15


@pytest.mark.parametrize(("command", "kind", "shown"), _shown_outputs(), ids=lambda v: v[:60])
def test_every_output_shown_in_the_readme_is_what_the_command_prints(
    command: str, kind: str, shown: str
) -> None:
    """A README excerpt is the real output, or an excerpt of it in order (lines cut at the
    README's width or marked cut with "…"; a JSON excerpt is a value inside the output, or
    the start of a list)."""
    import json
    import os
    import shlex
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "COLUMNS": str(WIDTH), "NO_COLOR": "1", "TZ": "UTC"}
    env.pop("FORCE_COLOR", None)
    arguments = [sys.executable, "-m", "ldn_cli", *shlex.split(command)[1:]]
    done = subprocess.run(arguments, capture_output=True, text=True, env=env, cwd=root)
    printed = done.stdout if done.returncode != 2 else done.stderr
    if kind == "json":
        excerpt, output = json.loads(shown), json.loads(printed)
        inside = _sub_values(output)
        assert excerpt in inside or any(
            isinstance(value, list) and value[: len(excerpt)] == excerpt for value in inside
        ), command
        return
    if shown == printed:
        return
    lines = iter(printed.splitlines())
    for line in (line for line in shown.splitlines() if line.strip()):
        cut = line.endswith("…") and line[:-1]  # a line the README cuts short, marked so
        assert any(
            line in (full, full[:WIDTH]) or (cut and full.startswith(cut)) for full in lines
        ), (command, line)


def test_every_source_key_is_listed_in_the_readme() -> None:
    from ldn_cli.evidence import SOURCES

    section = README.split("## Sources", 1)[1].split("\n## ", 1)[0]
    for key, source in SOURCES.items():
        assert f"| `{key}` |" in section, key
        row = section.split(f"| `{key}` |", 1)[1].split("\n", 1)[0]
        assert ("(unconfirmed)" in row) is (not source.confirmed), key


def test_every_option_the_readme_names_exists() -> None:
    """The reverse of the check above: the README names no option the tool does not have."""

    def options_of(command: object) -> set[str]:
        found = {o for p in command.params for o in p.opts if o.startswith("--")}  # type: ignore[attr-defined]
        for sub in getattr(command, "commands", {}).values():
            found |= options_of(sub)
        return found

    named = set(re.findall(r"`(--[a-z][a-z0-9-]*)", README))
    assert named - options_of(ROOT) - {"--help"} == set()
