"""The public Python API: what it exports, and that its docstring example holds."""

import doctest

import ldn_cli


def test_docstring_examples_pass() -> None:
    failures, attempted = doctest.testmod(ldn_cli)
    assert attempted > 0
    assert failures == 0


def test_all_names_are_exported() -> None:
    for name in ldn_cli.__all__:
        assert hasattr(ldn_cli, name), name


def test_api_example_runs_and_matches_its_output() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(root / "examples" / "api_example.py")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    golden = root / "examples" / "api_example.out"
    if os.environ.get("LDN_REGEN_GOLDEN"):
        golden.write_text(done.stdout, encoding="utf-8")
    assert done.stdout == golden.read_text(encoding="utf-8")


def test_plan_function_matches_the_cli_words() -> None:
    from datetime import date

    from ldn_cli import plan

    by_date = plan(start=date(2026, 12, 1))
    by_text = plan(start="1 Dec 2026")
    assert by_date == by_text
    tomorrow = plan(start="tomorrow", today=date(2026, 11, 30))
    assert tomorrow.start == date(2026, 12, 1)
    warned = plan(start="2026-12-01", meds=["Tylenol #3"], last_opioid_dose="2026-11-28")
    # the listed opioid stops on the last dose: information, while the early start blocks
    assert [w.code for w in warned.warnings] == ["opioid-washout", "opioid-stopped"]
    assert warned.is_blocked()


def test_lazy_exports_and_compound_plan_errors() -> None:
    import pytest

    import ldn_cli

    assert ldn_cli.SideEffects.__name__ == "SideEffects"
    with pytest.raises(AttributeError):
        _ = ldn_cli.NoSuchThing  # type: ignore[attr-defined]
    base = ldn_cli.plan(start="2026-12-01")
    with pytest.raises(ldn_cli.InvalidSpec):
        ldn_cli.compound_plan(base)
    capsules = ldn_cli.compound_plan(base, capsules="1.5")
    assert capsules.preparation is not None
