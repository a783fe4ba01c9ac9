"""One row per plan day (``--format csv``): date, day number, dose, step, follow-up marker,
measure, and ``no_ldn`` (``held`` or ``missed``) on a day without a dose, whose dose cell is
empty. ``ldn check`` reads every column it needs back: dose, follow-up markers and holds.

RFC 4180 (CRLF line ends, quoting as needed); a cell a spreadsheet would run as a formula is
neutralised with a leading apostrophe.
"""

import csv
from datetime import timedelta
from io import StringIO

from ldn_cli.dose import format_number
from ldn_cli.models import Plan
from ldn_cli.render import RenderOptions, hold_on, measure_text

HEADER = ("date", "day", "dose_mg", "step", "followup", "measure", "no_ldn")
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
    steps = iter(plan.steps)
    step = next(steps)
    for offset in range((plan.end - plan.start).days + 1):
        day = plan.start + timedelta(days=offset)
        while day > step.end:
            step = next(steps)
        if day < step.start:  # no LDN: held on purpose, or missed
            hold = hold_on(plan, day)
            row = (day.isoformat(), str(offset + 1), "", "", markers.get(day.isoformat(), ""))
            kind = hold.kind if hold else "held"
            reason = hold.reason if hold else ""
            writer.writerow([neutralise(c) for c in (*row, reason, kind)])
            continue
        dose = format_number(step.dose_mg)
        row = (
            day.isoformat(),
            str(offset + 1),
            dose,
            str(step.index),
            markers.get(day.isoformat(), ""),
        )
        measure = measure_text(plan, step.index) or ""
        writer.writerow([neutralise(cell) for cell in (*row, measure, "")])
    return buffer.getvalue()
