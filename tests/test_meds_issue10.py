"""Every example of issue 10 that the matcher owns, through the command line."""

import json

import pytest
from typer.testing import CliRunner

from ldn_cli.cli import app
from ldn_cli.interactions import MAX_LINE_CHARS


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
