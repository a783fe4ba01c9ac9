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
    check_rows,
    is_failing,
    medication_findings,
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


def test_a_follow_up_reviews_a_change_only_when_its_whole_window_lies_14_to_28_days_after() -> None:
    data = json.loads(STANDARD_JSON)
    # Visit 1 (16 to 29 December) touches step 2's window (29 December to 12 January) on one
    # day only: booked on its suggested day it comes one day after step 2 began.
    data["checkpoints"] = data["checkpoints"][:1]
    findings = check_rows(parse_plan(json.dumps(data), name="plan.json"))
    assert [item.where for item in findings if item.code == "LDN131"] == ["step 2", "step 3"]


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
    found = medication_findings(
        match_medications(["Tylenol #3", "loperamide", "zorblax", "ibuprofen"])
    )
    assert [item.code for item in found] == ["LDN161", "LDN162", "LDN163"]
    assert not medication_findings(match_medications(["gabapentin"]))


def test_a_medication_finding_cites_the_source_of_the_advice_it_quotes() -> None:
    found = medication_findings(match_medications(["Sublocade 300 mg", "kratom", "Revia 50 mg"]))
    assert [(item.code, item.source) for item in found] == [
        ("LDN161", "long-acting-opioids"),
        ("LDN161", "kratom-opioid"),
        ("LDN162", "opioid-antagonists"),
    ]


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


# --- no silent reinterpretation (issue 11) ------------------------------------------------------


def refused(text: str) -> str:
    with pytest.raises(InputError) as raised:
        parse_plan(text, name="plan")
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_a_csv_row_with_more_cells_than_the_header_is_an_error_naming_the_row() -> None:
    message = refused("date,dose_mg\n2026-12-01,1.5\n2026-12-02,2,5\n")
    assert "line 3: 3 cells for 2 columns: a decimal comma? write 2.5" in message


def test_duplicate_csv_columns_are_an_error() -> None:
    assert "column 'dose_mg' appears twice" in refused("date,dose_mg,dose_mg\n2026-12-01,1,2\n")


def test_duplicate_json_keys_are_an_error() -> None:
    data = STANDARD_JSON.replace('"dose_mg":1.5', '"dose_mg":1.5,"dose_mg":4.5', 1)
    assert data != STANDARD_JSON
    assert "the key 'dose_mg' appears twice in one object" in refused(data)


def test_an_unterminated_quote_is_an_error_naming_the_line_it_opens_on() -> None:
    text = 'date,dose_mg\n2026-12-01,1.5\n2026-12-02,"1.5\n2026-12-03,1.5\n'
    assert "line 3: a quote opened on this line is never closed" in refused(text)


@pytest.mark.parametrize("dose", ["١.٥", "１.５", "1e0", "NaN", "Infinity", "1_5", "+1.5"])
def test_only_ascii_digits_are_doses(dose: str) -> None:
    assert "column 2 (dose_mg)" in refused(f"date,dose_mg\n2026-12-01,{dose}\n")
    data = json.loads(STANDARD_JSON)
    data["steps"][0]["dose_mg"] = dose
    assert "steps.0.dose_mg" in refused(json.dumps(data))


@pytest.mark.parametrize(
    "day", ["20261201", "2026W011", "2026-W01-1", "2026-12-01T00:00", "２０２６-12-01"]
)
def test_dates_are_read_exactly_as_ldn_plan_reads_iso_dates(day: str) -> None:
    assert "is not a date; use YYYY-MM-DD" in refused(f"date,dose_mg\n{day},1.5\n")
    data = json.loads(STANDARD_JSON)
    data["steps"][0]["start"] = day
    assert "steps.0.start" in refused(json.dumps(data))


def test_a_json_date_given_as_a_number_is_refused() -> None:
    data = json.loads(STANDARD_JSON)
    data["steps"][0]["start"] = 1764547200
    assert "steps.0.start" in refused(json.dumps(data))


def test_a_plan_with_no_steps_is_refused_never_passed() -> None:
    assert "steps: the plan has no steps" in refused('{"steps": []}')


def test_json_nested_beyond_reason_is_refused() -> None:
    assert "JSON nested deeper than 32 levels" in refused("[" * 100_000)


def test_trailing_zeros_in_the_plans_own_data_are_a_notation_finding() -> None:
    csv_findings = check_rows(parse_plan("date,dose_mg\n2026-12-01,1.50\n", name="p.csv"))
    (csv_zero,) = [f for f in csv_findings if f.code == "LDN105"]
    assert (csv_zero.where, csv_zero.message) == ("row 2", "'1.50': trailing zero: write 1.5")
    data = json.loads(STANDARD_JSON)
    data["steps"][1]["dose_mg"] = "3.0"
    json_findings = check_rows(parse_plan(json.dumps(data), name="p.json"))
    assert [(f.where, f.code) for f in json_findings if f.code == "LDN105"] == [
        ("step 2", "LDN105")
    ]
    assert is_failing(json_findings)
    for written in ("1.50 Mg", "1.50mG", "3.00 mg"):
        found = check_rows(parse_plan(f"date,dose_mg\n2026-12-01,{written}\n", name="p.csv"))
        assert "LDN105" in codes(found), written


def test_a_hold_row_that_ends_before_it_starts_is_reported_by_its_row_even_beside_another() -> None:
    """Adjacent hold rows are never merged before they are checked: an inverted one would
    vanish inside its neighbour."""
    text = (
        "start,end,dose_mg,no_ldn\n"
        "2026-12-01,2026-12-07,1.5,\n"
        "2026-12-08,2026-12-09,,held\n"
        "2026-12-09,2026-12-05,,held\n"
        "2026-12-10,2026-12-20,1.5,\n"
    )
    findings = check_rows(parse_plan(text, name="p.csv"))
    assert [(f.where, f.code) for f in findings if f.code == "LDN104"] == [("row 4", "LDN104")]


