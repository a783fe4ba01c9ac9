"""The plan linter: every rule fires when it should and stays quiet when it should not."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from ldn_cli.check import (
    RULES,
    Finding,
    check_directions,
    check_dispensed,
    check_formulation,
    check_medications,
    check_rows,
    is_failing,
    parse_plan,
    sort_findings,
)
from ldn_cli.compounding import parse_concentration, parse_dispensed, parse_strengths
from ldn_cli.errors import InputError
from ldn_cli.evidence import SOURCES
from ldn_cli.interactions import check_medications as match_medications
from ldn_cli.models import TitrationSpec
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of, specs

GOOD_CSV = "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n2026-12-15,2026-12-28,3\n"
STANDARD_JSON = build_plan(spec_of()).model_dump_json()


def codes(findings: list[Finding]) -> set[str]:
    return {item.code for item in findings}


def rows_findings(csv_text: str, **options: object) -> set[str]:
    return codes(check_rows(parse_plan(csv_text, name="plan.csv"), **options))  # type: ignore[arg-type]


def test_every_rule_is_sourced_and_documented_once() -> None:
    for code, (severity, what, source) in RULES.items():
        assert code.startswith("LDN")
        assert severity in {"error", "warning", "info"}
        assert what
        assert source in SOURCES, code


# --- rows: bounds, dates, increases, follow-ups ------------------------------------------------

ROW_CASES = [
    ("LDN101", "start,end,dose_mg\n2026-12-01,2026-12-14,5\n"),
    ("LDN102", "start,end,dose_mg\n2026-12-01,2026-12-14,0.05\n"),
    ("LDN103", "start,end,dose_mg\n2026-12-01,2026-12-14,1.255\n"),
    ("LDN104", "start,end,dose_mg\n2026-12-14,2026-12-01,1.5\n"),
    ("LDN111", "start,end,dose_mg\n2026-12-01,2026-12-14,1\n2026-12-15,2026-12-28,3\n"),
    ("LDN112", "start,end,dose_mg\n2026-12-01,2026-12-03,1.5\n2026-12-04,2026-12-28,3\n"),
    ("LDN113", "start,end,dose_mg\n2026-12-01,2026-12-14,3\n2026-12-15,2026-12-28,1.5\n"),
    ("LDN121", "start,end,dose_mg\n2026-12-01,2026-12-15,1.5\n2026-12-15,2026-12-28,3\n"),
    ("LDN122", "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n2026-12-17,2026-12-28,3\n"),
    ("LDN130", GOOD_CSV),
]


@pytest.mark.parametrize(("code", "text"), ROW_CASES)
def test_row_rule_fires(code: str, text: str) -> None:
    assert code in rows_findings(text)


@pytest.mark.parametrize("code", [code for code, _ in ROW_CASES if code != "LDN130"])
def test_row_rule_quiet_on_a_good_plan(code: str) -> None:
    assert code not in rows_findings(GOOD_CSV)
    assert code not in codes(check_rows(parse_plan(STANDARD_JSON, name="plan.json")))


def test_acceptance_csv_with_a_5_mg_row_and_a_two_day_gap() -> None:
    text = "start,end,dose_mg\n2026-12-01,2026-12-14,1.5\n2026-12-17,2026-12-30,5\n"
    findings = check_rows(parse_plan(text, name="plan.csv"))
    assert {"LDN101", "LDN122"} <= codes(findings)
    gap = next(item for item in findings if item.code == "LDN122")
    assert "2-day gap" in gap.message
    assert is_failing(findings)


def test_daily_csv_rows_and_gaps() -> None:
    days = "date,dose_mg\n" + "".join(f"2026-12-{d:02d},1.5\n" for d in (1, 2, 3, 5))
    assert "LDN122" in rows_findings(days)
    assert "LDN121" in rows_findings("date,dose_mg\n2026-12-01,1.5\n2026-12-01,1.5\n")


def test_options_change_the_increase_rules() -> None:
    steps = "start,end,dose_mg\n2026-12-01,2026-12-05,1\n2026-12-06,2026-12-28,3\n"
    assert {"LDN111", "LDN112"} <= rows_findings(steps)
    assert not {"LDN111", "LDN112"} & rows_findings(
        steps, max_step_mg=Decimal(2), min_interval_days=5
    )


def test_json_plan_follow_up_rule() -> None:
    data = json.loads(STANDARD_JSON)
    data["checkpoints"] = data["checkpoints"][:1]
    findings = check_rows(parse_plan(json.dumps(data), name="plan.json"))
    assert [item.where for item in findings if item.code == "LDN131"] == ["step 3"]


@settings(max_examples=60)
@given(specs())
def test_every_plan_the_planner_makes_has_no_error(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    findings = check_rows(parse_plan(plan.model_dump_json(), name="plan.json"))
    assert not is_failing(findings), findings
    assert "LDN131" not in codes(findings)


# --- formulation and quantity -------------------------------------------------------------------


def test_formulation_rules() -> None:
    small = parse_plan("start,end,dose_mg\n2026-12-01,2026-12-14,0.1\n", name="p.csv")
    assert codes(check_formulation(small, parse_concentration("1mg/mL"))) == {"LDN141"}
    assert not check_formulation(small, parse_concentration("0.5mg/mL"))
    assert codes(check_formulation(small, parse_concentration("100mg/mL"))) == {"LDN142"}
    good = parse_plan(GOOD_CSV, name="p.csv")
    assert codes(check_formulation(good, parse_strengths("1,3"))) == {"LDN143"}
    assert not check_formulation(good, parse_strengths("1.5"))


def test_dispensed_quantity_rules() -> None:
    plan = parse_plan(GOOD_CSV, name="p.csv")
    liquid = parse_concentration("1mg/mL")
    # the first 14 days (the aqueous BUD) need 14 x 1.5 mL = 21 mL
    assert codes(check_dispensed(plan, liquid, parse_dispensed("20mL", liquid))) == {"LDN151"}
    assert not check_dispensed(plan, liquid, parse_dispensed("21mL", liquid))
    assert codes(check_dispensed(plan, liquid, parse_dispensed("30mL", liquid))) == {"LDN152"}
    assert not check_dispensed(plan, liquid, parse_dispensed("63mL", liquid), bud_days=28)
    capsules = parse_strengths("1.5")
    assert not check_dispensed(plan, capsules, parse_dispensed("42", capsules))
    assert codes(check_dispensed(plan, capsules, parse_dispensed("40", capsules))) == {"LDN151"}


# --- medications and directions --------------------------------------------------------------


def test_medication_rules() -> None:
    found = check_medications(
        match_medications(["Tylenol #3", "loperamide", "zorblax", "ibuprofen"])
    )
    assert [item.code for item in found] == ["LDN161", "LDN162", "LDN163"]
    assert not check_medications(match_medications(["gabapentin"]))


@pytest.mark.parametrize(
    ("code", "bad", "good"),
    [
        ("LDN171", "Take 3.0 mg at bedtime", "Take 3 mg at bedtime"),
        ("LDN171", "Take 1.50 mg at bedtime", "Take 1.5 mg at bedtime"),
        ("LDN172", "Take .5 mg at bedtime", "Take 0.5 mg at bedtime"),
        ("LDN173", "Take 3 mg qhs", "Take 3 mg at bedtime"),
        ("LDN173", "Take 3 mg HS", "Take 3 mg nightly"),
        ("LDN174", "Take 3 mg QD", "Take 3 mg daily"),
        ("LDN175", "Take 500 µg daily", "Take 500 mcg daily"),
        ("LDN176", "Take 3 cc at bedtime", "Take 3 mL at bedtime"),
        ("LDN144", "Take half a capsule at bedtime", "Take 1 capsule at bedtime"),
        ("LDN101", "Take 6 mg at bedtime", "Take 4.5 mg at bedtime"),
    ],
)
def test_directions_rules(code: str, bad: str, good: str) -> None:
    assert code in codes(check_directions(bad))
    assert code not in codes(check_directions(good))


def test_acceptance_directions_trailing_zero_and_qhs() -> None:
    findings = check_directions("Take 3.0 mg qhs")
    assert codes(findings) == {"LDN171", "LDN173"}
    assert all(item.where.startswith("directions, column") for item in findings)


def test_sorting_and_strict() -> None:
    warning = Finding(code="LDN111", severity="warning", where="x", message="m", source="s")
    info = Finding(code="LDN130", severity="info", where="x", message="m", source="s")
    assert not is_failing([warning, info])
    assert is_failing([warning], strict=True)
    assert sort_findings([info, warning]) == [warning, info]


# --- unreadable input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ('{"steps": [', "line 1, column 12"),
        ("start,end\n2026-12-01,2026-12-02\n", "line 1: a header is required"),
        ("start,end,dose_mg\n01/12/2026,2026-12-02,1\n", "line 2, column 1 (start)"),
        ("start,end,dose_mg\n2026-12-01,2026-12-02,abc\n", "line 2, column 3 (dose_mg)"),
        ("start,end,dose_mg\n2026-12-01\n", "line 2, column 2 (end): missing"),
        ('{"steps": [{"index": 1}]}', "steps.0.start"),
        ("start,end,dose_mg\n", "no rows"),
    ],
)
def test_unreadable_plans_name_the_line_and_column(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_plan(text, name="plan")
