"""``ldn review`` on the command line: exit codes, formats, the blank diary, and every bad
input as exit 2 with one line."""

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldn_cli.cli import app
from ldn_cli.schemas import schema
from tests.strategies import hostile_texts

ROOT = Path(__file__).resolve().parent.parent
PLAN = str(ROOT / "examples" / "plan.json")
RESPONDER = str(ROOT / "examples" / "review-responder.csv")
NON_RESPONDER = str(ROOT / "examples" / "review-non-responder.csv")
HEADER = "date,pain\n"
BASELINE = "".join(f"2026-11-{day},7\n" for day in range(24, 31))


def run(runner: CliRunner, *args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def refused(runner: CliRunner, *args: str, stdin: str | bytes | None = None) -> str:
    """The one error line of a refused review (exit 2, nothing on stdout)."""
    code, out, err = run(runner, *args, stdin=stdin)
    assert code == 2, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ldn: error: ")
    return lines[0].removeprefix("ldn: error: ")


def test_a_responder_is_reviewed_with_exit_0(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--plan", PLAN, "--diary", RESPONDER)
    assert code == 0
    assert "Reduction: 44.8%, moderate [immpact-2008]" in out
    assert "Within the realistic goal" in out
    assert "Pain 10 │" in out
    assert "▏1.5 mg" in out


def test_a_non_responder_at_12_weeks_exits_1(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--plan", PLAN, "--diary", NON_RESPONDER)
    assert code == 1
    assert "ACTION: Below the realistic goal" in out


def test_json_follows_the_published_schema(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--plan", PLAN, "--diary", NON_RESPONDER, "--format", "json")
    assert code == 1
    document = json.loads(out)
    jsonschema.validate(document, schema("review"))
    assert document["category"] == "none"
    assert [step["index"] for step in document["steps"]] == [1, 2, 3]
    assert {"code", "text", "source", "action"} == set(document["suggestions"][0])


def test_review_on_an_earlier_date_and_with_a_given_baseline(runner: CliRunner) -> None:
    code, out, _ = run(
        runner,
        "--plan",
        PLAN,
        "--diary",
        RESPONDER,
        "--on",
        "2027-01-12",
        "--baseline",
        "8",
        "-f",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert (data["on"], data["baseline_pain"], data["baseline_given"]) == ("2027-01-12", 8, True)


def test_the_plan_may_be_given_with_the_plan_options(runner: CliRunner) -> None:
    by_file = run(runner, "--plan", PLAN, "--diary", RESPONDER, "-f", "json")
    by_options = run(runner, "--start", "2026-12-01", "--diary", RESPONDER, "-f", "json")
    assert by_file == by_options


def test_the_diary_may_come_from_stdin(runner: CliRunner) -> None:
    text = Path(RESPONDER).read_text(encoding="utf-8")
    assert (
        run(runner, "--plan", PLAN, "--diary", "-", stdin=text)[:2]
        == run(runner, "--plan", PLAN, "--diary", RESPONDER)[:2]
    )


def test_output_goes_to_a_file_atomically(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "review.json"
    code, out, _ = run(
        runner, "--plan", PLAN, "--diary", RESPONDER, "-f", "json", "-o", str(target)
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["category"] == "moderate"
    assert "already exists" in refused(
        runner, "--plan", PLAN, "--diary", RESPONDER, "-o", str(target)
    )


def test_the_template_is_the_plans_blank_diary(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--template", "--plan", PLAN)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "date,dose,dose_taken,pain,sleep,side_effects,note"
    assert lines[1] == "2026-11-24,none,,,,,"
    assert lines[8] == "2026-12-01,1.5 mg,,,,,"
    assert lines[-1] == "2027-01-26,4.5 mg,,,,,"
    assert len(lines) == 1 + 7 + 57
    assert run(runner, "--template", "--start", "2026-12-01")[1] == out


def test_a_filled_in_template_is_reviewed(runner: CliRunner, tmp_path: Path) -> None:
    template = run(runner, "--template", "--plan", PLAN)[1].splitlines()
    filled = (
        [template[0]]
        + [
            line.replace(",,,,,", f",yes,{7 if number <= 7 else 4},,,")
            for number, line in enumerate(template[1:36], start=1)
        ]
        + template[36:]
    )
    diary = tmp_path / "diary.csv"
    diary.write_text("\n".join(filled) + "\n", encoding="utf-8")
    code, out, _ = run(runner, "--plan", PLAN, "--diary", str(diary), "-f", "json")
    data = json.loads(out)
    assert code == 0
    assert data["on"] == "2026-12-28"  # the last filled-in day, not the template's last row
    assert (data["baseline_pain"], data["current_pain"], data["reduction_pct"]) == (7, 4, 42.8)


@pytest.mark.parametrize(
    ("diary", "message"),
    [
        (HEADER + BASELINE + "2026-12-01,11\n", "line 9 (2026-12-01): pain '11' is outside 0–10"),
        (HEADER + BASELINE + "2026-11-30,5\n", "line 9: the date 2026-11-30 is given twice"),
        (HEADER + BASELINE + "2026-13-01,5\n", "line 9: date '2026-13-01' is not a real calendar"),
        (HEADER + BASELINE + "2026-12-01,6,5\n", "line 9: 3 cells for 2 columns: a decimal comma?"),
        ("date,pain,pain\n2026-12-01,5,5\n", "line 1: the column 'pain' is given twice"),
        (HEADER + "2020-01-01,5\n", "last recorded day, 2020-01-01, is before the plan starts"),
        (HEADER + '2026-12-01,"5\n', "line 2: a quoted cell opened on line 2 is never closed"),
        (HEADER + "2026-12-01,\x1b[2J\n", "pain '\\x1b[2J' is not a number"),
    ],
)
def test_bad_diaries_are_refused_with_their_line(
    runner: CliRunner, diary: str, message: str
) -> None:
    assert message in refused(runner, "--plan", PLAN, "--diary", "-", stdin=diary)


def test_a_diary_with_no_row_in_the_plans_dates_is_refused(runner: CliRunner) -> None:
    message = refused(
        runner,
        "--plan",
        PLAN,
        "--diary",
        "-",
        stdin=HEADER + "2020-01-01,5\n",
    )
    assert "check the plan and the diary belong together" in message


def test_bad_utf8_is_refused_with_its_line_and_byte(runner: CliRunner) -> None:
    message = refused(runner, "--plan", PLAN, "--diary", "-", stdin=b"date,pain\n2026-12-01,\xff\n")
    assert message == "stdin line 2: not UTF-8 text (byte 21); save it as UTF-8"


def test_a_file_name_with_control_characters_is_echoed_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    diary = tmp_path / "d\x1b[2J.csv"
    diary.write_text(HEADER + "2026-12-01,11\n", encoding="utf-8")
    message = refused(runner, "--plan", PLAN, "--diary", str(diary))
    assert "\x1b" not in message
    assert "d\\x1b[2J.csv line 2" in message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "0"], "baseline 0 cannot show a reduction"),
        (["--baseline", "6,5"], "a decimal comma? write 6.5"),
        (["--on", "2026-11-01"], "before the plan starts"),
        (["--on", "01/12/2026"], "ambiguous"),
        (["--format", "csv"], "'csv' is not one of"),
    ],
)
def test_bad_options_are_refused(runner: CliRunner, args: list[str], message: str) -> None:
    assert message in refused(runner, "--plan", PLAN, "--diary", RESPONDER, *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", PLAN], "give the diary (--diary FILE), or --template"),
        (["--diary", RESPONDER], "give the plan: --plan FILE, or the plan options"),
        (["--plan", PLAN, "--start", "2026-12-01", "--diary", RESPONDER], "not both"),
        (["--plan", PLAN, "--diary", ""], "--diary is empty"),
        (["--plan", "", "--diary", RESPONDER], "--plan is empty"),
        (["--plan", PLAN, "--diary", RESPONDER, "--on", ""], "--on is empty"),
        (["--plan", PLAN, "--diary", RESPONDER, "-o", ""], "--output is empty"),
        (["--plan", "-", "--diary", "-"], "cannot both be stdin"),
        (["--template", "--plan", PLAN, "--diary", RESPONDER], "--template prints a blank diary"),
        (["--template", "--plan", PLAN, "-f", "json"], "--template prints a blank diary as CSV"),
        (["--plan", PLAN, "--diary", "/nonexistent/diary.csv"], "does not exist"),
        (["--plan", PLAN, "--diary", "/"], "is a directory"),
    ],
)
def test_contradictory_or_empty_options_are_refused(
    runner: CliRunner, args: list[str], message: str
) -> None:
    assert message in refused(runner, *args)


def test_a_template_of_a_plan_too_long_for_a_diary_is_refused(runner: CliRunner) -> None:
    message = refused(runner, "--template", "--start", "2026-12-01", "--maintain", "3660d")
    assert "MAX_DIARY_DAYS" in message


def test_patient_text_reaches_the_terminal_escaped(runner: CliRunner) -> None:
    diary = (
        "date,pain,side_effects,note\n"
        + "".join(f"2026-11-{day},7,,\n" for day in range(24, 31))
        + "".join(
            f"2026-12-0{day},5,\x1b[31mdizzy\x07,\x1b]8;;http://x\x07note\n" for day in range(1, 8)
        )
    )
    code, out, _ = run(runner, "--plan", PLAN, "--diary", "-", stdin=diary)
    assert code == 1  # the side effect persists
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b[31mdizzy\\x07" in out
    assert "\\x1b]8;;http://x\\x07note" in out


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(hostile_texts, min_size=1, max_size=4),
    st.sampled_from(["date,pain", "date,pain,side_effects,note", "date,dose,dose_taken,pain"]),
)
def test_generated_diaries_never_end_in_an_internal_error(
    runner: CliRunner, cells: list[str], header: str
) -> None:
    diary = header + "\n" + BASELINE + "2026-12-01," + ",".join(cells) + "\n"
    code, out, err = run(runner, "--plan", PLAN, "--diary", "-", stdin=diary)
    assert code in (0, 1, 2), err
    if code == 2:
        assert len(err.splitlines()) == 1
    assert "\x1b" not in out + err


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_generated_bytes_never_end_in_an_internal_error(runner: CliRunner, data: bytes) -> None:
    code, _, err = run(runner, "--plan", PLAN, "--diary", "-", stdin=HEADER.encode() + data)
    assert code in (0, 1, 2), err


def test_review_help_shows_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["review", "--help"])
    assert result.exit_code == 0
    assert "Example: ldn review" in result.stdout


def test_the_readme_shows_the_responder_review_as_it_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    golden = (ROOT / "examples" / "review-responder.out").read_text(encoding="utf-8")
    assert golden.rstrip("\n") in readme
    template = (ROOT / "examples" / "review-template.out").read_text(encoding="utf-8")
    assert "\n".join(template.splitlines()[:10]) in readme
