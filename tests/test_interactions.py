"""Opioid conflicts: the curated table, matching real medication lines, and plan warnings."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.errors import InputError
from ldn_cli.evidence import SOURCES
from ldn_cli.interactions import (
    DEFAULT_OPIOID_FREE_DAYS,
    TIER_ORDER,
    MedicationIndex,
    check_medication,
    check_medications,
    conflict_warnings,
    edit_distance,
    is_blocking,
    load_table,
    normalise_words,
    opioid_free_days,
    washout_warning,
)
from ldn_cli.medtable import FUZZY_MAX_LENGTH, FUZZY_MIN_LENGTH

TABLE = load_table()
INDEX = MedicationIndex(TABLE)
INGREDIENTS = {ingredient.name: ingredient for ingredient in TABLE.ingredients}
FLAGGED = [i for i in TABLE.ingredients if i.tier not in ("no-conflict", "planned-ldn")]
NOT_FLAGGED = [
    "dextromethorphan",
    "noscapine",
    "lofexidine",
    "gabapentin",
    "pregabalin",
    "duloxetine",
    "amitriptyline",
    "nortriptyline",
    "ibuprofen",
    "naproxen",
    "celecoxib",
    "acetaminophen",
    "paracetamol",
]


def ingredients_of(text: str) -> dict[str, tuple[str, str]]:
    return {m.ingredient: (m.tier, m.certainty) for m in check_medication(text).matches}


# --- the data file -------------------------------------------------------------------------


def test_table_validates_and_every_entry_is_sourced() -> None:
    assert TABLE.version
    for ingredient in TABLE.ingredients:
        assert ingredient.source in SOURCES, ingredient.name
        for code in ingredient.atc:
            assert re.fullmatch(r"[A-Z]\d{2}[A-Z]{2}\d{2}", code), (ingredient.name, code)
        assert ingredient.brands_source in SOURCES, ingredient.name
        assert ingredient.advice_source is None or ingredient.advice_source in SOURCES
    for product in TABLE.products:
        assert product.source in SOURCES, product.names
        assert all(name in INGREDIENTS for name in product.ingredients), product.names
        for code in product.atc:
            assert re.fullmatch(r"[A-Z]\d{2}[A-Z]{2}\d{2}", code), (product.names, code)
    for tier in [*TABLE.tiers.values(), *TABLE.forms.values()]:
        assert tier.source in SOURCES
    assert list(TABLE.tiers) == list(TIER_ORDER)


def test_no_name_stands_for_two_things() -> None:
    owners: dict[tuple[str, ...], tuple[str, ...]] = {}
    names = [(n, (i.name,)) for i in TABLE.ingredients for n in [*i.generic_names(), *i.brands]]
    names += [(n, tuple(p.ingredients)) for p in TABLE.products for n in p.names]
    for name, what in names:
        key = normalise_words(name)
        assert owners.setdefault(key, what) == what, name
    assert len(INGREDIENTS) == len(TABLE.ingredients)


def test_every_indexed_misspelling_target_is_within_the_length_limit() -> None:
    INDEX.fuzzy_lookup("oxycodon")  # builds the index
    assert INDEX._fuzzy_targets
    assert all(len(name) <= FUZZY_MAX_LENGTH for name in INDEX._fuzzy_targets)
    assert all(entry.flags() for entry in INDEX._fuzzy_targets.values())


def test_every_flagging_name_is_a_misspelling_target() -> None:
    """A name that flags (an opioid, a PAMORA...) and is spelled with letters within the
    searched lengths is in the misspelling index: none is silently left out of it."""
    INDEX.fuzzy_lookup("oxycodon")  # builds the index
    expected = {
        "".join(words)
        for words, entry in INDEX.exact.items()
        if entry.flags()
        and "".join(words).isalpha()
        and FUZZY_MIN_LENGTH <= len("".join(words)) <= FUZZY_MAX_LENGTH
    }
    assert expected
    assert expected <= set(INDEX._fuzzy_targets)
    assert INDEX.fuzzy_lookup("oxycodne")  # and a close misspelling of one finds it


@pytest.mark.parametrize(
    "group",
    [
        "N02AA",
        "N02AB",
        "N02AC",
        "N02AD",
        "N02AE",
        "N02AF",
        "N02AG",
        "N02AJ",
        "N02AX",
        "N01AH",
        "N07BC",
        "R05DA",
        "A07DA",
    ],
)
def test_every_opioid_atc_group_is_covered(group: str) -> None:
    assert any(code.startswith(group) for i in TABLE.ingredients for code in i.atc)


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("buprenorphine", "contraindicated"),
        ("butorphanol", "contraindicated"),
        ("nalbuphine", "contraindicated"),
        ("pentazocine", "contraindicated"),
        ("methadone", "contraindicated"),
        ("fentanyl", "contraindicated"),
        ("loperamide", "caution"),
        ("eluxadoline", "caution"),
        ("diphenoxylate", "caution"),
        ("mitragynine", "contraindicated"),
        ("dipipanone", "contraindicated"),
        ("benzhydrocodone", "contraindicated"),
        ("methylnaltrexone", "pamora"),
        ("naloxegol", "pamora"),
        ("naldemedine", "pamora"),
        ("alvimopan", "pamora"),
        ("naloxone", "naloxone"),
        ("naltrexone", "duplicate"),
        ("nalmefene", "duplicate"),
        ("samidorphan", "duplicate"),
        ("low dose naltrexone", "planned-ldn"),
    ],
)
def test_tiers_follow_the_issue(name: str, tier: str) -> None:
    assert INGREDIENTS[name].tier == tier


@pytest.mark.parametrize(
    ("ingredient", "name"),
    [(i.name, name) for i in TABLE.ingredients for name in [*i.generic_names(), *i.brands]]
    + [
        (ingredient, name)
        for p in TABLE.products
        for name in p.names
        for ingredient in p.ingredients
    ],
)
def test_every_name_resolves_to_its_ingredients(ingredient: str, name: str) -> None:
    found = ingredients_of(name)
    expected_tier = INGREDIENTS[ingredient].tier
    if INGREDIENTS[ingredient].flag_only_alone and any(
        tier == "contraindicated" for tier, _ in found.values()
    ):
        assert ingredient not in found  # naloxone in Suboxone: the opioid is the finding
    elif INGREDIENTS[ingredient].low_dose_by_strength and name == ingredient:
        assert found[ingredient] == ("duplicate", "exact")  # no strength: full dose
    else:
        assert found.get(ingredient) == (expected_tier, "exact"), (name, found)


# --- matching real medication lines --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oxycodone HCl 5 mg ER tablet", {"oxycodone"}),
        ("tramadol 50mg", {"tramadol"}),
        ("MS Contin 30", {"morphine"}),
        ("Tylenol #3", {"codeine", "acetaminophen"}),
        ("Tylenol No. 3", {"codeine", "acetaminophen"}),
        ("TYLENOL#3", {"codeine", "acetaminophen"}),
        ("oxycodone/acetaminophen 5/325", {"oxycodone", "acetaminophen"}),
        ("APAP-codeine", {"codeine", "acetaminophen"}),
        ("hydrocodone bitartrate and acetaminophen", {"hydrocodone", "acetaminophen"}),
        ("codeine + ibuprofen", {"codeine", "ibuprofen"}),
        ("morphine with atropine", {"morphine", "atropine"}),
        ("Suboxone 8 mg/2 mg film", {"buprenorphine"}),
        ("buprenorphine/naloxone", {"buprenorphine"}),
        ("Targin 10/5", {"oxycodone"}),  # naloxone: the opioid is the finding
        ("Percocet 5/325", {"oxycodone", "acetaminophen"}),
        ("fentanyl 25 mcg/hr patch", {"fentanyl"}),
        ("oxycodone 5 mg po q6h prn pain", {"oxycodone"}),
        ("Tylenol 500 mg", {"acetaminophen"}),
        ("naloxone 4 mg nasal spray", {"naloxone"}),
    ],
)
def test_medication_lines(text: str, expected: set[str]) -> None:
    check = check_medication(text)
    assert set(ingredients_of(text)) == expected
    assert check.unrecognised == ()


@pytest.mark.parametrize(
    ("text", "ingredient"),
    [
        ("oxycodon", "oxycodone"),
        ("tramadal", "tramadol"),
        ("hydrocodon 10 mg", "hydrocodone"),
        ("Percoset", "oxycodone"),
        ("Dilaudd", "hydromorphone"),
    ],
)
def test_misspellings_are_possible_matches_never_ignored(text: str, ingredient: str) -> None:
    check = check_medication(text)
    assert ingredients_of(text)[ingredient] == ("contraindicated", "possible")
    assert check.verdict == "contraindicated"
    assert is_blocking([check])


def test_unknown_names_are_listed_as_unrecognised() -> None:
    check = check_medication("metformin 500 mg bid")
    assert check.verdict == "unrecognised"
    assert check.unrecognised == ("metformin",)
    mixed = check_medication("oxycodone with zorblax")
    assert mixed.unrecognised == ("zorblax",)
    assert mixed.verdict == "contraindicated"
    harmless = check_medication("gabapentin with zorblax")
    assert harmless.unrecognised == ("zorblax",)
    assert harmless.verdict == "unrecognised"  # never "no conflict" with a word unchecked


@pytest.mark.parametrize("name", NOT_FLAGGED)
def test_not_flagged(name: str) -> None:
    check = check_medication(name)
    assert check.verdict == "no-conflict"
    assert not is_blocking([check])


def test_naloxone_alone_asks_about_opioid_use_but_not_inside_an_opioid_combination() -> None:
    assert check_medication("naloxone").verdict == "naloxone"
    assert "naloxone" not in ingredients_of("oxycodone/naloxone")


_STRENGTHS = st.sampled_from(["", " 5 mg", " 10mg", " 0.5 mg", " 25 mcg/hr", " 5/325", " 30"])
_SALTS = st.sampled_from(["", " HCl", " hydrochloride", " sulfate", " bitartrate"])
_FORMS = st.sampled_from(["", " tablet", " ER tab", " SR capsule", " oral solution", " patch"])
_PARTNERS = st.sampled_from(
    ["", "/acetaminophen", " + ibuprofen", " and aspirin", "-APAP", " with caffeine"]
)


def _recase(text: str, data: st.DataObject) -> str:
    return "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in text)


@given(
    st.sampled_from(
        [
            (item.name, entry.display)
            for entry in INDEX.exact.values()
            for item in entry.ingredients
            if item in FLAGGED
            and not item.low_dose_by_strength
            and not (item.flag_only_alone and len(entry.ingredients) > 1)
        ]
    ),
    _SALTS,
    _STRENGTHS,
    _FORMS,
    _PARTNERS,
    st.data(),
)
def test_decorated_opioid_names_are_flagged_with_their_tier(
    entry: tuple[str, str],
    salt: str,
    strength: str,
    form: str,
    partner: str,
    data: st.DataObject,
) -> None:
    ingredient, name = entry
    text = _recase(f"{name}{salt}{strength}{form}{partner}", data)
    found = ingredients_of(text)
    assert found.get(ingredient) == (INGREDIENTS[ingredient].tier, "exact"), (text, found)


#: One strength per named ingredient: "5/325" after a single-ingredient name hides a second
#: ingredient (test_meds_issue10), so it is not a harmless decoration.
_ONE_STRENGTH = st.sampled_from(["", " 5 mg", " 10mg", " 0.5 mg", " 25 mcg/hr", " 30"])


@given(st.sampled_from(NOT_FLAGGED), _SALTS, _ONE_STRENGTH, _FORMS, _PARTNERS, st.data())
def test_decorated_non_opioids_are_not_flagged(
    name: str, salt: str, strength: str, form: str, partner: str, data: st.DataObject
) -> None:
    text = _recase(f"{name}{salt}{strength}{form}{partner}", data)
    check = check_medication(text)
    assert check.verdict == "no-conflict", (text, check)


def test_index_is_built_once_and_results_are_reused() -> None:
    index = MedicationIndex(TABLE)
    first = check_medication("Percocet 5/325", index)
    again = check_medication("PERCOCET 5/325", index)
    assert again.matches == first.matches
    assert again.input == "PERCOCET 5/325"


def test_edit_distance() -> None:
    assert edit_distance("tramadal", "tramadol", 2) == 1
    assert edit_distance("oxycodno", "oxycodon", 2) == 1  # a transposition counts once
    assert edit_distance("abc", "abcdef", 2) == 3


# --- warnings and the opioid-free interval --------------------------------------------------


def test_conflict_warnings_carry_code_severity_input_matched_and_source() -> None:
    checks = check_medications(["Tylenol #3", "loperamide", "tramadal", "zorblax", "ibuprofen"])
    warnings = conflict_warnings(checks)
    assert [(w.code, w.severity, w.input, w.matched) for w in warnings] == [
        ("opioid-contraindicated", "contraindicated", "Tylenol #3", "codeine"),
        ("opioid-caution", "caution", "loperamide", "loperamide"),
        ("possible-opioid-contraindicated", "contraindicated", "tramadal", "tramadol"),
        ("medication-unrecognised", "unchecked", "zorblax", None),
    ]
    assert all(w.source in SOURCES for w in warnings)
    others = conflict_warnings(check_medications(["Relistor", "Narcan", "LDN 4.5 mg", "Revia"]))
    assert [(w.code, w.severity) for w in others] == [
        ("opioid-pamora", "caution"),
        ("opioid-naloxone", "caution"),
        ("ldn-planned", "info"),
        ("opioid-duplicate", "duplicate"),
    ]
    assert all(w.source in SOURCES for w in warnings)


def test_opioid_free_days_are_longer_after_methadone_or_buprenorphine() -> None:
    assert opioid_free_days([], DEFAULT_OPIOID_FREE_DAYS) == 10
    assert opioid_free_days(check_medications(["oxycodone"]), 7) == 7
    assert opioid_free_days(check_medications(["methadone 10 mg"]), 7) == 14
    assert opioid_free_days(check_medications(["Suboxone"]), 10) == 14


def test_washout_warning_blocks_an_early_start_and_never_moves_dates() -> None:
    early = washout_warning(start=date(2026, 12, 1), last_opioid_dose=date(2026, 11, 25), checks=[])
    assert early.severity == "contraindicated"
    assert "2026-12-05" in early.message  # the 10th opioid-free day, 26 November to 5 December
    assert "not moved" in early.message
    too_soon = washout_warning(
        start=date(2026, 12, 4), last_opioid_dose=date(2026, 11, 25), checks=[]
    )
    assert too_soon.severity == "contraindicated"
    fine = washout_warning(start=date(2026, 12, 5), last_opioid_dose=date(2026, 11, 25), checks=[])
    assert fine.severity == "info"
    methadone = washout_warning(
        start=date(2026, 12, 6),
        last_opioid_dose=date(2026, 11, 25),
        checks=check_medications(["methadone"]),
    )
    assert methadone.severity == "contraindicated"
    assert "2026-12-09" in methadone.message


# --- reading rules that keep the matcher fail safe ---------------------------------------------


def test_a_number_after_a_harmless_brand_is_reported_unless_a_unit_follows() -> None:
    assert check_medication("Atasol 8").unrecognised == ("atasol 8",)
    assert check_medication("Atasol 8").verdict == "unrecognised"
    assert check_medication("Panadol 500 mg").verdict == "no-conflict"
    assert check_medication("Percocet 5/325").verdict == "contraindicated"


def test_plus_joins_two_known_names_but_a_brand_suffix_plus_is_reported() -> None:
    assert check_medication("ibuprofen 200 mg plus paracetamol").verdict == "no-conflict"
    assert check_medication("Panadol Plus").unrecognised == ("plus",)
    assert check_medication("Nurofen Plus").verdict == "contraindicated"


@pytest.mark.parametrize("suffix", ["AC", "DAC", "Forte", "Compound", "Extra Strength", "#3"])
def test_a_suffix_after_a_harmless_name_is_never_absorbed(suffix: str) -> None:
    check = check_medication(f"Panadol {suffix}")
    assert check.verdict == "unrecognised"
    assert check.unrecognised


def test_accents_are_ignored_and_only_ascii_digits_are_numbers() -> None:
    assert check_medication("Codéine 30 mg").verdict == "contraindicated"
    arabic = check_medication("ibuprofen ٤٠٠")
    assert arabic.verdict == "unrecognised"  # not silently a strength


def test_a_bare_family_name_is_not_corrected_into_one_of_its_members() -> None:
    assert check_medication("Robitussin").verdict == "unrecognised"
    # DAC is not AC: a suffix is never corrected into another member's (fail safe: not checked)
    dac = check_medication("Robitussin DAC")
    assert (dac.verdict, dac.matches, dac.unrecognised) == ("unrecognised", (), ("robitussin dac",))


def test_depot_and_implant_waits_are_not_computed_and_patches_say_when() -> None:
    depot = washout_warning(
        start=date(2027, 6, 1),
        last_opioid_dose=date(2026, 11, 1),
        checks=check_medications(["Sublocade 300 mg"]),
    )
    assert (depot.code, depot.severity) == ("opioid-washout-not-computed", "contraindicated")
    patch = washout_warning(
        start=date(2026, 12, 20),
        last_opioid_dose=date(2026, 12, 1),
        checks=check_medications(["Butrans 10 mcg/hr patch"]),
    )
    assert patch.severity == "info"
    assert "the day it came off" in patch.message


def test_stopped_opioids_are_information_but_depots_stay_blocking() -> None:
    checks = check_medications(["tramadol 50 mg", "Probuphine implant"])
    warnings = conflict_warnings(checks, stopped_on=date(2026, 11, 20))
    assert [(w.code, w.severity) for w in warnings] == [
        ("opioid-stopped", "info"),
        ("opioid-contraindicated", "contraindicated"),
    ]


def test_opioid_free_days_outside_the_label_range_are_an_input_error() -> None:
    with pytest.raises(InputError, match="7–14"):
        opioid_free_days([], 3)
