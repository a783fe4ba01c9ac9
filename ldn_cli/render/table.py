"""The terminal view of a plan: warnings, schedule, follow-ups, a step chart, precautions.

Every field survives any width: a table is drawn only when it fits the width without
wrapping a cell, and never below ``STACK_BELOW`` columns; otherwise the same fields are printed
stacked, one labelled line each, which wrap at spaces. Warnings are always a list, each
labelled by its severity.
"""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    NO_CLINIC_DAY_NOTE,
    RenderOptions,
    console_text,
    continues_text,
    day_label,
    dose_with_measure,
    make_console,
    severity_label,
    shared_assessment,
    start_text,
    styled,
    window_text,
)

#: Narrower terminals get the stacked layout (a table of this plan needs about 70 columns).
STACK_BELOW = 80
#: The step chart: at most this many day columns, and one row per dose level up to this many.
CHART_COLUMNS = 48
CHART_MAX_ROWS = 20
_UNBOUNDED = 10_000
_SEVERITY_STYLES = {"contraindicated": "bold red", "info": "bold"}


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as tables (or stacked lines) and text for a terminal of ``options.width``."""
    buffer = StringIO()
    console = make_console(buffer, options)
    console.print(_heading(plan))
    if plan.warnings:
        console.print(_warnings(plan))
    console.print(_fitted(console, options, _schedule_table(plan), _schedule_stacked(plan)))
    console.print(styled(continues_text(plan)))
    console.print()
    if plan.holds or plan.adjustments:
        console.print(_course_changes(plan))
    console.print(_fitted(console, options, _checkpoint_table(plan), _checkpoints_stacked(plan)))
    for line in no_clinic_day_lines(plan):
        console.print(styled(line))
    console.print(_assessment(plan))
    console.print(styled("Dose over time", style="bold"))
    console.print(styled("\n".join(step_chart(plan, width=options.width)), no_wrap=True))
    console.print()
    console.print(_precautions(plan))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)


def _fitted(
    console: Console, options: RenderOptions, table: Table, stacked: RenderableType
) -> RenderableType:
    """``table`` if it fits the width unwrapped, else the same fields ``stacked``."""
    if options.width < STACK_BELOW:
        return stacked
    # Measured without the console's width, which would cap the answer at that width.
    unbounded = console.options.update_width(_UNBOUNDED)
    return table if console.measure(table, options=unbounded).maximum <= options.width else stacked


def _heading(plan: Plan) -> Group:
    protocol = plan.protocol
    kind = "individualized from " if protocol.individualized else ""
    lines = [
        styled(
            f"LDN titration plan: {kind}{protocol.name} protocol [{protocol.source}]",
            style="bold",
        ),
        styled(
            f"Naltrexone (low dose) by mouth {dose_time_phrase(plan.dose_time)}, "
            f"from {day_label(plan.start)} to {day_label(plan.end)}, "
            f"target {format_mg(plan.max_daily_mg)} daily"
        ),
    ]
    if plan.start_note:
        lines.append(styled(start_text(plan)))
    return Group(*lines, styled(""))


def no_clinic_day_lines(plan: Plan) -> list[str]:
    """A line for each visit whose window holds no clinic day."""
    return [
        f"Visit {number}: {NO_CLINIC_DAY_NOTE}."
        for number, checkpoint in enumerate(plan.checkpoints, start=1)
        if not checkpoint.clinic_day
    ]


def _warnings(plan: Plan) -> Group:
    """Each warning on its own lines: its severity, what it is about, the finding, the source."""
    informative = all(warning.severity == "info" for warning in plan.warnings)
    lines = [styled("Notes" if informative else "Warnings", style="bold red")]
    for warning in plan.warnings:
        label = styled(
            f"{severity_label(warning.severity).upper()}",
            style=_SEVERITY_STYLES.get(warning.severity, "bold yellow"),
        )
        about = f"{warning.input} → " if warning.input else ""
        label.append(styled(f": {about}{warning.message} [{warning.source}]"))
        lines.append(label)
    return Group(*lines, styled(""))


def _schedule_table(plan: Plan) -> Table:
    table = Table(title="Schedule", title_justify="left", title_style="bold")
    table.add_column("Step", justify="right", no_wrap=True)
    table.add_column("From", no_wrap=True)
    table.add_column("To", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True)
    table.add_column("Daily dose", no_wrap=True)
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


def _schedule_stacked(plan: Plan) -> Group:
    phrase = dose_time_phrase(plan.dose_time)
    lines: list[RenderableType] = [styled("Schedule", style="bold")]
    for step in plan.steps:
        days = "day" if step.days == 1 else "days"
        lines.append(styled(f"Step {step.index}: {dose_with_measure(plan, step.index)} {phrase}"))
        lines.append(
            _indented(f"{day_label(step.start)} to {day_label(step.end)}, {step.days} {days}")
        )
    return Group(*lines)


def _indented(text: str) -> Padding:
    return Padding(styled(text), (0, 0, 0, 2), expand=False)


def _course_changes(plan: Plan) -> Group:
    """Holds (no LDN on purpose) and the adjustments that produced this plan."""
    lines = [styled("")]
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


def _reviews(indices: list[int]) -> str:
    return ("step " if len(indices) == 1 else "steps ") + ", ".join(map(str, indices))


def _checkpoint_table(plan: Plan) -> Table:
    table = Table(title="Follow-up visits", title_justify="left", title_style="bold")
    table.add_column("Visit", justify="right", no_wrap=True)
    table.add_column("Suggested", no_wrap=True)
    table.add_column("Window (book any day)", no_wrap=True)
    table.add_column("Reviews", no_wrap=True)
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        table.add_row(
            str(number),
            day_label(checkpoint.suggested),
            window_text(checkpoint),
            _reviews(checkpoint.reviews),
        )
    return table


def _checkpoints_stacked(plan: Plan) -> Group:
    lines: list[RenderableType] = [styled("Follow-up visits", style="bold")]
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        lines.append(styled(f"Visit {number}: suggested {day_label(checkpoint.suggested)}"))
        lines.append(_indented(f"window (book any day): {window_text(checkpoint)}"))
        lines.append(_indented(f"reviews {_reviews(checkpoint.reviews)}"))
    return Group(*lines)


def _assessment(plan: Plan) -> Group:
    """What every visit assesses (once), then what each visit decides, with the sources."""
    shared, sources = shared_assessment(plan)
    lines = [styled(f"At every visit assess [{', '.join(sources)}]:")]
    lines += [styled(f"- {item}") for item in shared]
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        own = [item for item in checkpoint.assess if item not in shared]
        if own:
            lines.append(styled(f"Visit {number} also: {'; '.join(own)}"))
    return Group(*lines, styled(""))


def _precautions(plan: Plan) -> Group:
    lines = [styled("Precautions", style="bold")]
    lines += [styled(f"- {item.text} [{item.source}]") for item in plan.precautions]
    return Group(*lines)


def step_chart(plan: Plan, *, width: int = CHART_COLUMNS + 10) -> list[str]:
    """A text chart of the daily dose: one row per dose level, one column per stretch of days.

    Every level gets its row (a column shows the highest dose of its days, so no step is
    sampled away); a plan with more than ``CHART_MAX_ROWS`` levels gets a line saying so
    instead of a chart that would drop some.
    """
    levels = sorted({step.dose_mg for step in plan.steps}, reverse=True)
    if len(levels) > CHART_MAX_ROWS:
        return [
            f"{len(levels)} dose levels, more than the {CHART_MAX_ROWS} this chart shows: "
            "every step is in the schedule above."
        ]
    label_width = max(len(format_mg(level)) for level in levels)
    total_days = (plan.end - plan.start).days + 1
    columns = max(1, min(total_days, CHART_COLUMNS, width - label_width - 3))
    column_doses = [
        _highest_dose(
            plan,
            plan.start + timedelta(days=column * total_days // columns),
            plan.start + timedelta(days=(column + 1) * total_days // columns - 1),
        )
        for column in range(columns)
    ]
    rows = [
        f"{format_mg(level):>{label_width}} │"
        + "".join("█" if dose >= level else " " for dose in column_doses)
        for level in levels
    ]
    rows.append(" " * label_width + " └" + "─" * columns)
    start_label, end_label = plan.start.isoformat(), plan.end.isoformat()
    margin = " " * (label_width + 2)
    if len(start_label) + 1 + len(end_label) <= columns:
        gap = columns - len(start_label) - len(end_label)
        rows.append(margin + start_label + " " * gap + end_label)
    else:
        rows += [f"{margin}from {start_label}", f"{margin}to {end_label}"]
    return rows


def _highest_dose(plan: Plan, first: date, last: date) -> Decimal:
    """The highest planned dose from ``first`` to ``last`` (0 on days without LDN)."""
    doses = [step.dose_mg for step in plan.steps if step.start <= last and step.end >= first]
    return max(doses, default=Decimal(0))
