"""Every example of issue 10 that the matcher owns, through the command line, and one test per
finding of the audit of the opioid check (named after the rule it states)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldn_cli import check as lint
from ldn_cli.cli import app
from ldn_cli.evidence import SOURCES
from ldn_cli.interactions import (
    MAX_LINE_CHARS,
    check_medication,
    check_medications,
    conflict_warnings,
    load_table,
    normalise_words,
)

PLAN_JSON = Path(__file__).resolve().parent.parent / "examples" / "plan.json"


def meds_json(runner: CliRunner, *names: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["meds", *names, "-f", "json"])
    return result.exit_code, json.loads(result.stdout)


def results(data: dict[str, object]) -> list[dict[str, object]]:
    rows = data["results"]
    assert isinstance(rows, list)
    return rows


def plan_json(runner: CliRunner, *args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["plan", "--start", "2026-12-01", *args, "-f", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_robitussin_ac_is_codeine_not_dextromethorphan(runner: CliRunner) -> None:
    code, data = meds_json(runner, "Robitussin AC 10 mL at bedtime")
    (row,) = results(data)
    assert code == 1
    assert row["verdict"] == "contraindicated"
    assert {m["ingredient"] for m in row["matches"]} == {"codeine", "guaifenesin"}
    code, plan = plan_json(runner, "--med", "Robitussin AC")
    assert code == 1
    assert any(w["matched"] == "codeine" for w in plan["warnings"])


def test_nucofed_is_not_ibuprofen_through_nurofen(runner: CliRunner) -> None:
    code, data = meds_json(runner, "Nucofed")
    (row,) = results(data)
    assert row["verdict"] == "unrecognised"
    assert row["matches"] == []
    assert code == 0


@pytest.mark.parametrize(
    ("name", "ingredient"),
    [
        ("Zaldiar", "tramadol"),
        ("Dolantin", "pethidine"),
        ("dipipanone", "dipipanone"),
        ("benzhydrocodone", "benzhydrocodone"),
    ],
)
def test_missing_opioids_are_now_contraindicated(
    runner: CliRunner, name: str, ingredient: str
) -> None:
    code, data = meds_json(runner, name)
    (row,) = results(data)
    assert code == 1
    assert any(
        m["ingredient"] == ingredient and m["tier"] == "contraindicated" for m in row["matches"]
    )


@pytest.mark.parametrize("name", ["methylnaltrexone", "naloxegol", "naldemedine", "alvimopan"])
def test_pamoras_ask_about_opioid_use_and_do_not_block(runner: CliRunner, name: str) -> None:
    code, data = meds_json(runner, name)
    (row,) = results(data)
    assert code == 0
    assert row["verdict"] == "pamora"
    assert "ask about opioid use" in row["matches"][0]["advice"]


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("Solpadeine Headache", "no-conflict"),
        ("Anadin Ultra", "no-conflict"),
        ("Feminax Ultra", "no-conflict"),
        ("Feminax Express", "no-conflict"),
        ("Solpadeine Plus", "contraindicated"),
        ("Solpadeine Max", "contraindicated"),
        ("Feminax Period Pain", "contraindicated"),
        ("Solpadeine", "unrecognised"),
        ("Anadin", "unrecognised"),
        ("Feminax", "unrecognised"),
    ],
)
def test_brand_families_are_listed_member_by_member(
    runner: CliRunner, name: str, verdict: str
) -> None:
    code, data = meds_json(runner, name)
    (row,) = results(data)
    assert row["verdict"] == verdict
    assert code == (1 if verdict == "contraindicated" else 0)
    assert all(m["certainty"] == "exact" for m in row["matches"])


def test_kratom_is_contraindicated_as_a_central_opioid_with_the_usual_wait(
    runner: CliRunner,
) -> None:
    code, data = meds_json(runner, "kratom")
    (match,) = results(data)[0]["matches"]
    assert code == 1
    assert match["tier"] == "contraindicated"
    assert "centrally acting" in match["advice"]
    assert "7–10 days" in match["advice"]
    assert match["advice_source"] == "kratom-opioid"
    code, plan = plan_json(runner, "--med", "kratom", "--last-opioid-dose", "2026-11-15")
    assert code == 0  # kratom stopped 16 days before the start: the usual wait has passed


@pytest.mark.parametrize(
    "name", ["Sublocade", "Brixadi", "Buvidal", "Probuphine", "buprenorphine depot injection"]
)
def test_depots_and_implants_are_never_cleared_by_a_last_dose(runner: CliRunner, name: str) -> None:
    code, plan = plan_json(runner, "--med", name, "--last-opioid-dose", "2026-01-01")
    assert code == 1
    washout, conflict = plan["warnings"]
    assert washout["code"] == "opioid-washout-not-computed"
    assert washout["severity"] == "contraindicated"
    assert "prescriber's own plan" in washout["message"]
    assert conflict["severity"] == "contraindicated"
    assert "12 months or longer" in conflict["message"] or "six-month" in conflict["message"]


def test_a_patch_says_the_last_dose_is_the_day_it_came_off(runner: CliRunner) -> None:
    code, data = meds_json(runner, "fentanyl 25 mcg/hr patch")
    (match,) = results(data)[0]["matches"]
    assert match["form"] == "patch"
    assert "the patch came off" in match["advice"]
    help_text = runner.invoke(app, ["plan", "--help"]).stdout
    assert "came off" in " ".join(help_text.split())


def test_narcan_asks_about_opioid_use_and_is_never_redundant(runner: CliRunner) -> None:
    code, data = meds_json(runner, "Narcan 4 mg nasal spray")
    (row,) = results(data)
    assert code == 0
    assert row["verdict"] == "naloxone"
    assert "ask about opioid use" in row["matches"][0]["advice"]
    assert "redundant" not in json.dumps(data)


def test_the_patients_own_ldn_is_the_planned_drug_not_a_duplicate(runner: CliRunner) -> None:
    code, plan = plan_json(runner, "--med", "LDN 1.5 mg at bedtime", "--med", "naltrexone 4.5 mg")
    assert code == 0
    assert [(w["code"], w["severity"]) for w in plan["warnings"]] == [
        ("ldn-planned", "info"),
        ("ldn-planned", "info"),
    ]
    code, plan = plan_json(runner, "--med", "naltrexone 50 mg")
    assert plan["warnings"][0]["code"] == "opioid-duplicate"


def test_a_stopping_opioid_with_a_safe_start_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--start",
            "2026-12-16",
            "--med",
            "tramadol 50 mg",
            "--last-opioid-dose",
            "2026-12-05",
            "-f",
            "json",
        ],
    )
    # 10 full opioid-free days (6 to 15 December), then LDN on the 16th (opioid_wait)
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert [w["severity"] for w in warnings] == ["info", "info"]
    assert "stops on 2026-12-05" in warnings[1]["message"]
    early = runner.invoke(
        app,
        [
            "plan",
            "--start",
            "2026-12-10",
            "--med",
            "tramadol 50 mg",
            "--last-opioid-dose",
            "2026-12-05",
        ],
    )
    assert early.exit_code == 1


def test_a_medication_line_past_the_limit_exits_2_naming_it(runner: CliRunner) -> None:
    words = " ".join(["abcdefg"] * 250)
    for args in (["meds", words], ["plan", "--start", "2026-12-01", "--med", words]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert str(MAX_LINE_CHARS) in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


# --- the audit of the opioid check: one test per finding ------------------------------------


def verdict_of(line: str) -> tuple[str, set[str]]:
    check = check_medication(line)
    return check.verdict, {match.ingredient for match in check.matches}


@pytest.mark.parametrize(
    "line", ["Tylenol No3", "TYLENOL NO3", "Tylenol no4", "Tylenol Nº3", "Tylenol N°3"]
)
def test_no_and_a_number_after_a_brand_name_its_member_never_a_quantity(line: str) -> None:
    assert verdict_of(line) == ("contraindicated", {"codeine", "acetaminophen"})
    assert "no" not in normalise_words("x30 tablets")  # a quantity "x30" is still a quantity


def test_a_fused_strength_after_a_harmless_brand_reads_like_a_spaced_one() -> None:
    # the table names "Atasol-30" (codeine): "30mg" after Atasol is that member, as "30 mg" is
    assert verdict_of("Atasol 30mg") == verdict_of("Atasol 30 mg")
    assert verdict_of("Atasol 30mg")[0] == "contraindicated"
    assert verdict_of("Tylenol 3mg")[0] == "contraindicated"
    assert verdict_of("Panadol 500mg") == ("no-conflict", {"acetaminophen"})


def test_a_plus_sign_is_read_as_plus_never_dropped() -> None:
    assert verdict_of("Nurofen+") == ("contraindicated", {"codeine", "ibuprofen"})
    panadol = check_medication("Panadol+")
    assert (panadol.verdict, panadol.unrecognised) == ("unrecognised", ("plus",))
    assert verdict_of("codeine + ibuprofen") == ("contraindicated", {"codeine", "ibuprofen"})


@pytest.mark.parametrize(
    "line",
    [
        "buprenorphine 300 mg monthly subcutaneous injection",
        "buprenorphine 100 mg SC monthly",
        "buprenorphine weekly injection 16 mg",
        "buprenorphine long-acting injection",
        "buprenorphine extended-release injection 100 mg",
        "buprenorphine 100 mg injection",
        "Buprenorfin depotinjektioneste 64 mg",
    ],
)
def test_any_long_acting_buprenorphine_injection_is_a_depot_never_cleared_by_a_date(
    runner: CliRunner, line: str
) -> None:
    (match,) = check_medication(line).matches
    assert (match.ingredient, match.form) == ("buprenorphine", "depot")
    code, plan = plan_json(runner, "--med", line, "--last-opioid-dose", "2026-01-01")
    assert code == 1
    assert [w["code"] for w in plan["warnings"]] == [
        "opioid-washout-not-computed",
        "opioid-contraindicated",
    ]


def test_a_buprenorphine_injection_given_iv_or_im_is_short_acting_with_the_usual_wait() -> None:
    (match,) = check_medication("buprenorphine 0.3 mg IM injection").matches
    assert match.form is None
    assert check_medication("buprenorphine 0.3 mg IM monthly injection").matches[0].form == "depot"


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("Paracetamol 500mg/30mg", "500 mg/30 mg"),
        ("Paracetamol 500/30", "500/30"),
        ("Ibuprofen 200mg/12.8mg", "200 mg/12.8 mg"),
        ("Tylenol 300mg/30mg", "300 mg/30 mg"),
        ("H/APAP 5/325", "5/325"),
        ("APAP 300-30 mg tablet", "300-30 mg"),
        ("acetaminophen 500/30 tablets", "500/30 tablets"),
        ("ibuprofen 12.8-30 mg", "12.8-30 mg"),
    ],
)
def test_a_second_strength_on_a_single_ingredient_name_means_an_unnamed_ingredient(
    runner: CliRunner, line: str, group: str
) -> None:
    check = check_medication(line)
    assert check.verdict == "unrecognised"
    assert f"{group}: 2 strengths, 1 named ingredient" in check.unrecognised
    code, data = meds_json(runner, line)
    assert code == 0
    assert results(data)[0]["verdict"] == "unrecognised"


@pytest.mark.parametrize(
    "line",
    [
        "Norco 5/325 1-2 tabs q6h prn",
        "Delsym 30 mg/5 mL",
        "gabapentin 300 mg TID, max 3600 mg daily",
        "paracetamol 500 mg 2 tabs four times a day",
        "ibuprofen 400 mg 1-2 tabs every 6-8 hours",
        "paracetamol 500 mg take 1-2 q6h prn",
        "Panadol Extra 500 mg/65 mg",
        "naltrexone 1 mg/mL oral solution 4.5 mL",
    ],
)
def test_doses_counts_volumes_ranges_and_named_combinations_are_not_second_strengths(
    line: str,
) -> None:
    check = check_medication(line)
    assert not any("strengths" in words for words in check.unrecognised), check


@pytest.mark.parametrize(
    "line",
    [
        "Tums Ultra Strength 1000",
        "Bengay Ultra Strength",
        "Gaviscon Ultra",
        "Ultra Strength Tylenol",
        "Tylenol Ultra Relief",
        "Ultra Chloraseptic",
        "Robitussin CF",
        "Tylenol Max",
    ],
)
def test_suffix_words_are_never_spell_corrected_into_a_drug(runner: CliRunner, line: str) -> None:
    check = check_medication(line)
    assert check.verdict == "unrecognised"
    assert all(match.certainty == "exact" for match in check.matches)
    code, plan = plan_json(runner, "--med", line)
    assert code == 0
    assert [w["code"] for w in plan["warnings"]] == ["medication-unrecognised"]


def test_a_misspelled_brand_keeps_its_own_suffix_to_be_a_possible_match() -> None:
    (codeine, *_) = check_medication("Solpadine Plus").matches
    assert (codeine.ingredient, codeine.certainty, codeine.near) == (
        "codeine",
        "possible",
        "Solpadeine Plus",
    )
    assert check_medication("Ultra").matches == ()  # "Ultram" is never proposed for "Ultra"


@pytest.mark.parametrize(
    ("line", "ingredient"),
    [
        ("Oxycodone depot 10 mg tablet", "oxycodone"),
        ("Dolcontin Depot 30 mg", "morphine"),
        ("Reltebon Depot 20 mg", "oxycodone"),
        ("Oxikodon Depot 5 mg", "oxycodone"),
    ],
)
def test_depot_on_an_oral_opioid_is_prolonged_release_with_the_usual_wait(
    runner: CliRunner, line: str, ingredient: str
) -> None:
    (match,) = check_medication(line).matches
    assert (match.ingredient, match.certainty, match.form) == (ingredient, "exact", None)
    assert "depot" not in match.advice  # the oral opioid's advice, not the buprenorphine depot's
    code, plan = plan_json(runner, "--med", line, "--last-opioid-dose", "2026-11-15")
    assert code == 0  # 16 days opioid-free: the usual wait has passed
    assert plan["warnings"][0]["code"] == "opioid-washout-ok"


@pytest.mark.parametrize(
    ("name", "ingredients", "source"),
    [
        ("Kodein 25 mg", {"codeine"}, "labels-nordic"),
        ("Kodeiini", {"codeine"}, "labels-nordic"),
        ("Morfin", {"morphine"}, "labels-nordic"),
        ("Oxikodon", {"oxycodone"}, "labels-nordic"),
        ("Oksykodon", {"oxycodone"}, "labels-nordic"),
        ("Buprenorfin 8 mg", {"buprenorphine"}, "labels-nordic"),
        ("Etylmorfin", {"ethylmorphine"}, "labels-nordic"),
        ("Kodimagnyl", {"codeine", "aspirin"}, "labels-nordic"),
        ("Pinex Comp", {"codeine", "acetaminophen"}, "labels-nordic"),
        ("Cocillana-Etyfin", {"ethylmorphine"}, "labels-nordic"),
        ("Lepheton", {"ethylmorphine"}, "labels-nordic"),
        ("Tradolan Retard 100 mg", {"tramadol"}, "labels-nordic"),
        ("Nobligan 50 mg", {"tramadol"}, "labels-nordic"),
        ("Contalgin 10 mg", {"morphine"}, "labels-nordic"),
        ("Doltard", {"morphine"}, "labels-nordic"),
        ("Depolan", {"morphine"}, "labels-nordic"),
        ("Oxygesic 10 mg", {"oxycodone"}, "labels-eu"),
        ("Codoliprane 500 mg/30 mg", {"codeine", "acetaminophen"}, "labels-eu"),
        ("Lamaline", {"opium", "acetaminophen", "caffeine"}, "labels-eu"),
        ("Prontalgine", {"codeine", "acetaminophen", "caffeine"}, "labels-eu"),
        ("Codipront", {"codeine"}, "labels-eu"),
        ("Paracodin 10 mg", {"dihydrocodeine"}, "labels-eu"),
        ("Gee's Linctus 5 mL", {"opium"}, "labels-uk-ie"),
        ("Marol 100 mg", {"tramadol"}, "labels-uk-ie"),
        ("Tradorec XL 200 mg", {"tramadol"}, "labels-uk-ie"),
        ("Butec 10 mcg/h", {"buprenorphine"}, "labels-uk-ie"),
        ("Hapoctasin 35 microgram/h", {"buprenorphine"}, "labels-uk-ie"),
        ("Codapane Forte", {"codeine", "acetaminophen"}, "labels-au-nz"),
        ("Aspalgin", {"codeine", "aspirin"}, "labels-au-nz"),
        ("Codis", {"codeine", "aspirin"}, "labels-au-nz"),
        ("Ordine 1 mg/mL", {"morphine"}, "labels-au-nz"),
        ("Durotram XR 200 mg", {"tramadol"}, "labels-au-nz"),
        ("Maxydol", {"codeine", "acetaminophen", "doxylamine"}, "labels-au-nz"),
        ("Dolased Forte", {"codeine", "acetaminophen", "doxylamine"}, "labels-au-nz"),
        ("Embeda 20 mg/0.8 mg", {"morphine"}, "labels-us"),
        ("Hycotuss 5 mL", {"hydrocodone", "guaifenesin"}, "labels-us"),
        ("Tussigon", {"hydrocodone", "homatropine"}, "labels-us"),
        ("RoxyBond 5 mg", {"oxycodone"}, "labels-us"),
    ],
)
def test_verified_products_of_every_market_are_recognised_with_their_label(
    name: str, ingredients: set[str], source: str
) -> None:
    check = check_medication(name)
    assert check.verdict == "contraindicated"
    assert {match.ingredient for match in check.matches} == ingredients
    assert all(match.certainty == "exact" and match.source == source for match in check.matches)


def test_a_product_not_verified_is_not_checked_never_guessed() -> None:
    for name in ("Nucofed", "Treo comp", "Robitussin DAC"):
        check = check_medication(name)
        assert (check.verdict, check.matches) == ("unrecognised", ()), name


def test_a_possible_match_names_the_right_ingredient_and_the_name_it_is_close_to() -> None:
    assert verdict_of("Paracodin") == ("contraindicated", {"dihydrocodeine"})
    (match,) = check_medication("Paracodine").matches
    assert (match.ingredient, match.certainty, match.near) == (
        "dihydrocodeine",
        "possible",
        "Paracodin",
    )
    (warning,) = conflict_warnings(check_medications(["Paracodine"]))
    assert "'paracodine' is close to 'Paracodin'" in warning.message


def test_check_findings_say_which_words_matched(runner: CliRunner) -> None:
    exact, possible = lint.medication_findings(check_medications(["Norco 5/325", "tramadal"]))
    assert "matched 'norco'" in exact.message
    assert "'tramadal' is close to 'tramadol'" in possible.message
    result = runner.invoke(
        app, ["check", str(PLAN_JSON), "--med", "Tylenol #3", "--format", "json"]
    )
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["where"]) == ("LDN161", "medication 'Tylenol #3'")
    assert "codeine (contraindicated; matched 'tylenol #3')" in finding["message"]


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("Naltrexone 4.5", "planned-ldn"),
        ("naltrexone 1,5", "planned-ldn"),
        ("LDN 3", "planned-ldn"),
        ("naltrexone 50", "duplicate"),
        ("LDN 50", "duplicate"),
        ("naltrexone 4.5 mL", "duplicate"),
        ("naltrexone 1.5 or 3", "duplicate"),
        ("naltrexone 1,000 mg", "duplicate"),
    ],
)
def test_a_unitless_number_after_naltrexone_is_mg_only_when_it_is_the_only_amount(
    line: str, verdict: str
) -> None:
    assert check_medication(line).verdict == verdict


def test_the_tylenol_family_note_says_canadian_no_3_has_caffeine() -> None:
    (tylenol,) = [p for p in load_table().products if "Tylenol #3" in p.names]
    assert "No. 3 also contain caffeine" in (tylenol.note or "")
    assert tylenol.source == "labels-ca"
    assert "Janssen" in SOURCES["labels-ca"].citation


@pytest.mark.parametrize(
    ("name", "source"),
    [("Transtec", "labels-uk-ie"), ("Tramacet", "labels-uk-ie"), ("Norspan", "labels-au-nz")],
)
def test_non_us_products_carry_the_key_of_the_label_checked(name: str, source: str) -> None:
    assert {match.source for match in check_medication(name).matches} == {source}
