"""Batch planning: one line per row, in order, equal to planning the row alone; user text
byte for byte; one bad row never stops the batch; the spec schema is what a row accepts."""

import io
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from ldn_cli.batch import BatchLine, BatchRow, Planner, read_rows, run_batch
from ldn_cli.cli import app
from ldn_cli.errors import InputError
from ldn_cli.jsontext import dumps
from ldn_cli.limits import MAX_LINE_BYTES
from ldn_cli.schemas import schema
from ldn_cli.spec import plan_for

TODAY = date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent

rows = st.fixed_dictionaries(
    {
        # ISO dates, and the words people write (whose plans say how they were read)
        "start": st.dates(date(2020, 1, 1), date(2035, 12, 31)).map(date.isoformat)
        | st.sampled_from(["next monday", "Dec 7", "tomorrow", "in 2 weeks", "friday", "today"])
    },
    optional={
        "protocol": st.sampled_from(["standard", "ldnrt-weekly", "norland-weekly"]),
        "start_dose": st.sampled_from(["0.5", "1", "1.5"]),
        "step": st.sampled_from(["0.25", "0.5", "1.5"]),
        "every": st.sampled_from(["3d", "1w", "2w"]),
        "target": st.sampled_from(["3", "4.5"]),
        "dose_time": st.sampled_from(["bedtime", "morning", "21:30"]),
        "maintain": st.sampled_from(["30d", "8w"]),
        "meds": st.sampled_from([[], ["gabapentin"], ["Tylenol #3", "duloxetine"]]),
        "last_opioid_dose": st.sampled_from(["2026-11-20", "today"]),
    },
)


def batch_of(lines: list[str]) -> list[dict[str, Any]]:
    """Run lines of input through the batch core; the parsed output lines."""
    stream = io.BytesIO("".join(line + "\n" for line in lines).encode("utf-8"))
    planner = Planner(today=TODAY)
    return [json.loads(line) for line, _ in run_batch(planner, read_rows(stream))]


def planned(rows_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return batch_of([json.dumps(row) for row in rows_])


@settings(max_examples=80)
@given(st.lists(rows, min_size=1, max_size=6))
def test_each_line_equals_planning_the_row_alone(batch: list[dict[str, Any]]) -> None:
    for number, (row, document) in enumerate(zip(batch, planned(batch), strict=True), start=1):
        assert (document["row"], document["line"]) == (number, number)
        BatchLine.model_validate(document)
        alone = plan_for(BatchRow.model_validate(row), today=TODAY)
        assert document["plan"] == json.loads(dumps(alone))
        assert document["status"] == ("contraindicated" if alone.is_blocked() else "ok")


def test_templates_shift_dates_exactly() -> None:
    first, later = (
        doc["plan"] for doc in planned([{"start": "2026-12-01"}, {"start": "2027-03-02"}])
    )
    shift = date(2027, 3, 2) - date(2026, 12, 1)
    for one, two in zip(first["steps"], later["steps"], strict=True):
        assert date.fromisoformat(two["start"]) - date.fromisoformat(one["start"]) == shift
    assert first["steps"][0]["dose_mg"] == later["steps"][0]["dose_mg"]


# Text a user may type: dates, control characters, quotes, Unicode digits, other scripts.
user_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
) | st.sampled_from(["oxycodone 5 mg last taken 2026-11-20", "1234-56-78", 'say "hi"\\n'])


@settings(max_examples=100)
@given(identity=user_text, medication=user_text)
def test_user_text_comes_out_byte_for_byte(identity: str, medication: str) -> None:
    row = {"id": identity, "start": "2026-12-01", "meds": [medication]}
    (document,) = planned([row])
    assert document["id"] == identity
    if document["status"] != "error":
        inputs = {warning["input"] for warning in document["plan"]["warnings"]}
        assert inputs <= {medication, None}
        assert document["plan"]["start"] == "2026-12-01"


def test_a_date_inside_medication_text_is_never_moved() -> None:
    text = "oxycodone 5 mg last taken 2026-11-20"
    for document in planned(
        [{"start": "2026-12-01", "meds": [text]}, {"start": "2053-10-18", "meds": [text]}]
    ):
        assert [w["input"] for w in document["plan"]["warnings"]][0] == text


def test_bad_rows_become_error_lines_and_the_batch_goes_on() -> None:
    lines = [
        "id,start,target",
        "a,2026-12-01,",
        "b,2026-12-01,5",
        "",
        "c,,",
        "d,2026-12-01,2,5",
        'e,"2026-12-01,3',
        "f,2026-12-01,١.٥",
    ]
    documents = batch_of(lines)
    assert [d["id"] for d in documents] == ["a", "b", "c", None, None, "f"]
    assert [d["status"] for d in documents] == ["ok", "error", "ok", "error", "error", "error"]
    assert [d["line"] for d in documents] == [2, 3, 5, 6, 7, 8]
    assert documents[1]["error"] == (
        "target 5 mg is out of range; allowed: 0.1–4.5 mg with at most two decimals"
    )
    assert documents[2]["plan"]["start"] == TODAY.isoformat()
    assert "4 cells for 3 columns: a decimal comma? write 2.5" in documents[3]["error"]
    assert "line 7: not valid CSV" in documents[4]["error"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": [1, 2]}', "id: expected text or a whole number, not list"),
        ('{"meds": 5}', "meds: 5: expected a list of medication names"),
        ('{"id": 1, "id": 2}', "the key 'id' appears twice"),
        ("[" * 100_000, "nested deeper than 32 levels"),
        ('{"id": 1' + "0" * 5000 + "}", "too long to read"),
        ('{"start": "9999-12-31"}', "start date"),
        ('{"colour": "blue"}', "colour: unknown field"),
        ('{"id": "\\ud800"}', "unpaired surrogate"),
        ("[1]", "a row must be a JSON object"),
        ('{"start_dose": 1e400}', "start dose"),
    ],
)
def test_each_kind_of_bad_json_row_is_that_rows_error(line: str, problem: str) -> None:
    documents = batch_of([line, '{"id": "next", "start": "2026-12-01"}'])
    assert documents[0]["status"] == "error"
    assert problem in documents[0]["error"]
    assert "internal error" not in documents[0]["error"]
    assert documents[1] == {**documents[1], "id": "next", "status": "ok", "line": 2}


