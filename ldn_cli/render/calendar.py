"""A month grid in the terminal (``--format calendar``), like ``cal``, with each day's dose.

The grid needs ``GRID_WIDTH`` columns; a narrower terminal gets each month as runs of days
("Tue 1 to Mon 14: 1.5 mg"), which keep every day's dose and every visit. Text lines wrap at
the width, never between a number and its unit.
"""

import calendar as stdlib_calendar
import textwrap
from datetime import date, timedelta

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.printable import printable
from ldn_cli.render import (
    DISCLAIMER,
    NO_CLINIC_DAY_NOTE,
    UNIT_GLUE,
    RenderOptions,
    continues_text,
    dose_with_measure,
    glue_units,
    severity_label,
    start_text,
    window_text,
)

CELL = 10  # "31 4.5 mg*" fits, with one space between cells
GRID_WIDTH = 7 * (CELL + 1) - 1
VISIT_MARK = "*"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def month_grid(plan: Plan, year: int, month: int, visits: set[date]) -> list[str]:
    """The lines of one month: title, weekday header, and a row per week."""
    title = date(year, month, 1).strftime("%B %Y")
    header = " ".join(f"{name:<{CELL}}" for name in _WEEKDAYS).rstrip()
    lines = [title.center(GRID_WIDTH).rstrip(), header]
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(" " * CELL)
                continue
            text = f"{day.day:>2}"
            what = _day_text(plan, day)
            if what:
                text += f" {what}"
            if day in visits:
                text += VISIT_MARK
            cells.append(f"{text:<{CELL}}")
        lines.append(" ".join(cells).rstrip())
    return lines


def month_runs(plan: Plan, year: int, month: int, visits: dict[date, int]) -> list[str]:
    """One month as runs of days with the same dose, then its visit days (narrow terminals)."""
    first = date(year, month, 1)
    days = [first + timedelta(days=n) for n in range(stdlib_calendar.monthrange(year, month)[1])]
    lines = [first.strftime("%B %Y")]
    run_start = days[0]
    for day, following in zip(days, [*days[1:], None], strict=True):
        what = _day_text(plan, day)
        if following is not None and _day_text(plan, following) == what:
            continue
        if what:
            span = f"{_short(run_start)} to {_short(day)}" if run_start != day else _short(day)
            lines.append(f"{span}: {what}")
        run_start = following or day
    lines += [
        f"{VISIT_MARK} visit {number}: {_short(day)}"
        for day, number in sorted(visits.items())
        if (day.year, day.month) == (year, month)
    ]
    return lines


def _short(day: date) -> str:
    return f"{day:%a} {day.day:>2}"


def _day_text(plan: Plan, day: date) -> str:
    dose = plan.dose_on(day)
    if dose is not None:
        return format_mg(dose)
    return "no LDN" if plan.hold_on(day) is not None else ""


def render(plan: Plan, options: RenderOptions) -> str:
    """Every month the plan touches, then the legend and the follow-up windows."""
    visits = {
        checkpoint.suggested: number for number, checkpoint in enumerate(plan.checkpoints, start=1)
    }
    narrow = options.width < GRID_WIDTH
    months: list[tuple[int, int]] = []
    day = plan.start.replace(day=1)
    while day <= plan.end:
        months.append((day.year, day.month))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    lines = [f"LDN daily dose, {dose_time_phrase(plan.dose_time)}"]
    if plan.start_note:
        lines.append(_wrapped(start_text(plan), options.width))
    lines.append("")
    for year, month in months:
        block = (
            month_runs(plan, year, month, visits)
            if narrow
            else month_grid(plan, year, month, set(visits))
        )
        lines += [*block, ""]
    notes = []
    if plan.preparation is not None:
        notes.append("Measures:")
        notes += [f"  {dose_with_measure(plan, step.index)}" for step in plan.steps]
    notes.append(continues_text(plan))
    notes.append(f"{VISIT_MARK} suggested follow-up visit; book any day of its window:")
    notes += [
        f"  visit {number}: {window_text(checkpoint)}"
        + ("" if checkpoint.clinic_day else f" ({NO_CLINIC_DAY_NOTE})")
        for number, checkpoint in enumerate(plan.checkpoints, start=1)
    ]
    notes += [
        f"No LDN {hold.start.isoformat()} to {hold.end.isoformat()}: {hold.reason}"
        for hold in plan.holds
    ]
    notes += [
        f"{severity_label(warning.severity)}: "
        + (f"{warning.input} → " if warning.input else "")
        + f"{warning.message} [{warning.source}]"
        for warning in plan.warnings
    ]
    notes.append(DISCLAIMER)
    lines += [_wrapped(note, options.width) for note in notes]
    return printable("\n".join(lines) + "\n")  # a medication line may hold an ESC byte


def _wrapped(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` (continuation lines indented), doses kept whole."""
    indent = " " * (len(text) - len(text.lstrip()) + 2)
    lines = textwrap.wrap(
        glue_units(text),
        width=max(width, 20),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines).replace(UNIT_GLUE, " ")
