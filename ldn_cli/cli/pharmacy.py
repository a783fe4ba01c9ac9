"""``ldn compound`` and ``ldn check``: the pharmacist's commands."""

import sys
from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import is_terminal, read_lines, read_text, render_options, write_output
from ldn_cli.cli.options import (
    BudOption,
    CapsulesOption,
    DoseTimeOption,
    EveryOption,
    ForceOption,
    LiquidBase,
    LiquidBaseOption,
    LiquidOption,
    ListingFormat,
    MaintainOption,
    MaxErrorOption,
    MedOption,
    MedsFileOption,
    OutputOption,
    OverageOption,
    ProtocolOption,
    StartDoseOption,
    StartOption,
    StepOption,
    SyringesOption,
    TargetOption,
    UntilOption,
)
from ldn_cli.cli.plan_command import formulation_from, prepare_from_options
from ldn_cli.errors import InputError


@typer_app.command()
def compound(
    plan_file: Annotated[
        str | None,
        typer.Option("--plan", metavar="FILE", help="A JSON plan ('-' for stdin) instead."),
    ] = None,
    start: StartOption = None,
    protocol: ProtocolOption = "standard",
    start_dose: StartDoseOption = None,
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    maintain: MaintainOption = None,
    liquid: LiquidOption = None,
    liquid_base: LiquidBaseOption = LiquidBase.aqueous,
    capsules: CapsulesOption = None,
    syringes: SyringesOption = None,
    bud: BudOption = None,
    until: UntilOption = None,
    overage: OverageOption = None,
    max_error: MaxErrorOption = None,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Make a plan up as a liquid or capsules: per-step measures, fills and use-by dates.

    Takes the plan options of ldn plan, or --plan FILE. A dose whole capsules cannot make
    exits 2 and names the nearest makeable doses; a possible measuring error above
    --max-error exits 1 (the sheet is still printed).

    Example: ldn compound --start 2026-12-01 --liquid 1mg/mL
    """
    import ldn_cli
    from ldn_cli.render.json import to_json
    from ldn_cli.render.pharmacy import render_compound_table
    from ldn_cli.spec import plan_from_json

    formulation = formulation_from(liquid, liquid_base, capsules)
    if formulation is None:
        raise InputError("give a formulation: --liquid CONC (e.g. 1mg/mL) or --capsules MG,...")
    if plan_file is not None:
        base = plan_from_json(read_text(plan_file), name=plan_file)
    else:
        base = ldn_cli.plan(
            today=cli.today(),
            start="today" if start is None else start,
            protocol=protocol,
            start_dose=start_dose,
            step=step,
            every=every,
            target=target,
            dose_time=dose_time,
            maintain=maintain,
        )
    result = prepare_from_options(
        base,
        formulation,
        syringes=syringes,
        bud=bud,
        overage=overage,
        max_error=max_error,
        until=until,
    )
    if output_format is ListingFormat.json:
        text = to_json(result) + "\n"
    else:
        text = render_compound_table(result, render_options(output))
    write_output(text, output, force=force)
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK


@typer_app.command()
def check(
    plan_file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="JSON or CSV plan ('-' for stdin)."),
    ] = None,
    liquid: LiquidOption = None,
    liquid_base: LiquidBaseOption = LiquidBase.aqueous,
    capsules: CapsulesOption = None,
    syringes: SyringesOption = None,
    bud: BudOption = None,
    max_error: MaxErrorOption = None,
    until: UntilOption = None,
    dispensed: Annotated[
        str | None,
        typer.Option(
            "--dispensed",
            metavar="QTY",
            help="Quantity dispensed: 150mL, or capsules as 60 or 1.5:60,0.5:14; it must "
            "cover the plan to --until, or its first fill.",
        ),
    ] = None,
    med: MedOption = None,
    meds_file: MedsFileOption = None,
    directions: Annotated[
        str | None,
        typer.Option("--directions", metavar="TEXT", help="The free-text sig to check."),
    ] = None,
    max_step: Annotated[
        str | None,
        typer.Option(
            "--max-step", metavar="MG", help="Largest expected increase (default: the plan's)."
        ),
    ] = None,
    min_interval: Annotated[
        str | None,
        typer.Option(
            "--min-interval",
            metavar="DURATION",
            help="Shortest expected time between increases (7d).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
) -> int:
    """Lint a dose plan: doses, dates, steps, follow-ups, formulation, quantity, opioids, notation.

    Exit 1 on any error (any warning with --strict), 0 otherwise, 2 when the input cannot be
    read (with its line and column). The plan is a JSON plan or a CSV with a header
    (start,end,dose_mg or date,dose_mg), from FILE or stdin.

    Example: ldn check plan.csv --capsules 1.5 --dispensed 60
    """
    from ldn_cli import check as lint
    from ldn_cli.compounding import (
        DEFAULT_MAX_ERROR_PCT,
        parse_dispensed,
        parse_percent,
        parse_syringes,
    )
    from ldn_cli.interactions import check_medications
    from ldn_cli.models import Liquid
    from ldn_cli.render.pharmacy import render_findings_json, render_findings_table
    from ldn_cli.spec import parse_step
    from ldn_cli.timeparse import parse_date, parse_days

    formulation = formulation_from(liquid, liquid_base, capsules)
    medications = [*(med or []), *(read_lines(meds_file) if meds_file is not None else [])]
    source = plan_file
    wants_other = directions is not None or medications
    if source is None and not wants_other and not is_terminal(sys.stdin):
        source = "-"
    if source is None and not wants_other:
        raise InputError("give a plan FILE (or '-' for stdin), --directions TEXT or --med NAME")
    findings: list[lint.Finding] = []
    parsed = None
    if source is not None:
        name = "stdin" if source == "-" else source
        parsed = lint.parse_plan(read_text(source), name=name)
        findings += lint.check_rows(
            parsed,
            max_step_mg=parse_step(max_step) if max_step is not None else None,
            min_interval_days=parse_days(min_interval, what="minimum interval", maximum=84)
            if min_interval is not None
            else lint.DEFAULT_MIN_INTERVAL_DAYS,
        )
        stocked = parse_syringes(syringes) if syringes is not None else None
        if formulation is not None:
            findings += lint.check_formulation(
                parsed,
                formulation,
                syringes=stocked,
                max_error_pct=parse_percent(max_error, what="max error")
                if max_error is not None
                else DEFAULT_MAX_ERROR_PCT,
            )
            if dispensed is not None:
                findings += lint.check_dispensed(
                    parsed,
                    formulation,
                    parse_dispensed(dispensed, formulation),
                    bud_days=bud,
                    syringes=stocked,
                    until=parse_date(until, today=cli.today(), what="until")
                    if until is not None
                    else None,
                )
        elif dispensed is not None:
            raise InputError(
                "--dispensed needs the formulation: --liquid CONC or --capsules MG,..."
            )
    if directions is not None:
        findings += lint.check_directions(
            directions,
            plan=parsed,
            concentration=formulation.concentration_mg_per_ml
            if isinstance(formulation, Liquid)
            else None,
        )
    findings += lint.check_medications(check_medications(medications))
    result = lint.report(findings, strict=strict)
    if output_format is ListingFormat.json:
        text = render_findings_json(result)
    else:
        text = render_findings_table(result.findings, render_options(None))
    write_output(text, None, force=False)
    return EXIT_FINDINGS if result.failing else EXIT_OK