def test_bytes_that_are_not_utf8_or_too_long_are_that_rows_error() -> None:
    data = b'{"id": 1}\n{"id": "\xff"}\n' + b'{"id": "' + b"x" * MAX_LINE_BYTES + b'"}\n{"id": 4}\n'
    planner = Planner(today=TODAY)
    documents = [json.loads(line) for line, _ in run_batch(planner, read_rows(io.BytesIO(data)))]
    assert [d["status"] for d in documents] == ["ok", "error", "error", "ok"]
    assert documents[1]["error"] == "line 2 is not UTF-8 text (byte 9 of the line)"
    assert "line 3 is longer than 256 KiB" in documents[2]["error"]
    assert documents[3]["line"] == 4


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id,colour\na,blue\n", "unknown column(s) 'colour'"),
        ("id,start,start\na,,\n", "start appear twice"),
        ('id,"start\n', "not valid CSV"),
    ],
)
def test_a_header_that_is_not_one_stops_the_batch(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=re.escape(problem)):
        list(read_rows(io.BytesIO(text.encode())))


def test_utf16_input_stops_the_batch() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        list(read_rows(io.BytesIO("id,start\n".encode("utf-16"))))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)
field_names = st.sampled_from([*BatchRow.model_fields, "colour"])


@settings(max_examples=300)
@given(st.dictionaries(field_names, json_values | st.text(max_size=300), max_size=4))
def test_the_spec_schema_accepts_exactly_what_a_row_accepts(row: dict[str, Any]) -> None:
    from pydantic import ValidationError

    validator = Draft202012Validator(schema("spec"))
    try:
        BatchRow.model_validate(row)
        accepted = True
    except ValidationError:
        accepted = False
    assert validator.is_valid(row) == accepted, row


def test_cli_batch_acceptance(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["batch", "examples/batch.csv"])
    assert result.exit_code == 1
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in documents] == ["p001", "p002", "p003", "p004", "p005", "p006"]
    assert [d["status"] for d in documents] == [
        "ok",
        "ok",
        "ok",
        "error",
        "error",
        "contraindicated",
    ]
    assert documents[5]["plan"]["warnings"][0]["matched"] == "codeine"


def test_a_contraindicated_row_makes_the_batch_exit_1(runner: CliRunner) -> None:
    row = {"id": "x", "start": "2026-12-01", "meds": ["Norco"], "last_opioid_dose": "2026-11-25"}
    rows_text = json.dumps(row) + "\n"
    result = runner.invoke(app, ["batch", "-"], input=rows_text)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "contraindicated"


def test_cli_batch_from_stdin_and_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    rows_text = "".join(
        json.dumps({"id": n, "start": (date(2026, 12, 1) + timedelta(days=n)).isoformat()}) + "\n"
        for n in range(50)
    )
    target = tmp_path / "plans.jsonl"
    result = runner.invoke(app, ["batch", "-", "-o", str(target)], input=rows_text)
    assert result.exit_code == 0
    assert result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == list(range(50))
    again = runner.invoke(app, ["batch", "-", "-o", str(target)], input=rows_text)
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_cli_batch_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["batch", str(tmp_path / "none.csv")]).exit_code == 2
    assert "unknown column" in runner.invoke(app, ["batch", "-"], input="id,colour\n").stderr
    result = runner.invoke(app, ["batch", "-", "--input-format", "xml"], input="id\n")
    assert result.exit_code == 2
    assert "'xml' is not one of 'csv', 'jsonl'" in result.stderr


def test_a_bug_in_one_row_is_its_error_line_and_exit_70(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ldn_cli.batch

    real = ldn_cli.batch.plan_for

    def flaky(request: BatchRow, *, today: date) -> Any:
        if request.dose_time == "morning":
            raise ZeroDivisionError
        return real(request, today=today)

    monkeypatch.setattr(ldn_cli.batch, "plan_for", flaky)
    text = '{"id": 1, "dose_time": "morning"}\n{"id": 2}\n'
    result = runner.invoke(app, ["batch", "-"], input=text)
    assert result.exit_code == 70
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "internal error (ZeroDivisionError)" in first["error"]
    assert second["status"] == "ok"
    assert "1 row(s) could not be planned" in result.stderr


def test_a_closed_stdout_ends_quietly_with_exit_0() -> None:
    rows_text = "".join(json.dumps({"id": n}) + "\n" for n in range(5000))
    command = (
        f"{sys.executable} -m ldn_cli batch - | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(
        ["bash", "-c", command], input=rows_text, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0
    assert done.stderr == ""
