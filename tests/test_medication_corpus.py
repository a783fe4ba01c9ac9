"""The matcher against a corpus of real-world medication lines from several markets.

Each row of ``tests/data/medication_corpus.csv`` is a line as a prescriber, a pharmacist or a
patient writes it (brands and generics, strengths, forms, release codes, misspellings), its
expected verdict and ingredients, its market, and where its composition comes from.
"""

import csv
import re
from pathlib import Path

import pytest

from ldn_cli.evidence import SOURCES
from ldn_cli.interactions import check_medication

CORPUS = Path(__file__).parent / "data" / "medication_corpus.csv"
with CORPUS.open(encoding="utf-8", newline="") as handle:
    ROWS = list(csv.DictReader(handle))


def test_corpus_is_large_and_spans_markets_and_verdicts() -> None:
    assert len(ROWS) >= 150
    assert len({row["market"] for row in ROWS}) >= 5
    verdicts = {row["verdict"] for row in ROWS}
    assert verdicts >= {
        "contraindicated",
        "caution",
        "pamora",
        "naloxone",
        "duplicate",
        "planned-ldn",
        "no-conflict",
        "unrecognised",
    }
    assert all(row["composition"].strip() for row in ROWS)
    assert len({row["line"] for row in ROWS}) == len(ROWS)


#: Notes of lines whose ingredients come from no single label: how the line is judged.
_EXPLANATIONS = ("misspelling", "family", "a family", "not in the table", "a name")


def test_every_composition_note_starts_with_its_source_key() -> None:
    for row in ROWS:
        key = re.split(r"[\s:;(]", row["composition"])[0]
        if key in SOURCES:
            continue
        assert row["composition"].startswith(_EXPLANATIONS), row
        assert row["composition"].startswith("misspelling") or not row["ingredients"], row


@pytest.mark.parametrize("row", ROWS, ids=[row["line"] for row in ROWS])
def test_corpus_line_gets_its_expected_verdict_and_ingredients(row: dict[str, str]) -> None:
    check = check_medication(row["line"])
    expected = set(filter(None, row["ingredients"].split(";")))
    assert check.verdict == row["verdict"], (check.verdict, check.unrecognised)
    assert {match.ingredient for match in check.matches} == expected


@pytest.mark.parametrize(
    "row", [row for row in ROWS if row["verdict"] == "no-conflict"], ids=lambda row: row["line"]
)
def test_no_conflict_in_the_corpus_is_always_exact_and_complete(row: dict[str, str]) -> None:
    check = check_medication(row["line"])
    assert check.unrecognised == ()
    assert all(match.certainty == "exact" for match in check.matches)
