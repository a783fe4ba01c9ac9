"""A month grid in the terminal (``--format calendar``), like ``cal``, with each day's dose."""

import calendar as stdlib_calendar
from datetime import date

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    dose_with_measure,
    hold_on,
    window_text,
)

CELL = 10  # "31 4.5 mg*" fits, with one space between cells
VISIT_MARK = "*"


def month_grid(plan: Plan, year: int, month: int, visits: set[date]) -> list[str]:
    """The lines of one month: title, weekday header, and a row per week."""
    title = date(year, month, 1).strftime("%B %Y")
    width = 7 * (CELL + 1) - 1
    header = " ".join(f"{name:<{CELL}}" for name in _WEEKDAYS).rstrip()
    lines = [title.center(width).rstrip(), header]
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(" " * CELL)
                continue
            dose = plan.dose_on(day)
            text = f"{day.day:>2}"
            if dose is not None:
                text += f" {format_mg(dose)}"
            elif hold_on(plan, day) is not None:
                text += " no LDN"
            if day in visits:
                text += VISIT_MARK
            cells.append(f"{text:<{CELL}}")
        lines.append(" ".join(cells).rstrip())
    return lines


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def render(plan: Plan, options: RenderOptions) -> str:
    """Every month the plan touches, then the legend and the follow-up windows."""
    visits = {checkpoint.suggested for checkpoint in plan.checkpoints}
    months: list[tuple[int, int]] = []
    day = plan.start.replace(day=1)
    while day <= plan.end:
        months.append((day.year, day.month))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    lines = [f"LDN daily dose, {dose_time_phrase(plan.dose_time)}", ""]
    for year, month in months:
        lines += [*month_grid(plan, year, month, visits), ""]
    if plan.preparation is not None:
        lines.append("Measures:")
        lines += [f"  {dose_with_measure(plan, step.index)}" for step in plan.steps]
    lines.append(f"{VISIT_MARK} suggested follow-up visit; windows:")
    lines += [
        f"  visit {number}: {window_text(checkpoint)}"
        for number, checkpoint in enumerate(plan.checkpoints, start=1)
    ]
    lines += [
        f"No LDN {hold.start.isoformat()} to {hold.end.isoformat()}: {hold.reason}"
        for hold in plan.holds
    ]
    lines += [f"Warning: {warning.message}" for warning in plan.warnings]
    lines.append(DISCLAIMER)
    return "\n".join(lines) + "\n"
