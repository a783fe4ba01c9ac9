"""Doses: parsing, bounds and ISMP-safe formatting."""

import re
from decimal import Decimal

import pytest
from hypothesis import given

from ldn_cli.dose import check_dose, format_mg, json_number, parse_amount, parse_dose
from ldn_cli.errors import InvalidDose
from tests.strategies import doses

ISMP_SAFE_MG = re.compile(r"^(0|[1-9]\d*)(\.\d*[1-9])? mg$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", "1.5"), ("3.0", "3"), ("0.1mg", "0.1"), (" 4.5 MG ", "4.5"), ("0.25 mg", "0.25")],
)
def test_parse_dose_accepts_plain_numbers_with_optional_mg(text: str, expected: str) -> None:
    assert parse_dose(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5", "out of range"),
        ("0.05", "out of range"),
        ("0", "out of range"),
        ("1.255", "more than two decimals"),
        (".5", "leading zero"),
        ("1,5", "decimal point"),
        ("one", "not a number"),
        ("1.5 mcg", "not a number"),
        ("-1", "not a number"),
        ("", "not a number"),
    ],
)
def test_parse_dose_rejects_bad_doses_with_the_allowed_range(text: str, message: str) -> None:
    with pytest.raises(InvalidDose, match=message) as raised:
        parse_dose(text)
    assert "\n" not in str(raised.value)


def test_range_errors_name_the_allowed_range() -> None:
    with pytest.raises(InvalidDose, match=r"0\.1–4\.5 mg"):
        parse_dose("4.6")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("3.0", "3 mg"),
        ("0.50", "0.5 mg"),
        ("4.5", "4.5 mg"),
        ("1.25", "1.25 mg"),
        ("0.1", "0.1 mg"),
    ],
)
def test_format_mg_is_ismp_safe(value: str, text: str) -> None:
    assert format_mg(Decimal(value)) == text


@given(doses)
def test_every_dose_formats_ismp_safe_and_round_trips(dose: Decimal) -> None:
    text = format_mg(dose)
    assert ISMP_SAFE_MG.match(text), text
    assert parse_dose(text) == dose
    assert json_number(dose) == float(dose)
    assert str(json_number(dose)) in {format(dose.normalize(), "f"), format(dose, "f")}


def test_check_dose_refuses_off_grid_values() -> None:
    with pytest.raises(InvalidDose):
        check_dose(Decimal("1.001"))


def test_parse_amount_allows_amounts_outside_dose_bounds() -> None:
    assert parse_amount("0.05", what="step") == Decimal("0.05")


@pytest.mark.parametrize("text", ["5", "0", "0.005", "4.41"])
def test_a_step_out_of_range_names_the_step_range_not_the_dose_range(text: str) -> None:
    from ldn_cli.spec import parse_step

    with pytest.raises(InvalidDose, match="allowed: 0.01–4.4 mg with at most two decimals"):
        parse_step(text)