def test_a_hold_or_a_plan_that_ends_before_it_starts_is_a_finding() -> None:
    data = json.loads(STANDARD_JSON)
    data["holds"] = [{"start": "2027-01-05", "end": "2027-01-01"}]
    data["end"] = "2026-11-01"
    findings = check_rows(parse_plan(json.dumps(data), name="p.json"))
    assert {f.where for f in findings if f.code == "LDN104"} == {"hold 1", "plan"}


def test_an_empty_dose_cell_is_a_day_without_ldn_only_when_marked() -> None:
    marked = "date,dose_mg,no_ldn\n2026-12-01,1.5,\n2026-12-02,,missed\n2026-12-03,1.5,\n"
    assert "LDN122" not in rows_findings(marked)
    assert "empty; write the dose in mg" in refused("date,dose_mg\n2026-12-01,\n")
    assert "allowed: held, missed, or empty" in refused(
        "date,dose_mg,no_ldn\n2026-12-01,,skipped\n"
    )


def test_the_follow_up_column_of_a_csv_is_read() -> None:
    from datetime import UTC, datetime

    from ldn_cli.render import RenderOptions, render_plan

    options = RenderOptions(timezone="UTC", stamp=datetime(2026, 11, 26, tzinfo=UTC))
    text = render_plan(build_plan(spec_of()), "csv", options)
    findings = check_rows(parse_plan(text, name="plan.csv"))
    assert not {"LDN130", "LDN131"} & codes(findings)
    without_visits = text.replace("visit", "call")
    assert "LDN131" in codes(check_rows(parse_plan(without_visits, name="plan.csv")))


# --- directions against the plan and the concentration ------------------------------------------


def test_a_volume_in_the_directions_is_checked_as_the_dose_it_gives() -> None:
    plan = parse_plan(STANDARD_JSON, name="plan.json")
    strong = check_directions("Take 4.5 mL at bedtime", plan=plan, concentration=Decimal(5))
    assert {"LDN101", "LDN181"} <= codes(strong)
    assert any("22.5 mg" in f.message for f in strong if f.code == "LDN101")
    large = check_directions("Take 45 mL at bedtime", plan=plan, concentration=Decimal(1))
    assert any("45 mg" in f.message for f in large if f.code == "LDN101")
    right = check_directions("Take 4.5 mL at bedtime", plan=plan, concentration=Decimal(1))
    assert not right
    unknown = check_directions("Take 4.5 mL at bedtime", plan=plan)
    assert codes(unknown) == {"LDN182"}


def test_a_dose_in_the_directions_must_be_a_dose_of_the_plan() -> None:
    plan = parse_plan(STANDARD_JSON, name="plan.json")
    assert codes(check_directions("Take 2 mg at bedtime", plan=plan)) == {"LDN181"}
    assert not check_directions("Take 1.5 mg at bedtime, then 3 mg", plan=plan)


def test_a_decimal_comma_is_a_notation_error_not_a_dose_above_the_maximum() -> None:
    assert codes(check_directions("Take 1,5 mg at bedtime")) == {"LDN177"}


@pytest.mark.parametrize(
    ("code", "bad", "good"),
    [
        ("LDN178", "Take 1.5mg at bedtime", "Take 1.5 mg at bedtime"),
        ("LDN179", "Take 1.5 mg. at bedtime", "Take 1.5 mg at bedtime."),
        ("LDN180", "Take 500 mcg at bedtime", "Take 0.5 mg at bedtime"),
        ("LDN183", "Take ١.٥ mg at bedtime", "Take 1.5 mg at bedtime"),
        ("LDN183", "Take １.５ mg at bedtime", "Take 1.5 mg at bedtime"),
    ],
)
def test_notation_the_issue_names(code: str, bad: str, good: str) -> None:
    assert code in codes(check_directions(bad))
    assert code not in codes(check_directions(good))


def test_mcg_is_understood_as_a_thousandth_of_a_mg() -> None:
    plan = parse_plan(STANDARD_JSON, name="plan.json")
    findings = check_directions("Take 1500 mcg at bedtime", plan=plan)
    assert codes(findings) == {"LDN180"}  # 1.5 mg: a dose of the plan, in the wrong unit
    assert "is 1.5 mg" in findings[0].message
    assert "LDN101" in codes(check_directions("Take 5000 mcg at bedtime"))


def test_qod_means_every_other_day_never_daily() -> None:
    (found,) = check_directions("Take 1.5 mg QOD")
    assert found.code == "LDN174"
    assert "every other day" in found.message
    assert "'daily'" not in found.message
    (qd,) = check_directions("Take 1.5 mg QD")
    assert "write 'daily'" in qd.message


def test_empty_directions_are_an_error_not_a_pass() -> None:
    with pytest.raises(InputError, match="directions is empty"):
        check_directions("  ")


def test_a_liquid_dose_no_syringe_measures_exactly_is_a_finding() -> None:
    plan = parse_plan("date,dose_mg\n2026-12-01,1.25\n", name="p.csv")
    (found,) = check_formulation(plan, parse_concentration("1mg/mL"))
    assert found.code == "LDN145"
    assert "nearest 1.2 mL = 1.2 mg, −4%" in found.message


def test_a_measuring_error_above_the_limit_fails_the_check() -> None:
    plan = parse_plan("date,dose_mg\n2026-12-01,0.1\n", name="p.csv")
    findings = check_formulation(plan, parse_concentration("5mg/mL"))
    assert "LDN141" in codes(findings)
    assert is_failing(findings)
