"""One row per plan day (``--format csv``): date, day number, dose, step, follow-up marker.

RFC 4180 (CRLF line ends, quoting as needed); a cell a spreadsheet would run as a formula is
neutralised with a leading apostrophe.
"""

import csv
from datetime import timedelta
from io import StringIO

from ldn_cli.dose import format_number
from ldn_cli.models import Plan
from ldn_cli.render import RenderOptions, measure_text

HEADER = ("date", "day", "dose_mg", "step", "followup", "measure")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate as a formula (CSV injection)."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def followup_markers(plan: Plan) -> dict[str, str]:
    """ISO date -> marker: 'visit N (suggested)' on the suggested day, 'visit N window' around."""
    markers: dict[str, str] = {}
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        day = checkpoint.earliest
        while day <= checkpoint.latest:
            markers.setdefault(day.isoformat(), f"visit {number} window")
            day += timedelta(days=1)
        markers[checkpoint.suggested.isoformat()] = f"visit {number} (suggested)"
    return markers


def render(plan: Plan, options: RenderOptions) -> str:
    """Every day of the plan as a CSV row, with a header."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    markers = followup_markers(plan)
    day_number = 0
    for step in plan.steps:
        for offset in range(step.days):
            day_number += 1
            day = (step.start + timedelta(days=offset)).isoformat()
            row = (day, str(day_number), format_number(step.dose_mg), str(step.index))
            measure = measure_text(plan, step.index) or ""
            writer.writerow([neutralise(cell) for cell in (*row, markers.get(day, ""), measure)])
    return buffer.getvalue()
