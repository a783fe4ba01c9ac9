"""The handout's pain diary pages: the blank diary's rows, in the patient's voice, shared
evenly over pages that print on A4 and US Letter."""

import re
from pathlib import Path

import pytest

from ldn_cli.diary import diary_days
from ldn_cli.evidence import SOURCES
from ldn_cli.render.diary_page import MAX_ROWS_PER_COLUMN, diary_page, html_block, pages
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of
from tests.test_handout_print import needs_chromium, print_to_pdf
from tests.test_review import surgery_plan

STANDARD = build_plan(spec_of())


def test_the_diary_pages_hold_every_row_of_the_blank_diary_in_order() -> None:
    fragment, css = diary_page(STANDARD)
    days = diary_days(STANDARD)
    cells = re.findall(r"<tr(?: class=\"before\")?><td>([^<]+)</td><td>([^<]+)</td>", fragment)
    assert len(cells) == len(days)
    assert [cell[0] for cell in cells] == [f"{d.day:%a} {d.day.day} {d.day:%b}" for d in days]
    assert [cell[1] for cell in cells[:8]] == ["before"] * 7 + ["1.5 mg"]
    assert "break-before: page" in css


def test_the_diary_speaks_to_the_patient_without_source_keys() -> None:
    fragment, _ = diary_page(STANDARD)
    assert not [key for key in SOURCES if key in fragment]
    assert "IMMPACT" not in fragment
    assert "0 (no pain) to 10" in fragment


def test_a_hold_is_a_row_without_ldn_and_without_a_tick_box() -> None:
    plan = surgery_plan()
    fragment, _ = diary_page(plan)
    hold = plan.holds[0]
    row = re.search(
        rf"<tr><td>{hold.start:%a} {hold.start.day} {hold.start:%b}</td>(.*?)</tr>", fragment
    )
    assert row is not None
    assert row.group(1).startswith("<td>no LDN</td>")
    assert "tick" not in row.group(1)


@pytest.mark.parametrize("maintain_days", [None, 120, 300])
def test_days_are_shared_evenly_between_as_few_pages_as_fit(maintain_days: int | None) -> None:
    days = diary_days(build_plan(spec_of(maintain_days=maintain_days)))
    split = pages(days)
    per_page = [sum(len(column) for column in page) for page in split]
    assert sum(per_page) == len(days)
    assert len(split) == -(-len(days) // (2 * MAX_ROWS_PER_COLUMN))
    assert max(per_page) - min(per_page) < len(split)
    assert all(len(column) <= MAX_ROWS_PER_COLUMN for page in split for column in page)


def test_a_plan_too_long_for_a_diary_gets_a_line_not_pages() -> None:
    block = html_block(build_plan(spec_of(maintain_days=3660)))
    assert "ask your clinic for a blank diary" in block
    assert "<table>" not in block


@needs_chromium
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_standard_diary_prints_on_one_page_with_every_day(paper: str, tmp_path: Path) -> None:
    fragment, css = diary_page(STANDARD)
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<style>@page {{ margin: 11mm; }} body {{ font-family: "DejaVu Sans", sans-serif; }}'
        f"{css}</style></head><body>{fragment}</body></html>"
    )
    reader = print_to_pdf(html, paper, tmp_path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for day in diary_days(STANDARD):
        assert f"{day.day:%a} {day.day.day} {day.day:%b}" in text


@needs_chromium
def test_a_long_diary_prints_on_the_pages_it_was_shared_into(tmp_path: Path) -> None:
    plan = build_plan(spec_of(maintain_days=300))
    fragment, css = diary_page(plan)
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page {{ margin: 11mm; }}{css}'
        f"</style></head><body>{fragment}</body></html>"
    )
    reader = print_to_pdf(html, "Letter", tmp_path)
    assert len(reader.pages) == len(pages(diary_days(plan)))
