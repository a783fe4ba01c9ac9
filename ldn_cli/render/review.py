"""The review for the clinician: tables, a terminal chart of daily pain over the dose steps,
the sourced suggestions; or the JSON contract (``ldn schema review``).

Every number comes from the ``Review`` the core computed; this module only lays it out. Text
the patient wrote (side effects, notes) is shown with control characters escaped.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from typing import TYPE_CHECKING

from ldn_cli.dose import format_mg, format_number
from ldn_cli.models import dose_time_phrase
from ldn_cli.printable import one_line
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    console_text,
    day_label,
    make_console,
    styled,
)
from ldn_cli.render.json import to_json
from ldn_cli.response import WINDOW_DAYS, Day, MissedDoses, Review, Window, weeks_text

if TYPE_CHECKING:
    from rich.table import Table

#: Chart rows: one per whole point of the 0–10 pain scale.
PAIN_LEVELS = range(10, -1, -1)
DOT = "•"
BASELINE_MARK = "─"
GOAL_MARK = "┄"
MISSED_MARK = "x"
_LABEL_WIDTH = 8  # "Pain 10 " / "Dose    " before the axis


def render_json(result: Review) -> str:
    """The review as indented JSON with ISO dates and exact numbers, ending in a newline."""
    return to_json(result) + "\n"


def render_table(result: Review, options: RenderOptions) -> str:
    """The review as tables, a chart and suggestions for a terminal of ``options.width``."""
    from rich.table import Table

    buffer = StringIO()
    console = make_console(buffer, options)
    dose = (
        f"{format_mg(result.dose_mg)} {dose_time_phrase(result.dose_time)}"
        if result.dose_mg is not None
        else "no LDN planned (a hold)"
    )
    console.print(
        styled(
            f"LDN review on {day_label(result.on)}: day {result.days_since_start + 1} of the plan "
            f"({weeks_text(result.days_since_start)} since the start, "
            f"{day_label(result.plan_start)})",
            style="bold",
        )
    )
    console.print(
        styled(f"Planned dose: {dose}" + (" (maintenance)" if result.at_maintenance else ""))
    )
    console.print(
        styled(
            f"Mean pain (0–10) of {WINDOW_DAYS} days [final-trial], from at least "
            f"{result.min_recorded_days} recorded days [diary-min-days]\n"
            "Categories of the reduction: IMMPACT [immpact-2008]"
        )
    )
    console.print()
    response = Table(title="Response", title_justify="left", title_style="bold")
    for column, justify in (("", "left"), ("Mean pain", "right"), ("Days", "left")):
        response.add_column(column, justify=justify)  # type: ignore[arg-type]
    baseline_days = (
        "given (--baseline)" if result.baseline_given else _window_text(result.baseline_window)
    )
    response.add_row("Baseline", _pain(result.baseline_pain), baseline_days)
    response.add_row("Now", _pain(result.current_pain), _window_text(result.current_window))
    console.print(response)
    console.print(styled("\n".join(_reduction_lines(result))))
    console.print()
    if result.steps:
        console.print(_steps_table(result))
    console.print(styled(_missed_line(result.missed_doses)))
    console.print()
    if result.side_effects:
        effects = Table(
            title=f"Side effects since {result.current_window.start.isoformat()}",
            title_justify="left",
            title_style="bold",
        )
        effects.add_column("Side effect", overflow="fold")
        effects.add_column("Days", justify="right")
        effects.add_column("Persisting")
        for item in result.side_effects:
            effects.add_row(one_line(item.name), str(item.days), "yes" if item.persisting else "")
        console.print(effects)
    if result.notes:
        console.print(styled("Notes", style="bold"))
        for note in result.notes:
            console.print(styled(f"- {note.date.isoformat()}: {one_line(note.text)}"))
        console.print()
    console.print(styled(_chart_title(result), style="bold"))
    chart, legend = pain_chart(result, width=options.width)
    console.print(styled("\n".join(chart), no_wrap=True, overflow="crop"))
    if legend:
        console.print(styled(legend))
    console.print()
    console.print(styled("Suggestions", style="bold"))
    for suggestion in result.suggestions:
        marker = "ACTION: " if suggestion.action else ""
        # a suggestion may quote the patient's words (a side effect): escaped like them
        console.print(styled(f"- {marker}{one_line(suggestion.text)} [{suggestion.source}]"))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)


def _steps_table(result: Review) -> "Table":
    from rich.table import Table

    table = Table(title="By step", title_justify="left", title_style="bold")
    table.add_column("Step", justify="right")
    table.add_column("Dose")
    table.add_column("Days reviewed", no_wrap=True)
    table.add_column("Recorded", justify="right")
    table.add_column("Mean pain", justify="right")
    table.add_column("Reduction", justify="right")
    table.add_column("Category")
    for step in result.steps:
        table.add_row(
            str(step.index),
            format_mg(step.dose_mg),
            _window_range(step.window),
            str(step.window.recorded_days),
            _pain(step.mean_pain),
            _percent(step.reduction_pct),
            step.category,
        )
    return table


def _reduction_lines(result: Review) -> list[str]:
    if result.reduction_pct is None:
        why = "insufficient data" if result.baseline_pain is not None else "no baseline"
        lines = [f"Reduction: not computed ({why}), {result.category} [final-trial]"]
    else:
        lines = [f"Reduction: {_percent(result.reduction_pct)}, {result.category} [immpact-2008]"]
    if result.goal_pain is not None:
        lines.append(
            "Realistic goal: a 30–50% reduction, mean pain "
            f"{format_number(result.goal_pain)} or lower [seed-goal]"
        )
    return lines


def _missed_line(missed: MissedDoses) -> str:
    def part(count: int, recorded: int, where: str) -> str:
        if recorded == 0:
            return f"not recorded {where}"
        return f"{count} of {recorded} recorded {where}"

    return (
        "Doses not taken: "
        + part(missed.window, missed.recorded_window, f"in the last {WINDOW_DAYS} days")
        + "; "
        + part(missed.overall, missed.recorded_overall, "since the start")
    )


def _chart_title(result: Review) -> str:
    marks = [f"{DOT} a recorded day"]
    if result.baseline_pain is not None:
        marks.append(f"{BASELINE_MARK} baseline {format_number(result.baseline_pain)}")
    if result.goal_pain is not None:
        marks.append(f"{GOAL_MARK} 30% less ({format_number(result.goal_pain)})")
    return "Daily pain: " + ", ".join(marks) + "; the dose beneath"


def pain_chart(result: Review, *, width: int) -> tuple[list[str], str | None]:
    """Daily pain as dots (one row per point of 0–10), the dose steps beneath, then the dates;
    and, when a dose label does not fit beneath its days, a legend of every dose stretch
    (a dose is never shown cut short).

    One column per day when the days fit, else several days share a column (each day's dot
    is drawn). The baseline and the 30%-reduction pain are drawn as lines where no dot is.
    """
    days = result.days
    columns = max(1, min(len(days), width - _LABEL_WIDTH - 2))
    cells = [[" "] * columns for _ in PAIN_LEVELS]
    day_columns = [offset * columns // len(days) for offset in range(len(days))]
    for level, mark in (
        (result.baseline_pain, BASELINE_MARK),
        (result.goal_pain, GOAL_MARK),
    ):
        if level is not None:
            cells[10 - _row(level)] = [mark] * columns
    for day, column in zip(days, day_columns, strict=True):
        if day.pain is not None:
            cells[10 - _row(day.pain)][column] = DOT
    lines = [
        f"{'Pain' if level == 10 else '':<4}{level:>3} │" + "".join(row)
        for level, row in zip(PAIN_LEVELS, cells, strict=True)
    ]
    lines.append(" " * (_LABEL_WIDTH - 1) + "└" + "─" * columns)
    stretches = dose_stretches(result)
    band, complete = _dose_band(stretches, days, day_columns, columns)
    lines.append(f"{'Dose':<{_LABEL_WIDTH}}" + band)
    missed = [" "] * columns
    for day, column in zip(days, day_columns, strict=True):
        if day.dose_taken is False and day.dose_mg is not None:
            missed[column] = MISSED_MARK
    if MISSED_MARK in missed:
        lines.append(f"{'Missed':<{_LABEL_WIDTH}}" + "".join(missed))
    first, last = days[0].date.isoformat(), days[-1].date.isoformat()
    gap = max(1, columns - len(first) - len(last))
    lines.append(" " * _LABEL_WIDTH + first + " " * gap + last)
    legend = (
        None
        if complete
        else "Doses: "
        + "; ".join(f"{label} from {first_day.isoformat()}" for first_day, label in stretches)
    )
    return lines, legend


def dose_stretches(result: Review) -> list[tuple[date, str]]:
    """Each run of days with one planned dose: its first day and its label ("1.5 mg",
    "before LDN" for the baseline days, "no LDN" for a hold)."""
    stretches: list[tuple[date, str]] = []
    for day in result.days:
        if day.dose_mg is not None:
            label = format_mg(day.dose_mg)
        else:
            label = "before LDN" if day.date < result.plan_start else "no LDN"
        if not stretches or stretches[-1][1] != label:
            stretches.append((day.date, label))
    return stretches


def _dose_band(
    stretches: list[tuple[date, str]], days: list[Day], day_columns: list[int], columns: int
) -> tuple[str, bool]:
    """The stretches as ``▏1.5 mg`` under their columns; a label that does not fit whole is
    left out (only its bar is drawn). Also whether every label was drawn."""
    column_of = {day.date: column for day, column in zip(days, day_columns, strict=True)}
    starts = [column_of[first_day] for first_day, _ in stretches] + [columns]
    band = [" "] * columns
    complete = True
    for number, (_, label) in enumerate(stretches):
        begin, end = starts[number], starts[number + 1]
        short = "before" if label == "before LDN" else label  # 7 baseline days: 6 letters
        text = ("▏" if begin else "") + short  # the first starts at the axis corner already
        if len(text) > end - begin:
            complete = False
            text = text[:1] if begin and end > begin else ""
        band[begin : begin + len(text)] = list(text)
    return "".join(band), complete


def _row(pain: Decimal) -> int:
    return int(pain.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _pain(value: Decimal | None) -> str:
    return "–" if value is None else format_number(value)


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_number(value)}%"


def _window_range(window: Window) -> str:
    return f"{window.start.isoformat()} to {window.end.isoformat()}"


def _window_text(window: Window) -> str:
    need = f", {window.more_days_needed} more needed" if window.more_days_needed else ""
    return f"{window.recorded_days} recorded, {_window_range(window)}{need}"
