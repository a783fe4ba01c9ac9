"""The public Python API: what it exports, and that its docstring example holds."""

import doctest
from collections.abc import Callable

import pytest

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


def test_one_medication_string_is_one_medication_never_its_letters() -> None:
    from datetime import date

    planned = ldn_cli.plan(start="2026-12-01", meds="Norco 5/325", today=date(2026, 11, 26))
    assert [w.input for w in planned.warnings] == ["Norco 5/325"]
    assert planned.is_blocked()
    assert [check.input for check in ldn_cli.check_meds("Norco")] == ["Norco"]
    report = ldn_cli.check_plan("start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n", meds="Norco")
    assert [f.where for f in report.findings if f.code == "LDN161"] == ["medication 'Norco'"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start": 5}, "plan: start: 5: expected a date"),
        ({"meds": [1, 2]}, "plan: meds: expected a list of medication names"),
        ({"colour": "blue"}, "plan: colour: unknown field"),
        ({"start_dose": True}, "plan: start_dose: expected a number of mg"),
        ({"opioid_free_days": 0}, "opioid-free days '0d' is 0 days; allowed: 7–14 days"),
        ({"target": "5"}, "target 5 mg is out of range; allowed: 0.1–4.5 mg"),
        ({"every": 500}, "allowed: 1–84 days"),
    ],
)
def test_api_refuses_bad_values_with_the_cli_message(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ldn_cli.LdnError) as raised:
        ldn_cli.plan(**options)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_check_meds_refuses_what_is_not_medication_text() -> None:
    with pytest.raises(ldn_cli.LdnError, match="expected a list of medication names"):
        ldn_cli.check_meds(5)  # type: ignore[arg-type]


_STANDARD = {"start": "2026-12-01"}


def _plan() -> "ldn_cli.Plan":
    from datetime import date

    return ldn_cli.plan(start="2026-12-01", today=date(2026, 11, 26))


@pytest.mark.parametrize(
    ("call", "argv"),
    [
        (
            lambda: ldn_cli.plan(**_STANDARD, opioid_free_days="3"),
            ["plan", "--start", "2026-12-01", "--opioid-free-days", "3"],
        ),
        (
            lambda: ldn_cli.plan(**_STANDARD, every="85d"),
            ["plan", "--start", "2026-12-01", "--every", "85d"],
        ),
        (
            lambda: ldn_cli.compound_plan(_plan(), liquid="1mg/mL", bud="0"),
            ["compound", "--start", "2026-12-01", "--liquid", "1mg/mL", "--bud", "0"],
        ),
        (
            lambda: ldn_cli.compound_plan(_plan(), liquid="1mg/mL", overage="90"),
            ["compound", "--start", "2026-12-01", "--liquid", "1mg/mL", "--overage", "90"],
        ),
        (
            lambda: ldn_cli.compound_plan(_plan(), liquid="strong"),
            ["compound", "--start", "2026-12-01", "--liquid", "strong"],
        ),
        (
            lambda: ldn_cli.adjust_plan(
                _plan(), on="2026-12-10", surgery="2026-12-20", hold_hours=12
            ),
            [
                "adjust",
                "--plan",
                "examples/plan.json",
                "--on",
                "2026-12-10",
                "--surgery",
                "2026-12-20",
                "--hold-hours",
                "12",
            ],
        ),
        (
            lambda: ldn_cli.adjust_plan(_plan(), on="2026-12-10", missed_days="400"),
            [
                "adjust",
                "--plan",
                "examples/plan.json",
                "--on",
                "2026-12-10",
                "--missed-days",
                "400",
            ],
        ),
        (
            lambda: ldn_cli.adjust_plan(
                _plan(), on="2026-12-10", surgery="2026-12-20", opioid_free_days="30"
            ),
            [
                "adjust",
                "--plan",
                "examples/plan.json",
                "--on",
                "2026-12-10",
                "--surgery",
                "2026-12-20",
                "--opioid-free-days",
                "30",
            ],
        ),
        (
            lambda: ldn_cli.check_plan(
                "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n", min_interval="0d"
            ),
            ["check", "examples/pharmacy-plan-good.csv", "--min-interval", "0d"],
        ),
        (
            lambda: ldn_cli.check_plan(
                "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n", max_error="60", liquid="1mg/mL"
            ),
            ["check", "examples/pharmacy-plan-good.csv", "--liquid", "1mg/mL", "--max-error", "60"],
        ),
    ],
)
def test_every_api_function_refuses_what_the_cli_refuses_with_its_message(
    call: "Callable[[], object]", argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from ldn_cli.cli import app

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    with pytest.raises(ldn_cli.LdnError) as raised:
        call()
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"ldn: error: {raised.value}"


def test_api_functions_refuse_unknown_option_names() -> None:
    with pytest.raises(ldn_cli.LdnError, match="unknown option"):
        ldn_cli.compound_plan(_plan(), liquid="1mg/mL", colour="blue")
    with pytest.raises(ldn_cli.LdnError, match="unknown option"):
        ldn_cli.check_plan("start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n", speling=True)
