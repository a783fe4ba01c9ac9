"""The pain diary: CSV and JSON Lines rows, hostile input refused with one line, the blank
diary of a plan."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.diary import (
    BASELINE_DAYS,
    COLUMNS,
    MAX_CELL_CHARS,
    MAX_DIARY_BYTES,
    DiaryRow,
    diary_days,
    parse_diary,
    parse_score,
    side_effect_names,
)
from ldn_cli.errors import InputError
from ldn_cli.schedule import build_plan
from tests.strategies import diary_texts, hostile_texts, spec_of

STANDARD = build_plan(spec_of())
HEADER = "date,pain"


def one_error(text: str | bytes) -> str:
    """The message ``parse_diary`` refuses ``text`` with; it is one line."""
    with pytest.raises(InputError) as caught:
        parse_diary(text, name="d.csv")
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_csv_rows_are_read_in_date_order_with_every_column() -> None:
    text = (
        "date,dose,dose_taken,pain,sleep,side_effects,note\n"
        '2026-12-02,1.5 mg,no,6.5,4,"Vivid  dreams; headache",slept badly\n'
        "2026-12-01,none,yes,7,,,\n"
    )
    first, second = parse_diary(text)
    assert first.day == date(2026, 12, 1)
    assert first.dose == "none"
    assert (first.pain, first.dose_taken, first.sleep) == (Decimal(7), True, None)
    assert second == DiaryRow(
        where="diary line 2",
        day=date(2026, 12, 2),
        pain=Decimal("6.5"),
        dose=Decimal("1.5"),
        dose_taken=False,
        sleep=Decimal(4),
        side_effects=("vivid dreams", "headache"),
        note="slept badly",
    )


def test_jsonl_rows_keep_numbers_exact_and_accept_lists_of_side_effects() -> None:
    text = (
        '{"date": "2026-12-01", "pain": 6.5, "dose_taken": true}\n'
        "\n"
        '{"date": "2026-12-02", "pain": 7, "side_effects": ["Headache", "vivid dreams"]}\n'
    )
    first, second = parse_diary(text)
    assert first.pain == Decimal("6.5")
    assert first.dose_taken is True
    assert second.side_effects == ("headache", "vivid dreams")
    assert second.where == "diary line 3"  # a physical line number: the blank line counts


def test_a_blank_template_row_is_a_day_not_recorded_never_zero_pain() -> None:
    (row,) = parse_diary(
        "date,dose,dose_taken,pain,sleep,side_effects,note\n2026-12-01,1.5 mg,,,,,\n"
    )
    assert row.pain is None
    assert not row.recorded


def test_a_row_with_only_side_effects_is_recorded_without_pain() -> None:
    (row,) = parse_diary("date,pain,side_effects\n2026-12-01,,headache\n")
    assert row.recorded
    assert row.pain is None


def test_header_is_case_insensitive_and_a_bom_is_dropped() -> None:
    (row,) = parse_diary("\ufeffDate, Pain\n2026-12-01,3\n".encode())
    assert row.pain == Decimal(3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", Decimal(0)),
        ("10", Decimal(10)),
        ("10.0", Decimal(10)),
        ("6.5", Decimal("6.5")),
        (" 07 ", Decimal(7)),
    ],
)
def test_pain_is_a_whole_number_or_one_decimal_from_0_to_10(text: str, expected: Decimal) -> None:
    assert parse_score(text, what="pain") == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("11", "outside 0–10"),
        ("-1", "outside 0–10"),
        ("10.5", "outside 0–10"),
        ("6.55", "more than one decimal"),
        ("6,5", "a decimal comma? write 6.5"),
        ("١.٥", "is not a number"),
        ("６", "is not a number"),
        ("1e1", "is not a number"),
        ("NaN", "is not a number"),
        (".5", "is not a number"),
    ],
)
def test_pain_outside_the_scale_or_not_written_in_ascii_digits_is_refused(
    text: str, fragment: str
) -> None:
    with pytest.raises(InputError, match=re.escape(fragment)):
        parse_score(text, what="pain")


def test_pain_outside_0_to_10_names_its_line_and_date() -> None:
    message = one_error(f"{HEADER}\n2026-12-01,5\n2026-12-02,11\n")
    assert message.startswith("d.csv line 3 (2026-12-02): pain '11' is outside 0–10")


def test_a_date_twice_names_both_lines() -> None:
    message = one_error(f"{HEADER}\n2026-12-01,5\n2026-12-01,6\n")
    assert message == (
        "d.csv line 3: the date 2026-12-01 is given twice (first at d.csv line 2); "
        "keep one row per day"
    )


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("2026-02-30", "not a real calendar date"),
        ("01/12/2026", "a spreadsheet may have rewritten it"),
        ("tomorrow", "is not a date"),
        ("２０２６-１２-０１", "is not a date"),
        ("20261201", "is not a date"),
    ],
)
def test_a_date_that_is_not_an_iso_date_names_its_line(cell: str, fragment: str) -> None:
    message = one_error(f"{HEADER}\n{cell},5\n")
    assert message.startswith("d.csv line 2: date ")
    assert fragment in message


def test_an_empty_date_with_other_cells_is_refused() -> None:
    assert "the date is empty" in one_error(f"{HEADER}\n,5\n")


def test_extra_cells_suggest_a_decimal_comma() -> None:
    message = one_error(f"{HEADER}\n2026-12-01,6,5\n")
    assert message.startswith("d.csv line 2: 3 cells for 2 columns: a decimal comma? write 6.5")


def test_a_quoted_decimal_comma_gets_the_same_hint() -> None:
    assert "a decimal comma? write 6.5" in one_error(f'{HEADER}\n2026-12-01,"6,5"\n')


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("date,pain,pain", "the column 'pain' is given twice"),
        ("date,pian", "unknown column 'pian'"),
        ("date,note", "a header with pain is required"),
        ("pain", "a header with date is required"),
    ],
)
def test_the_header_names_known_columns_once_with_date_and_pain(header: str, fragment: str) -> None:
    message = one_error(f"{header}\n2026-12-01,5\n")
    assert message.startswith("d.csv line 1: ")
    assert fragment in message


def test_an_unclosed_quote_names_the_line_it_opened_on() -> None:
    message = one_error(f'{HEADER}\n2026-12-01,5\n2026-12-02,"6\n2026-12-03,7\n')
    assert message == "d.csv line 3: a quoted cell opened on line 3 is never closed"


def test_bad_utf8_names_its_line_and_byte() -> None:
    data = f"{HEADER}\n2026-12-01,5\n".encode() + b"2026-12-02,\xff\n"
    assert one_error(data) == "d.csv line 3: not UTF-8 text (byte 34); save it as UTF-8"


def test_utf16_is_recognised_as_not_utf8() -> None:
    assert "(UTF-16?)" in one_error(f"{HEADER}\n2026-12-01,5\n".encode("utf-16"))


def test_a_diary_over_the_size_limit_is_refused_with_the_limit_named() -> None:
    message = one_error(b"date,pain\n" + b" " * MAX_DIARY_BYTES)
    assert "MAX_DIARY_BYTES" in message
    assert str(MAX_DIARY_BYTES) in message


def test_a_cell_over_the_cell_limit_is_refused_with_the_limit_named() -> None:
    message = one_error(f"date,pain,note\n2026-12-01,5,{'x' * (MAX_CELL_CHARS + 1)}\n")
    assert message.startswith("d.csv line 2: note has 1001 characters")
    assert "MAX_CELL_CHARS" in message


def test_empty_text_is_refused() -> None:
    assert "is empty" in one_error("  \n\n")


def test_a_csv_of_empty_cells_has_no_header_and_is_refused() -> None:
    assert "a header is required" in one_error(",,,\n,,\n")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"date": "2026-12-01", "pain": 5, "pain": 6}', "the key 'pain' is given twice"),
        ('{"date": "2026-12-01", "pain": NaN}', "NaN is not a number"),
        ('{"date": "2026-12-01", "pian": 5}', "unknown key 'pian'"),
        ('{"pain": 5}', "the date is missing"),
        ('{"date": "2026-12-01", "pain": true}', "pain is true or false"),
        ('{"date": "2026-12-01", "pain": [5]}', "pain is a list"),
        ('{"date": "2026-12-01", "pain": 5', "not valid JSON"),
        ("[" * 100_000, "JSON nested too deeply"),
        ('{"note":' + "[" * 5000, "JSON nested too deeply"),
        ('{"date": "2026-12-01", "pain": 1e1}', "is not a number"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else None,
)
def test_jsonl_rows_refuse_what_csv_refuses(line: str, fragment: str) -> None:
    text = '{"date": "2026-11-30", "pain": 5}\n' + line + "\n"
    message = one_error(text)
    assert message.startswith("d.csv line 2")
    assert fragment in message


def test_a_deeply_nested_jsonl_row_is_refused_not_a_crash() -> None:
    text = '{"date": "2026-11-30", "note": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    message = one_error(text)
    assert message.startswith("d.csv line 1")


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [("maybe", "is not yes or no"), ("", "")],
)
def test_dose_taken_is_yes_or_no(cell: str, fragment: str) -> None:
    text = f"date,pain,dose_taken\n2026-12-01,5,{cell}\n"
    if fragment:
        assert fragment in one_error(text)
    else:
        assert parse_diary(text)[0].dose_taken is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("Y", True), ("✓", True), ("true", True), ("no", False), ("N", False)],
)
def test_dose_taken_words(cell: str, expected: bool) -> None:
    assert parse_diary(f"date,pain,dose_taken\n2026-12-01,5,{cell}\n")[0].dose_taken is expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [("1,5", "a decimal comma? write 1.5"), ("١.٥", "is not a number of mg"), ("1.555", "")],
)
def test_a_dose_cell_is_a_dose_none_or_empty(cell: str, fragment: str) -> None:
    message = one_error(f'date,pain,dose\n2026-12-01,5,"{cell}"\n')
    assert message.startswith("d.csv line 2 (2026-12-01): dose ")
    assert fragment in message


def test_side_effect_names_are_trimmed_lowered_and_deduplicated() -> None:
    assert side_effect_names(" Vivid\tdreams ;; HEADACHE;vivid dreams ") == (
        "vivid dreams",
        "headache",
    )


def test_errors_shorten_and_escape_what_they_echo() -> None:
    message = one_error(f"{HEADER}\n2026-12-01,\x1b[2J{'9' * 500}\n")
    assert "\x1b" not in message
    assert "\\x1b[2J" in message
    assert len(message) < 300
    assert "(504 characters)" in message  # shortened, and says by how much


@given(diary_texts())
def test_every_generated_diary_reads_back_its_days_in_order(text: str) -> None:
    rows = parse_diary(text)
    days = [row.day for row in rows]
    assert days == sorted(set(days))
    for row in rows:
        assert row.pain is None or Decimal(0) <= row.pain <= Decimal(10)


@given(hostile_texts)
def test_any_text_is_read_or_refused_with_one_line(text: str) -> None:
    for candidate in (text, f"{HEADER}\n{text}", f"{HEADER}\n2026-12-01,{text}"):
        try:
            parse_diary(candidate)
        except InputError as error:
            message = str(error)
            assert "\n" not in message
            assert "\x1b" not in message


@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_one_line(data: bytes) -> None:
    try:
        parse_diary(b"date,pain\n" + data)
    except InputError as error:
        message = str(error)
        assert "\n" not in message


def test_the_blank_diary_is_the_7_baseline_days_then_every_plan_day() -> None:
    days = diary_days(STANDARD)
    assert days[0].day == STANDARD.start - timedelta(days=BASELINE_DAYS)
    assert days[-1].day == STANDARD.end
    assert [day.kind for day in days[:8]] == ["baseline"] * 7 + ["dose"]
    assert len(days) == BASELINE_DAYS + (STANDARD.end - STANDARD.start).days + 1
    assert [day.dose_text for day in days[6:8]] == ["none", "1.5 mg"]
    assert {day.dose_mg for day in days if day.kind == "dose"} == {
        step.dose_mg for step in STANDARD.steps
    }


def test_the_blank_diary_reads_back_as_days_not_recorded() -> None:
    from ldn_cli.render.diary_template import render_csv

    text = render_csv(diary_days(STANDARD))
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = parse_diary(text)
    assert len(rows) == len(diary_days(STANDARD))
    assert not any(row.recorded for row in rows)


def test_a_plan_too_long_for_a_diary_is_refused_with_the_limit_named() -> None:
    plan = build_plan(spec_of(maintain_days=3660))
    with pytest.raises(InputError, match="MAX_DIARY_DAYS"):
        diary_days(plan)


def test_a_plan_starting_in_year_1_has_no_room_for_baseline_days() -> None:
    # The planner refuses such a start; a hand-made plan file can still hold one.
    planned = build_plan(spec_of(start=date(2026, 12, 1)))
    first = planned.steps[0].model_copy(update={"start": date(1, 1, 3)})
    plan = planned.model_copy(update={"start": date(1, 1, 3), "steps": [first]})
    with pytest.raises(InputError, match="before year 1"):
        diary_days(plan)


def test_json_lines_of_python_floats_are_never_read_through_float() -> None:
    text = json.dumps({"date": "2026-12-01", "pain": 0.30000000000000004}) + "\n"
    assert "more than one decimal" in one_error(text)
