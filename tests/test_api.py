"""The public Python API: what it exports, and that its docstring example holds."""

import doctest

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
