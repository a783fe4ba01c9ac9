"""Golden tests: every example in ``examples/`` runs and matches its checked-in output.

An example is ``NAME.sh``: comment lines (one says ``# exit: N``) and one ``ldn ...`` command.
Its expected output (stdout then stderr) is ``NAME.out``. Regenerate after a deliberate change
with ``LDN_REGEN_GOLDEN=1 python -m pytest tests/test_examples.py``.
"""

import os
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldn_cli.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.sh"))


def parse_example(script: Path) -> tuple[list[str], int]:
    """The command's arguments (without ``ldn``) and its expected exit code."""
    lines = script.read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.startswith("ldn ")]
    exits = [line for line in lines if line.startswith("# exit:")]
    assert len(commands) == 1, f"{script.name}: exactly one 'ldn ...' line"
    assert len(exits) == 1, f"{script.name}: exactly one '# exit: N' line"
    return shlex.split(commands[0])[1:], int(exits[0].split(":")[1])


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_example_matches_golden_output(
    runner: CliRunner, script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)  # examples name their input files from the repo root
    args, expected_exit = parse_example(script)
    result = runner.invoke(app, args)
    assert result.exit_code == expected_exit, result.output
    golden = script.with_suffix(".out")
    if os.environ.get("LDN_REGEN_GOLDEN"):
        golden.write_text(result.stdout + result.stderr, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}; regenerate with LDN_REGEN_GOLDEN=1"
    assert result.stdout + result.stderr == golden.read_text(encoding="utf-8")
