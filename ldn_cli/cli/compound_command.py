"""``ldn compound``: a plan made up as a liquid or as capsules, for the pharmacist."""

from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import render_options, write_output
from ldn_cli.cli.options import ForceOption, ListingFormat, ListingFormatOption, OutputOption
from ldn_cli.cli.params import takes_requests
from ldn_cli.cli.plan_command import (
    PlanFileOption,
    announce_blocking,
    plan_from,
    with_settings_used,
)
from ldn_cli.errors import InputError
from ldn_cli.formulation_request import FormulationRequest
from ldn_cli.spec import PlanRequest


@typer_app.command()
@takes_requests
def compound(
    request: PlanRequest,
    formulation: FormulationRequest,
    plan_file: PlanFileOption = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Dispense only up to this date."),
    ] = None,
    output_format: ListingFormatOption = ListingFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Make a plan up as a liquid or capsules: per-step measures, fills and use-by dates.

    Takes the plan options of ldn plan, or --plan FILE. A dose whole capsules cannot make
    exits 2 and names the nearest makeable doses; a possible measuring error above
    --max-error exits 1 (the sheet is still printed).

    Example: ldn compound --start 2026-12-01 --liquid 1mg/mL
    """
    from ldn_cli.compounding import prepare
    from ldn_cli.timeparse import parse_date

    if formulation.formulation() is None:
        raise InputError("give a formulation: --liquid CONC (e.g. 1mg/mL) or --capsules MG,...")
    last_day = None if until is None else parse_date(until, today=cli.today(), what="until")
    result = with_settings_used(prepare(plan_from(plan_file, request), formulation, until=last_day))
    if output_format is ListingFormat.json:
        from ldn_cli.jsontext import dumps

        text = dumps(result) + "\n"
    else:
        from ldn_cli.render.preparation import render_compound_table

        text = render_compound_table(result, render_options(output))
    write_output(text, output, force=force)
    on_screen = output_format is not ListingFormat.json and output in (None, "-")
    announce_blocking(result, shown_on_screen=on_screen)
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK
