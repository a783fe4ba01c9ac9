"""The compounding sheet of ``ldn compound``: per step its measure, then the fills with their
quantities and use-by dates, then the warnings and the storage notes, with their sources."""

from collections.abc import Sequence
from decimal import Decimal
from io import StringIO
from typing import TYPE_CHECKING

from ldn_cli.dose import format_mg, format_number
from ldn_cli.models import CapsuleCount, Liquid, Plan, Preparation, Step, StepPreparation
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    console_text,
    make_console,
    severity_label,
    styled,
)

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


def _number(value: Decimal | None) -> str:
    return format_number(value if value is not None else Decimal(0))


def capsule_text(counts: Sequence[CapsuleCount]) -> str:
    """``60 × 1.5 mg, 14 × 0.5 mg``."""
    return ", ".join(f"{item.count} × {format_mg(item.strength_mg)}" for item in counts)


def _title(preparation: Preparation) -> str:
    formulation = preparation.formulation
    if isinstance(formulation, Liquid):
        concentration = format_number(formulation.concentration_mg_per_ml)
        return f"Oral liquid {concentration} mg/mL ({formulation.base})"
    return "Capsules " + ", ".join(format_mg(s) for s in formulation.strengths_mg)


def _liquid_cells(prepared: StepPreparation, limit: Decimal) -> "list[str | Text]":
    """Volume (with what it delivers when that is not the dose), syringe, possible error."""
    volume = f"{_number(prepared.volume_ml)} mL"
    delivered = prepared.delivered_mg
    if delivered is not None and delivered != prepared.dose_mg:
        volume += f" = {format_mg(delivered)}"  # the volume is not the dose: say so
    error = prepared.error_pct or Decimal(0)
    return [
        volume,
        f"{_number(prepared.syringe_ml)} mL (by {_number(prepared.graduation_ml)} mL)",
        styled(f"±{_number(prepared.error_pct)}%", style="bold red" if error > limit else ""),
    ]


def _steps_table(plan: Plan, preparation: Preparation) -> "Table":
    from rich.table import Table

    liquid = isinstance(preparation.formulation, Liquid)
    table = Table(
        title=f"Compounding: {_title(preparation)}", title_justify="left", title_style="bold"
    )
    for column in ("Step", "From", "To", "Dose"):
        table.add_column(column)
    extra = ("Volume", "Syringe", "Possible error") if liquid else ("Capsules",)
    for column in extra:
        table.add_column(column, justify="right" if liquid else "left")
    for step, prepared in zip(plan.steps, preparation.steps, strict=True):
        table.add_row(*_step_cells(step), *_measure_cells(prepared, preparation, liquid=liquid))
    return table


def _step_cells(step: Step) -> list[str]:
    return [str(step.index), step.start.isoformat(), step.end.isoformat(), format_mg(step.dose_mg)]


def _measure_cells(
    prepared: StepPreparation, preparation: Preparation, *, liquid: bool
) -> "list[str | Text]":
    if liquid:
        return _liquid_cells(prepared, preparation.max_error_pct)
    return [capsule_text(prepared.capsules or [])]


def _fills_table(preparation: Preparation) -> "Table":
    from rich.table import Table

    table = Table(title="Fills", title_justify="left", title_style="bold")
    for column in ("Fill", "Covers", "Days", "Use by", "Quantity"):
        table.add_column(column)
    for fill in preparation.fills:
        quantity = (
            f"{format_number(fill.quantity_ml)} mL"
            if fill.quantity_ml is not None
            else capsule_text(fill.capsules or [])
        )
        table.add_row(
            str(fill.number),
            f"{fill.first_day.isoformat()} to {fill.last_day.isoformat()}",
            str(fill.days),
            fill.use_by.isoformat(),
            quantity,
        )
    return table


def _summary(preparation: Preparation) -> str:
    total = (
        f"{format_number(preparation.total_ml)} mL"
        if preparation.total_ml is not None
        else capsule_text(preparation.total_capsules or [])
    )
    return (
        f"Total: {total} for {preparation.days_supply} days. Beyond-use date: "
        f"{preparation.bud_days} days [{preparation.bud_source}]. Overage: "
        f"{format_number(preparation.overage_pct)}% (set --overage for syringe dead volume)."
    )


def render_compound_table(plan: Plan, options: RenderOptions) -> str:
    """Per step: dose, measure, possible error; then the fills with quantities and use-by."""
    preparation = plan.preparation
    assert preparation is not None, "ldn compound always attaches a preparation"
    console = make_console(buffer := StringIO(), options)
    console.print(_steps_table(plan, preparation))
    console.print(_fills_table(preparation))
    console.print(_summary(preparation))
    for warning in preparation.warnings:
        label = severity_label(warning.severity)
        console.print(styled(f"{label}: {warning.message} [{warning.source}]", style="bold red"))
    for note in preparation.bud_notes:
        console.print(f"Note: {note.text} [{note.source}]")
    for note in preparation.notes:
        console.print(f"Storage and formulation: {note.text} [{note.source}]")
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)
