"""The pharmacist's outputs: a compounding sheet (``ldn compound``) and lint findings
(``ldn check``), each as a table or JSON."""

from collections.abc import Sequence
from decimal import Decimal
from io import StringIO

from ldn_cli.check import SEVERITY_ORDER, Finding, FindingsReport
from ldn_cli.dose import format_mg, format_number
from ldn_cli.models import CapsuleCount, Liquid, Plan
from ldn_cli.render import DISCLAIMER, RenderOptions, console_text, make_console, styled
from ldn_cli.render.json import to_json


def _number(value: Decimal | None) -> str:
    return format_number(value if value is not None else Decimal(0))


def capsule_text(counts: Sequence[CapsuleCount]) -> str:
    """``60 × 1.5 mg, 14 × 0.5 mg``."""
    return ", ".join(f"{item.count} × {format_mg(item.strength_mg)}" for item in counts)


def render_compound_table(plan: Plan, options: RenderOptions) -> str:
    """Per step: dose, measure, possible error; then the fills with quantities and use-by."""
    from rich.table import Table

    preparation = plan.preparation
    assert preparation is not None, "ldn compound always attaches a preparation"
    formulation = preparation.formulation
    liquid = isinstance(formulation, Liquid)
    if isinstance(formulation, Liquid):
        title = f"Oral liquid {format_number(formulation.concentration_mg_per_ml)} mg/mL"
        title += f" ({formulation.base})"
    else:
        title = "Capsules " + ", ".join(format_mg(s) for s in formulation.strengths_mg)
    steps = Table(title=f"Compounding: {title}", title_justify="left", title_style="bold")
    for column in ("Step", "From", "To", "Dose"):
        steps.add_column(column)
    if liquid:
        for column in ("Volume", "Syringe", "Possible error"):
            steps.add_column(column, justify="right")
    else:
        steps.add_column("Capsules")
    for step, prepared in zip(plan.steps, preparation.steps, strict=True):
        cells = [str(step.index), step.start.isoformat(), step.end.isoformat()]
        cells.append(format_mg(step.dose_mg))
        if liquid:
            error = prepared.error_pct or Decimal(0)
            delivered = prepared.delivered_mg
            volume = f"{_number(prepared.volume_ml)} mL"
            if delivered is not None and delivered != prepared.dose_mg:
                volume += f" = {format_mg(delivered)}"  # the volume is not the dose: say so
            cells += [
                volume,
                f"{_number(prepared.syringe_ml)} mL (by {_number(prepared.graduation_ml)} mL)",
                f"±{_number(prepared.error_pct)}%",
            ]
            style = "bold red" if error > preparation.max_error_pct else ""
            steps.add_row(*cells[:-1], styled(cells[-1], style=style))
        else:
            steps.add_row(*cells, capsule_text(prepared.capsules or []))
    fills = Table(title="Fills", title_justify="left", title_style="bold")
    for column in ("Fill", "Covers", "Days", "Use by", "Quantity"):
        fills.add_column(column)
    for fill in preparation.fills:
        quantity = (
            f"{format_number(fill.quantity_ml)} mL"
            if fill.quantity_ml is not None
            else capsule_text(fill.capsules or [])
        )
        fills.add_row(
            str(fill.number),
            f"{fill.first_day.isoformat()} to {fill.last_day.isoformat()}",
            str(fill.days),
            fill.use_by.isoformat(),
            quantity,
        )
    total = (
        f"{format_number(preparation.total_ml)} mL"
        if preparation.total_ml is not None
        else capsule_text(preparation.total_capsules or [])
    )
    console = make_console(buffer := StringIO(), options)
    console.print(steps)
    console.print(fills)
    console.print(
        f"Total: {total} for {preparation.days_supply} days. Beyond-use date: "
        f"{preparation.bud_days} days [{preparation.bud_source}]. Overage: "
        f"{format_number(preparation.overage_pct)}% (set --overage for syringe dead volume)."
    )
    for warning in preparation.warnings:
        label = "Error" if warning.severity == "error" else "Warning"
        console.print(styled(f"{label}: {warning.message} [{warning.source}]", style="bold red"))
    for note in preparation.bud_notes:
        console.print(f"Note: {note.text} [{note.source}]")
    for note in preparation.notes:
        console.print(f"Storage and formulation: {note.text} [{note.source}]")
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)


def render_findings_json(report: FindingsReport) -> str:
    """``schema_version``, ``failing``, ``counts`` per severity, and the ``findings``."""
    return to_json(report) + "\n"


_GROUP_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}


def render_findings_table(findings: Sequence[Finding], options: RenderOptions) -> str:
    """Findings grouped by severity, then a one-line summary."""
    from rich.table import Table

    console = make_console(buffer := StringIO(), options)
    styles = {"error": "bold red", "warning": "yellow", "info": ""}
    for severity in SEVERITY_ORDER:
        group = [item for item in findings if item.severity == severity]
        if not group:
            continue
        table = Table(
            title=f"{_GROUP_TITLES[severity]} ({len(group)})",
            title_justify="left",
            title_style=styles[severity] or "bold",
        )
        for column in ("Code", "Where", "Finding", "Source"):
            table.add_column(column, overflow="fold")
        for item in group:
            table.add_row(item.code, item.where, item.message, item.source)
        console.print(table)
    counts = {s: sum(1 for item in findings if item.severity == s) for s in SEVERITY_ORDER}
    summary = ", ".join(
        f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}"
        for severity, count in counts.items()
    )
    console.print(styled(f"{summary}." if findings else "No findings.", style="bold"))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)
