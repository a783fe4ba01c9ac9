"""One row per plan day (``--format csv``): date, day number, dose, step, follow-up, measure,
``no_ldn`` (``held`` or ``missed`` on a day without a dose, whose dose cell is empty) and note.
``ldn check`` reads back every column it needs: dose, follow-up markers and days without LDN.

The ``followup`` cell names every visit that day belongs to ("visit 2 window; visit 3
(suggested)"). The ``note`` cell carries what a pharmacy system must not miss: on every row
of a blocked plan, that LDN must not be started as planned; on the last row, that its dose
goes on after that day until the review. RFC 4180 (CRLF line ends, quoting as needed); a cell
a spreadsheet would run as a formula is neutralised with a leading apostrophe.
"""

import csv
from datetime import timedelta
from io import StringIO

from ldn_cli.dose import format_number
from ldn_cli.models import Plan
from ldn_cli.render import NO_CLINIC_DAY_NOTE, RenderOptions, measure_text

HEADER = ("date", "day", "dose_mg", "step", "followup", "measure", "no_ldn", "note")
#: The note on every row of a plan with a blocking warning (it goes to pharmacy systems):
#: ``{severities}`` of its blocking warnings, e.g. "contraindicated".
DO_NOT_START_NOTE = "DO NOT START: {severities}, see the plan's warnings"
#: The note on the last row: the plan's end is not a stop.
CONTINUES_NOTE = "last planned day: this dose continues daily until the review"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate as a formula (CSV injection)."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def followup_markers(plan: Plan) -> dict[str, str]:
    """ISO date -> every visit the day belongs to, in visit order: 'visit N (suggested)' on
    the suggested day, 'visit N window' on the other days of its window."""
    markers: dict[str, list[str]] = {}
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        day = checkpoint.earliest
        while day <= checkpoint.latest:
            suggested = day == checkpoint.suggested
            marker = f"visit {number} (suggested)" if suggested else f"visit {number} window"
            if suggested and not checkpoint.clinic_day:
                marker = f"visit {number} (suggested; {NO_CLINIC_DAY_NOTE})"
            markers.setdefault(day.isoformat(), []).append(marker)
            day += timedelta(days=1)
    return {day: "; ".join(found) for day, found in markers.items()}


def render(plan: Plan, options: RenderOptions) -> str:
    """Every day of the plan as a CSV row, with a header."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    markers = followup_markers(plan)
    severities = sorted({warning.severity for warning in plan.blocking_warnings()})
    blocked = DO_NOT_START_NOTE.format(severities=", ".join(severities)) if severities else ""
    steps = iter(plan.steps)
    step = next(steps)
    for offset in range((plan.end - plan.start).days + 1):
        day = plan.start + timedelta(days=offset)
        while day > step.end:
            step = next(steps)
        notes = [blocked] if blocked else []
        if day == plan.end:
            notes.append(CONTINUES_NOTE)
        note = "; ".join(notes)
        if day < step.start:  # no LDN: held on purpose, or missed
            hold = plan.hold_on(day)
            row = (day.isoformat(), str(offset + 1), "", "", markers.get(day.isoformat(), ""))
            kind = hold.kind if hold else "held"
            reason = hold.reason if hold else ""
            writer.writerow([neutralise(c) for c in (*row, reason, kind, note)])
            continue
        row = (
            day.isoformat(),
            str(offset + 1),
            format_number(step.dose_mg),
            str(step.index),
            markers.get(day.isoformat(), ""),
        )
        measure = measure_text(plan, step.index) or ""
        writer.writerow([neutralise(cell) for cell in (*row, measure, "", note)])
    return buffer.getvalue()
