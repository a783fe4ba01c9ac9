"""Batch planning: one line per row, in order, equal to planning each row alone."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldn_cli.batch import Planner, csv_rows, jsonl_rows, run_batch
from ldn_cli.cli import app
from ldn_cli.interactions import check_medications, conflict_warnings
from ldn_cli.pace import pace_warnings
from ldn_cli.render.json import to_json
from ldn_cli.schedule import build_plan
from ldn_cli.spec import build_spec

TODAY = date(2026, 11, 26)

rows = st.fixed_dictionaries(
    {"start": st.dates(date(2020, 1, 1), date(2035, 12, 31)).map(date.isoformat)},
    optional={
        "protocol": st.sampled_from(["standard", "ldnrt-weekly", "norland-weekly"]),
        "start_dose": st.sampled_from(["0.5", "1", "1.5"]),
        "step": st.sampled_from(["0.25", "0.5", "1.5"]),
        "every": st.sampled_from(["3d", "1w", "2w"]),
        "target": st.sampled_from(["3", "4.5"]),
        "dose_time": st.sampled_from(["bedtime", "morning", "21:30"]),
        "maintain": st.sampled_from(["30d", "8w"]),
        "meds": st.sampled_from(["", "gabapentin", "Tylenol #3;duloxetine"]),
    },
)


@settings(max_examples=80)
@given(st.lists(rows, min_size=1, max_size=6))
def test_each_line_equals_planning_the_row_alone(batch: list[dict[str, str]]) -> None:
    planner = Planner(today=TODAY)
    for number, row in enumerate(batch, start=1):
        line, failed = planner.line(number, row)
        document = json.loads(line)
        assert document["row"] == number
        if failed:
            assert "error" in document
            continue
        spec = build_spec(
            today=TODAY,
            start=row["start"],
            protocol=row.get("protocol", "standard"),
            start_dose=row.get("start_dose"),
            step=row.get("step"),
            every=row.get("every"),
            target=row.get("target"),
            dose_time=row.get("dose_time", "bedtime"),
            maintain=row.get("maintain"),
        )
        meds = [m for m in row.get("meds", "").split(";") if m]
        warnings = [*conflict_warnings(check_medications(meds)), *pace_warnings(spec)]
        alone = build_plan(spec, warnings=warnings)
        assert document["plan"] == json.loads(to_json(alone))


def test_templates_shift_dates_exactly() -> None:
    planner = Planner(today=TODAY)
    first = json.loads(planner.line(1, {"start": "2026-12-01"})[0])["plan"]
    later = json.loads(planner.line(2, {"start": "2027-03-01"})[0])["plan"]
    shift = date(2027, 3, 1) - date(2026, 12, 1)
    for one, two in zip(first["steps"], later["steps"], strict=True):
        assert date.fromisoformat(two["start"]) - date.fromisoformat(one["start"]) == shift
    assert first["steps"][0]["dose_mg"] == later["steps"][0]["dose_mg"]


def test_bad_rows_become_error_lines_and_the_batch_goes_on() -> None:
    lines = list(
        run_batch(
            csv_rows(["id,start,target\n", "a,2026-12-01,\n", "b,2026-12-01,5\n", "c,,\n"]),
            today=TODAY,
        )
    )
    assert [failed for _, failed in lines] == [False, True, False]
    assert json.loads(lines[1][0]) == {
        "id": "b",
        "row": 2,
        "error": "target 5 mg is out of range; allowed: 0.1–4.5 mg with at most two decimals",
    }
    assert json.loads(lines[2][0])["plan"]["start"] == TODAY.isoformat()


def test_jsonl_rows_report_broken_lines() -> None:
    numbered = list(jsonl_rows(['{"id": 1}\n', "\n", "{oops\n", "[1]\n"]))
    assert numbered[0] == (1, {"id": 1})
    assert numbered[1][1].startswith("line 2, column 2")  # type: ignore[union-attr]
    assert numbered[2][1] == "each line must be a JSON object of plan options"


def test_unknown_csv_columns_stop_the_batch() -> None:
    from ldn_cli.errors import InputError

    with pytest.raises(InputError, match="unknown column"):
        list(csv_rows(["id,colour\n", "a,blue\n"]))


def test_cli_batch_acceptance(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = runner.invoke(app, ["batch", "examples/batch.csv"])
    assert result.exit_code == 1
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in documents] == ["p001", "p002", "p003", "p004", "p005", "p006"]
    assert ["error" in d for d in documents] == [False, False, False, True, True, False]
    assert documents[5]["plan"]["warnings"][0]["matched"] == "codeine"


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
    assert (
        "choose csv or jsonl"
        in runner.invoke(app, ["batch", "-", "--input-format", "xml"], input="id\n").stderr
    )
