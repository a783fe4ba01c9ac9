"""The terminal view of a plan: warnings, schedule, follow-ups, a step chart, precautions."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from rich.console import Group
from rich.table import Table

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    console_text,
    dose_with_measure,
    make_console,
    shared_assessment,
    styled,
    window_text,
)

CHART_COLUMNS = 48
CHART_MAX_ROWS = 8


def day_label(day: date) -> str:
    """A date with its weekday, unambiguous in every country: ``Tue 2026-12-01``."""
    return f"{day:%a} {day.isoformat()}"


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as tables and text for a terminal of ``options.width`` columns."""
    buffer = StringIO()
    console = make_console(buffer, options)
    console.print(_heading(plan))
    if plan.warnings:
        console.print(_warnings(plan))
    console.print(_schedule(plan))
    if plan.holds or plan.adjustments:
        console.print(_course_changes(plan))
    console.print(_checkpoints(plan))
    console.print(styled("Dose over time", style="bold"))
    console.print(styled("\n".join(step_chart(plan)), no_wrap=True, overflow="crop"))
    console.print()
    console.print(_precautions(plan))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)


def _heading(plan: Plan) -> Group:
    protocol = plan.protocol
    kind = "individualized from " if protocol.individualized else ""
    return Group(
        styled(
            f"LDN titration plan: {kind}{protocol.name} protocol [{protocol.source}]",
            style="bold",
        ),
        styled(
            f"Naltrexone (low dose) by mouth {dose_time_phrase(plan.dose_time)}, "
            f"from {day_label(plan.start)} to {day_label(plan.end)}, "
            f"target {format_mg(plan.max_daily_mg)} daily"
        ),
        styled(""),
    )


def _warnings(plan: Plan) -> Table:
    table = Table(title="Warnings", title_justify="left", title_style="bold red", expand=True)
    for column in ("Severity", "Input", "Finding", "Source"):
        table.add_column(column, overflow="fold")
    for warning in plan.warnings:
        table.add_row(
            styled(warning.severity.upper(), style="bold red"),
            warning.input or "",
            warning.message,
            warning.source,
        )
    return table


def _schedule(plan: Plan) -> Table:
    table = Table(title="Schedule", title_justify="left", title_style="bold")
    table.add_column("Step", justify="right")
    table.add_column("From")
    table.add_column("To")
    table.add_column("Days", justify="right")
    table.add_column("Daily dose")
    phrase = dose_time_phrase(plan.dose_time)
    for step in plan.steps:
        table.add_row(
            str(step.index),
            day_label(step.start),
            day_label(step.end),
            str(step.days),
            f"{dose_with_measure(plan, step.index)} {phrase}",
        )
    return table


def _course_changes(plan: Plan) -> Group:
    """Holds (no LDN on purpose) and the adjustments that produced this plan."""
    lines = []
    for hold in plan.holds:
        period = f"from {day_label(hold.start)} to {day_label(hold.end)}"
        line = (
            f"Missed: no dose taken {period} [{hold.source}]"
            if hold.kind == "missed"
            else f"No LDN {period}: {hold.reason} [{hold.source}]"
        )
        lines.append(styled(line, style="bold"))
    if plan.adjustments:
        lines.append(styled("Adjustments", style="bold"))
        lines += [
            styled(f"- {item.on.isoformat()} {item.event}: {item.reason} [{item.source}]")
            for item in plan.adjustments
        ]
    return Group(*lines, styled(""))


def _checkpoints(plan: Plan) -> Group:
    """Visits with their windows; what every visit assesses is printed once below."""
    shared, sources = shared_assessment(plan)
    table = Table(title="Follow-up visits", title_justify="left", title_style="bold")
    table.add_column("Visit", justify="right")
    table.add_column("Suggested", no_wrap=True)
    table.add_column("Window", no_wrap=True)
    table.add_column("Reviews", no_wrap=True)
    table.add_column("Also assess", overflow="fold")
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        table.add_row(
            str(number),
            day_label(checkpoint.suggested),
            window_text(checkpoint),
            ("step " if len(checkpoint.reviews) == 1 else "steps ")
            + ", ".join(str(index) for index in checkpoint.reviews),
            "\n".join(item for item in checkpoint.assess if item not in shared),
        )
    lines = [styled(f"At every visit assess [{', '.join(sources)}]:")]
    lines += [styled(f"- {item}") for item in shared]
    return Group(table, *lines, styled(""))


def _precautions(plan: Plan) -> Group:
    lines = [styled("Precautions", style="bold")]
    lines += [styled(f"- {item.text} [{item.source}]") for item in plan.precautions]
    return Group(*lines)


def step_chart(plan: Plan) -> list[str]:
    """A text chart of the daily dose: one row per dose level, one column per stretch of days."""
    total_days = (plan.end - plan.start).days + 1
    columns = min(total_days, CHART_COLUMNS)
    column_doses = [
        plan.dose_on(plan.start + timedelta(days=column * total_days // columns)) or Decimal(0)
        for column in range(columns)
    ]
    levels = sorted({step.dose_mg for step in plan.steps}, reverse=True)
    if len(levels) > CHART_MAX_ROWS:
        last = len(levels) - 1
        levels = [levels[row * last // (CHART_MAX_ROWS - 1)] for row in range(CHART_MAX_ROWS)]
    label_width = max(len(format_mg(level)) for level in levels)
    rows = [
        f"{format_mg(level):>{label_width}} │"
        + "".join("█" if dose >= level else " " for dose in column_doses)
        for level in levels
    ]
    rows.append(" " * label_width + " └" + "─" * columns)
    start_label, end_label = plan.start.isoformat(), plan.end.isoformat()
    gap = max(1, columns - len(start_label) - len(end_label))
    rows.append(" " * (label_width + 2) + start_label + " " * gap + end_label)
    return rows
