"""Formulations: volumes and syringes, capsule mixes, fills within beyond-use dates."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.compounding import (
    CAPSULE_BUD_DAYS,
    LIQUID_BUD_DAYS,
    NotMakeable,
    NotMeasurable,
    Syringe,
    capsule_mix,
    compound,
    default_syringes,
    makes_exactly,
    measure,
    parse_concentration,
    parse_dispensed,
    parse_percent,
    parse_strengths,
    parse_syringes,
    suggest_concentration,
    tolerance_ml,
    with_preparation,
)
from ldn_cli.dose import format_mg
from ldn_cli.errors import InvalidDose, InvalidSpec
from ldn_cli.evidence import SOURCES
from ldn_cli.models import Capsules, Liquid, TitrationSpec
from ldn_cli.schedule import build_plan
from tests.strategies import doses, spec_of, specs

STANDARD = build_plan(spec_of())


def test_acceptance_liquid_volumes_for_the_standard_plan() -> None:
    preparation = compound(STANDARD, parse_concentration("1mg/mL"))
    assert [step.volume_ml for step in preparation.steps] == [
        Decimal("1.5"),
        Decimal("3"),
        Decimal("4.5"),
    ]
    assert all(step.error_pct == Decimal("5.0") for step in preparation.steps)
    assert preparation.bud_days == LIQUID_BUD_DAYS["aqueous"] == 14
    assert preparation.bud_source == "usp-795-bud"
    assert preparation.fills[0].quantity_ml == Decimal(21)  # 14 days of 1.5 mL


def test_acceptance_capsule_counts_for_the_standard_plan() -> None:
    preparation = compound(STANDARD, parse_strengths("1.5"))
    assert [step.capsules[0].count for step in preparation.steps if step.capsules] == [1, 2, 3]
    assert preparation.bud_days == CAPSULE_BUD_DAYS
    total = preparation.total_capsules
    assert total is not None
    assert total[0].count == 14 * 1 + 14 * 2 + 29 * 3


def test_acceptance_unmakeable_dose_names_the_nearest_makeable_doses() -> None:
    with pytest.raises(NotMakeable, match=r"nearest makeable doses: 1 mg") as raised:
        capsule_mix(Decimal("0.5"), [Decimal(1), Decimal(3)])
    assert "splitting is never proposed" in str(raised.value)
    with pytest.raises(NotMakeable, match=r"2 mg and 3 mg"):
        capsule_mix(Decimal("2.5"), [Decimal(1), Decimal(3)])


def test_iso_tolerance_follows_the_two_regimes() -> None:
    one_ml = Syringe(Decimal(1), Decimal("0.01"))
    assert tolerance_ml(Decimal("0.1"), one_ml) == Decimal("0.017")  # about 17% of 0.1 mL
    assert tolerance_ml(Decimal("0.5"), one_ml) == Decimal("0.025")  # 5% at half nominal


def test_small_liquid_doses_warn_and_suggest_a_weaker_liquid() -> None:
    plan = build_plan(
        spec_of(
            start_mg=Decimal("0.1"), step_mg=Decimal("0.1"), every_days=3, target_mg=Decimal("0.5")
        )
    )
    preparation = compound(plan, parse_concentration("1mg/mL"))
    assert preparation.steps[0].error_pct == Decimal("17.0")
    (warning,) = preparation.warnings
    assert warning.code == "measuring-error"
    assert "0.5 mg/mL" in warning.message
    assert warning.source in SOURCES
    assert not compound(plan, parse_concentration("0.5mg/mL")).warnings


def test_syringe_choice_prefers_one_that_measures_exactly() -> None:
    measured = measure(Decimal("4.5"), Decimal(1), default_syringes())
    assert (measured.syringe_ml, measured.graduation_ml) == (Decimal(5), Decimal("0.1"))
    coarse = (Syringe(Decimal(5), Decimal("0.2")),)
    rounded = measure(Decimal("4.5"), Decimal(1), coarse)
    assert rounded.volume_ml in {Decimal("4.4"), Decimal("4.6")}
    assert rounded.error_pct is not None
    assert rounded.error_pct > Decimal(5)


def test_unmeasurable_volumes() -> None:
    with pytest.raises(NotMeasurable, match="more than the largest syringe"):
        measure(Decimal("4.5"), Decimal("0.1"), default_syringes())
    with pytest.raises(NotMeasurable, match="below the smallest graduation"):
        measure(Decimal("0.1"), Decimal(100), default_syringes())


@given(specs(), st.sampled_from(["0.5", "1", "2", "5"]))
def test_volumes_times_concentration_equal_the_doses_within_a_graduation(
    spec: TitrationSpec, concentration: str
) -> None:
    plan = build_plan(spec)
    liquid = parse_concentration(f"{concentration}mg/mL")
    try:
        preparation = compound(plan, liquid)
    except NotMeasurable:
        return  # a dose below the smallest graduation at this strength: reported, not planned
    for step in preparation.steps:
        assert step.volume_ml is not None
        assert step.graduation_ml is not None
        assert step.syringe_ml is not None
        assert step.volume_ml <= step.syringe_ml
        difference = abs(step.volume_ml * liquid.concentration_mg_per_ml - step.dose_mg)
        assert difference <= step.graduation_ml * liquid.concentration_mg_per_ml / 2


@given(doses, st.lists(doses, min_size=1, max_size=4, unique=True))
def test_capsule_mixes_sum_exactly_or_name_neighbours(
    dose: Decimal, strengths: list[Decimal]
) -> None:
    try:
        mix = capsule_mix(dose, strengths)
    except NotMakeable as error:
        message = str(error)
        mix = []
    else:
        message = ""
    if not mix:
        assert "nearest makeable doses" in message
        return
    assert sum(item.strength_mg * item.count for item in mix) == dose
    assert all(item.strength_mg in strengths and item.count > 0 for item in mix)


def test_capsule_mix_uses_the_fewest_capsules() -> None:
    mix = capsule_mix(Decimal("4.5"), [Decimal("0.5"), Decimal("1.5"), Decimal("3")])
    assert [(item.strength_mg, item.count) for item in mix] == [
        (Decimal(3), 1),
        (Decimal("1.5"), 1),
    ]


@given(specs(), st.integers(min_value=1, max_value=60), st.booleans())
def test_fills_cover_the_plan_and_none_is_used_past_its_bud(
    spec: TitrationSpec, bud: int, liquid: bool
) -> None:
    plan = build_plan(spec)
    formulation: Liquid | Capsules = (
        parse_concentration("1mg/mL") if liquid else parse_strengths("0.1,0.5")
    )
    try:
        preparation = compound(plan, formulation, bud_days=bud)
    except (NotMeasurable, NotMakeable):
        return  # reported to the user as an error; nothing to dispense
    fills = preparation.fills
    assert fills[0].first_day == plan.start
    assert fills[-1].last_day == plan.end
    for earlier, later in zip(fills, fills[1:], strict=False):
        assert later.first_day == earlier.last_day + timedelta(days=1)
    for fill in fills:
        assert fill.last_day <= fill.use_by == fill.first_day + timedelta(days=bud - 1)
    assert sum(fill.days for fill in fills) == preparation.days_supply


def test_until_limits_the_quantity_and_overage_adds_to_liquids() -> None:
    short = compound(STANDARD, parse_concentration("1mg/mL"), until=date(2026, 12, 10))
    assert short.days_supply == 10
    assert short.total_ml == Decimal(15)
    more = compound(
        STANDARD, parse_concentration("1mg/mL"), until=date(2026, 12, 10), overage_pct=Decimal(10)
    )
    assert more.total_ml == Decimal("17")  # 16.5 mL rounded up to a whole mL
    with pytest.raises(InvalidSpec):
        compound(STANDARD, parse_concentration("1mg/mL"), until=date(2026, 11, 1))


def test_suggest_concentration_prefers_the_strongest_that_works() -> None:
    doses_ = [Decimal("0.1"), Decimal("0.2")]
    assert suggest_concentration(doses_, Decimal(1), default_syringes(), Decimal(10)) == Decimal(
        "0.5"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1mg/mL", Decimal(1)), ("5 mg/ml", Decimal(5)), ("0.5mg/1mL", Decimal("0.5"))],
)
def test_parse_concentration(text: str, expected: Decimal) -> None:
    assert parse_concentration(text).concentration_mg_per_ml == expected


@pytest.mark.parametrize("text", ["1mg", "0mg/mL", "1mg/L", "1.005mg/mL", "abc"])
def test_parse_concentration_rejects(text: str) -> None:
    with pytest.raises(InvalidSpec, match="MG/mL"):
        parse_concentration(text)


def test_parse_strengths_and_syringes_and_dispensed() -> None:
    assert parse_strengths("3,0.5,1.5").strengths_mg == [Decimal("0.5"), Decimal("1.5"), Decimal(3)]
    with pytest.raises(InvalidDose):
        parse_strengths("5")
    assert parse_syringes("1:0.01,3:0.1")[1] == Syringe(Decimal(3), Decimal("0.1"))
    for bad in ("1", "1:2", "a:b"):
        with pytest.raises(InvalidSpec):
            parse_syringes(bad)
    liquid = parse_concentration("1mg/mL")
    assert parse_dispensed("150 mL", liquid) == {"mL": Decimal(150)}
    capsules = parse_strengths("0.5,1.5")
    assert parse_dispensed("1.5:60,0.5:14", capsules) == {"1.5 mg": 60, "0.5 mg": 14}
    with pytest.raises(InvalidSpec):
        parse_dispensed("60", capsules)
    with pytest.raises(InvalidSpec):
        parse_dispensed("lots", liquid)


# --- a printed volume delivers the printed dose; storage; beyond-use dates; parsing ----------


def test_a_volume_no_stocked_syringe_measures_exactly_is_a_finding_with_the_difference() -> None:
    plan = build_plan(spec_of(start_mg=Decimal("1.25"), target_mg=Decimal("1.25")))
    preparation = compound(plan, parse_concentration("1mg/mL"))
    (step,) = preparation.steps
    assert (step.volume_ml, step.delivered_mg) == (Decimal("1.2"), Decimal("1.2"))
    (finding,) = [w for w in preparation.warnings if w.code == "inexact-volume"]
    assert finding.message.startswith(
        "step 1: 1.25 mL cannot be measured with the stocked syringes; nearest 1.2 mL = 1.2 mg, −4%"
    )
    assert finding.source in SOURCES


def test_a_finer_syringe_measures_the_dose_exactly_and_nothing_is_reported() -> None:
    plan = build_plan(spec_of(start_mg=Decimal("1.25"), target_mg=Decimal("1.25")))
    stocked = parse_syringes("1:0.01,3:0.05,5:0.1")
    preparation = compound(plan, parse_concentration("1mg/mL"), syringes=stocked)
    assert preparation.steps[0].volume_ml == Decimal("1.25")
    assert not [w for w in preparation.warnings if w.code == "inexact-volume"]


@given(doses, st.sampled_from(["0.1", "0.25", "0.5", "1", "2", "5", "10"]))
def test_printed_volume_times_concentration_is_the_dose_or_a_finding_says_the_difference(
    dose: Decimal, concentration: str
) -> None:
    plan = build_plan(spec_of(start_mg=dose, target_mg=dose))
    liquid = parse_concentration(f"{concentration}mg/mL")
    try:
        preparation = compound(plan, liquid)
    except NotMeasurable:
        return  # refused with a message naming the fix, so no volume is printed
    (step,) = preparation.steps
    assert step.volume_ml is not None
    delivered = step.volume_ml * liquid.concentration_mg_per_ml
    assert delivered == step.delivered_mg
    findings = [w.message for w in preparation.warnings if w.code == "inexact-volume"]
    if delivered == dose:
        assert not findings
    else:
        (message,) = findings
        difference = ((delivered - dose) / dose * 100).quantize(Decimal("0.1"))
        assert f"= {format_mg(delivered)}, " in message
        assert f"{abs(difference).normalize():f}%" in message


def test_a_measuring_error_above_the_limit_is_a_failing_finding() -> None:
    plan = build_plan(spec_of(start_mg=Decimal("0.1"), target_mg=Decimal("0.1")))
    preparation = compound(plan, parse_concentration("5mg/mL"))  # 0.02 mL
    (error,) = [w for w in preparation.warnings if w.code == "measuring-error"]
    assert error.severity == "error"
    assert with_preparation(plan, preparation).is_blocked()


def test_with_preparation_replaces_the_findings_of_an_earlier_preparation() -> None:
    plan = build_plan(spec_of(start_mg=Decimal("0.1"), target_mg=Decimal("0.1")))
    liquid = parse_concentration("5mg/mL")
    once = with_preparation(plan, compound(plan, liquid))
    twice = with_preparation(once, compound(once, liquid))
    assert twice.warnings == once.warnings


def test_the_pharmacys_own_bud_is_attributed_to_the_pharmacy() -> None:
    preparation = compound(STANDARD, parse_concentration("1mg/mL"), bud_days=30)
    assert preparation.bud_source == "pharmacy-bud" in SOURCES
    assert [note.source for note in preparation.bud_notes] == ["pharmacy-bud"]
    assert not [w for w in preparation.warnings if w.code == "bud-beyond-stability-data"]


def test_an_aqueous_liquid_bud_beyond_the_cited_stability_data_is_a_warning() -> None:
    preparation = compound(STANDARD, parse_concentration("1mg/mL"), bud_days=61)
    (warning,) = [w for w in preparation.warnings if w.code == "bud-beyond-stability-data"]
    assert warning.source == "fawcett-1997"
    assert "60 days at 4 °C (30 days at 25 °C)" in warning.message
    assert not compound(STANDARD, parse_concentration("1mg/mL"), bud_days=60).warnings


def test_the_non_aqueous_note_says_the_60_day_study_is_aqueous_and_shorter() -> None:
    liquid = parse_concentration("1mg/mL").model_copy(update={"base": "non-aqueous"})
    (note,) = compound(STANDARD, liquid).bud_notes
    assert "90 days" in note.text
    assert "study is of an aqueous 1 mg/mL solution, and shorter than this default" in note.text
    assert "may be longer" not in note.text


def test_aqueous_liquids_are_kept_cold_and_dark_and_capsules_avoid_calcium_carbonate() -> None:
    liquid = compound(STANDARD, parse_concentration("1mg/mL")).notes
    assert [(n.text, n.source) for n in liquid] == [
        ("Keep the liquid in the refrigerator, protected from light.", "ldnrt-types")
    ]
    capsules = compound(STANDARD, parse_strengths("1.5")).notes
    assert any("calcium carbonate" in n.text and n.source == "ldnrt-types" for n in capsules)
    assert any("protected from light" in n.text and n.source == "cote-2018" for n in capsules)
    for note in [*liquid, *capsules]:
        assert "--" not in note.text  # plain words: no options
        assert "[" not in note.text  # and no source keys


@pytest.mark.parametrize(
    ("parse", "what"),
    [
        (parse_syringes, "syringes is empty"),
        (parse_concentration, "liquid is empty"),
        (parse_strengths, "capsules is empty"),
        (lambda text: parse_percent(text, what="max error"), "max error is empty"),
        (lambda text: parse_dispensed(text, parse_strengths("1.5")), "dispensed is empty"),
    ],
)
def test_an_empty_value_is_an_error_saying_it_is_empty(parse: Any, what: str) -> None:
    for empty in ("", "  "):
        with pytest.raises(InvalidSpec, match=what):
            parse(empty)


@pytest.mark.parametrize(
    "text", ["nan:nan", "1:nan", "inf:0.1", "1e1:0.1", "１:0.01", "1:٠.٠١", "1:0", "500:1", ","]
)
def test_syringes_are_plain_ascii_numbers_with_a_graduation_below_capacity(text: str) -> None:
    with pytest.raises(InvalidSpec, match="CAPACITY:GRADUATION"):
        parse_syringes(text)


@pytest.mark.parametrize("text", ["nan", "Infinity", "١٠", "１０", "1e1", "-1", "10 %%"])
def test_percentages_are_plain_ascii_numbers(text: str) -> None:
    with pytest.raises(InvalidSpec, match="not a percentage"):
        parse_percent(text, what="max error")


def test_unicode_digits_are_not_numbers_in_any_formulation_option() -> None:
    for text in ("١.٥mg/mL", "１mg/mL"):
        with pytest.raises(InvalidSpec):
            parse_concentration(text)
    for text in ("١.٥", "1.5,１"):
        with pytest.raises(InvalidSpec):
            parse_strengths(text)
    with pytest.raises(InvalidSpec):
        parse_dispensed("１５０mL", parse_concentration("1mg/mL"))
    with pytest.raises(InvalidSpec):
        parse_dispensed("６0", parse_strengths("1.5"))


def test_makes_exactly_follows_the_syringes_and_the_capsules() -> None:
    liquid = parse_concentration("1mg/mL")
    assert makes_exactly(Decimal("2.25"), liquid, parse_syringes("3:0.05"))
    assert not makes_exactly(Decimal("2.25"), liquid, parse_syringes("3:0.1"))
    assert makes_exactly(Decimal(3), parse_strengths("1.5"))
    assert not makes_exactly(Decimal("2.25"), parse_strengths("1.5"))


@pytest.mark.parametrize("base", ["aqueous", "preserved", "non-aqueous"])
@pytest.mark.parametrize("bud", [None, 30, 90, 365])
def test_every_source_key_a_preparation_prints_resolves_in_ldn_evidence(
    base: str, bud: int | None
) -> None:
    plan = build_plan(spec_of(start_mg=Decimal("0.1"), target_mg=Decimal("1.25")))
    liquid = parse_concentration("5mg/mL").model_copy(update={"base": base})
    for formulation in (liquid, parse_strengths("0.1,0.25,1")):
        preparation = compound(plan, formulation, bud_days=bud)
        keys = [preparation.bud_source]
        keys += [item.source for item in [*preparation.notes, *preparation.bud_notes]]
        keys += [warning.source for warning in preparation.warnings]
        assert all(key in SOURCES for key in keys), keys
