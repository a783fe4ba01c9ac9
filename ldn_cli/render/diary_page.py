"""The printable pain diary of the patient handout: the rows of ``ldn review --template``
(the 7 days before the start, then every day of the plan) as pages to fill in by hand.

Each page holds two columns of at most ``MAX_ROWS_PER_COLUMN`` rows of ``ROW_HEIGHT_MM``: so
a page fits A4 and US Letter with room to write, and the days are shared evenly between the
pages (a 9-week plan fits one page). Patient voice: plain words, no source keys.
"""

import math
from collections.abc import Sequence
from datetime import date

from ldn_cli.diary import DiaryDay, diary_days
from ldn_cli.dose import format_mg
from ldn_cli.errors import LdnError
from ldn_cli.models import Plan
from ldn_cli.render import html_text as escape

#: Rows in one column of a page, and their height: 33 rows of 6.5 mm, the heading and the
#: column titles fit the 257 mm a Letter page prints (A4 has more).
MAX_ROWS_PER_COLUMN = 33
ROW_HEIGHT_MM = 6.5
COLUMNS_PER_PAGE = 2

CSS = f"""
.diary {{ break-before: page; }}
.diary + .diary {{ break-before: page; }}
.diary h2 {{ margin-top: 0; }}
.diary p {{ font-size: 9pt; }}
.diary-columns {{ display: flex; gap: 4mm; align-items: flex-start; }}
.diary table {{ border-collapse: collapse; width: 50%; table-layout: fixed; font-size: 8pt; }}
.diary th {{ font-weight: bold; font-size: 7.5pt; text-align: left; padding: 0.5mm;
            border: 1px solid #777; }}
.diary td {{ border: 1px solid #777; height: {ROW_HEIGHT_MM}mm; padding: 0 0.8mm;
            white-space: nowrap; overflow: hidden; }}
.diary tr.before td {{ background: #eee; }}
.diary col.date {{ width: 19mm; }} .diary col.dose {{ width: 14mm; }}
.diary col.taken {{ width: 11mm; }} .diary col.score {{ width: 10mm; }}
.diary .tick {{ display: inline-block; width: 3mm; height: 3mm; border: 1px solid #000; }}
@media print {{ .diary {{ break-inside: avoid; }} }}
"""

_HEAD = (
    '<colgroup><col class="date"><col class="dose"><col class="taken"><col class="score">'
    '<col class="score"><col></colgroup>'
    "<thead><tr><th>Date</th><th>Dose</th><th>Taken ✓</th><th>Pain<br>0–10</th>"
    "<th>Sleep<br>0–10</th><th>Side effects</th></tr></thead>"
)
_HOW_TO = (
    "Each evening write your pain today from 0 (no pain) to 10 (worst pain you can imagine), "
    "your sleep last night from 0 (very bad) to 10 (very good), tick the box when you took "
    "your dose, and any side effects. The grey rows are the week before you start: fill them "
    "in too, they show your usual pain. Bring this diary to every visit."
)


def pages(days: Sequence[DiaryDay]) -> list[list[list[DiaryDay]]]:
    """The days shared out as evenly as possible: pages of columns of rows."""
    per_page = MAX_ROWS_PER_COLUMN * COLUMNS_PER_PAGE
    page_count = max(1, math.ceil(len(days) / per_page))
    rows_per_page = math.ceil(len(days) / page_count)
    per_column = math.ceil(rows_per_page / COLUMNS_PER_PAGE)
    result = []
    for first in range(0, len(days), rows_per_page):
        page = days[first : first + rows_per_page]
        result.append(
            [list(page[top : top + per_column]) for top in range(0, len(page), per_column)]
        )
    return result


def diary_page(plan: Plan) -> tuple[str, str]:
    """The diary pages of ``plan`` as an HTML fragment, and the CSS they need."""
    days = diary_days(plan)
    sections = []
    page_list = pages(days)
    for number, page in enumerate(page_list, start=1):
        first, last = page[0][0].day, page[-1][-1].day
        heading = (
            f"<h2>Pain diary: {_short(first)} {first.year} to {_short(last)} {last.year}"
            + (f" (page {number} of {len(page_list)})" if len(page_list) > 1 else "")
            + "</h2>"
        )
        how_to = f"<p>{escape(_HOW_TO)}</p>" if number == 1 else ""
        tables = "".join(
            "<table>"
            + _HEAD
            + "<tbody>"
            + "".join(_row(day) for day in column)
            + "</tbody></table>"
            for column in page
        )
        sections.append(
            f'<section class="diary">{heading}{how_to}<div class="diary-columns">{tables}</div>'
            "</section>"
        )
    return "".join(sections), CSS


def html_block(plan: Plan) -> str:
    """The diary pages with their style, as one block for the handout's body (a style element
    in the body, so that the handout needs one call and no change to its own style).

    A plan longer than a diary covers (``MAX_DIARY_DAYS``) gets a line instead of pages."""
    try:
        fragment, css = diary_page(plan)
    except LdnError:
        return (
            '<p class="diary-note">Your plan is too long to print a pain diary here: ask your '
            "clinic for a blank diary.</p>"
        )
    return f"<style>{css}</style>{fragment}"


def _row(day: DiaryDay) -> str:
    if day.kind == "baseline":
        return f'<tr class="before"><td>{_short(day.day)}</td><td>before</td>' + (
            "<td></td>" * 4 + "</tr>"
        )
    if day.dose_mg is None:
        return f"<tr><td>{_short(day.day)}</td><td>no LDN</td>" + "<td></td>" * 4 + "</tr>"
    return (
        f"<tr><td>{_short(day.day)}</td><td>{format_mg(day.dose_mg)}</td>"
        '<td><span class="tick"></span></td>' + "<td></td>" * 3 + "</tr>"
    )


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"
