"""The shape of the code: the core owns every rule and imports no door, the commands are thin,
no function is too tangled, and each option is defined once."""

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_rank, cc_visit

PACKAGE = Path(__file__).resolve().parent.parent / "ldn_cli"
SOURCES = sorted(PACKAGE.rglob("*.py"))
CORE = [path for path in SOURCES if path.parent == PACKAGE and path.name != "__main__.py"]
#: The longest a command function may be: parse, call the core, render, exit code.
MAX_COMMAND_LINES = 60


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda path: path.name)
def test_the_core_imports_no_door_and_no_renderer(path: Path) -> None:
    doors = {m for m in imported_modules(path) if m.startswith(("ldn_cli.cli", "ldn_cli.render"))}
    assert not doors, f"{path.name} imports {sorted(doors)}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_function_is_graded_d_or_worse_by_radon(path: Path) -> None:
    blocks = cc_visit(path.read_text(encoding="utf-8"))
    tangled = [
        (block.name, block.complexity) for block in blocks if cc_rank(block.complexity) in "DEF"
    ]
    assert not tangled, f"{path.name}: {tangled}"


def command_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "command" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                found.append((f"{path.name}:{node.name}", node))
    return found


def test_there_are_commands_to_measure() -> None:
    assert len(command_functions()) >= 12


@pytest.mark.parametrize(("name", "node"), command_functions(), ids=lambda item: str(item)[:40])
def test_every_command_function_is_thin(name: str, node: ast.FunctionDef) -> None:
    length = (node.end_lineno or node.lineno) - node.lineno + 1
    assert length <= MAX_COMMAND_LINES, f"{name} is {length} lines"


def test_the_plan_options_are_defined_once() -> None:
    """Every ``ldn plan`` option comes from ``PlanRequest``: no command spells one again."""
    from ldn_cli.cli.params import flag_of
    from ldn_cli.spec import PlanRequest

    flags = {flag_of(PlanRequest, name) for name in PlanRequest.model_fields}
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        spelled = [flag for flag in flags if f'"{flag}"' in text]
        assert not spelled, f"{path.name} defines {spelled} again"


def test_adding_a_plan_option_is_one_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated options follow the model: every field is an option of ``ldn plan``."""
    import typer.main

    from ldn_cli.cli import app
    from ldn_cli.cli.params import flag_of
    from ldn_cli.spec import PlanRequest

    group = typer.main.get_command(app)
    options = {opt for param in group.commands["plan"].params for opt in param.opts}  # type: ignore[attr-defined]
    assert {flag_of(PlanRequest, name) for name in PlanRequest.model_fields} <= options


def test_importing_the_package_leaves_the_garbage_collector_as_it_was() -> None:
    """Start-up pauses the collector while modules load; a program importing ``ldn_cli``
    (on or off) gets its own setting back."""
    import subprocess
    import sys

    for before in ("gc.enable()", "gc.disable()"):
        code = f"import gc; {before}; import ldn_cli, ldn_cli.cli; print(gc.isenabled())"
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert shown == str(before == "gc.enable()")


def test_a_command_runs_with_the_garbage_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loading is done with the collector paused: a long batch collects its cycles."""
    import gc
    import sys

    from ldn_cli import cli

    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["ldn", "protocols"])
    monkeypatch.setattr(cli.signal, "signal", lambda *_: None)  # keep pytest's handlers
    monkeypatch.setattr(type(cli.typer_app), "__call__", lambda _: seen.append(gc.isenabled()))
    cli.main()
    assert seen == [True]
