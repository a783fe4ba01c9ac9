"""``ldn check``: the plan linter, for the pharmacist who receives a plan."""

import sys
from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.check_request import CheckRequest
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import is_terminal, read_text, render_options, write_output
from ldn_cli.cli.options import ListingFormat, ListingFormatOption, MedsFileOption
from ldn_cli.cli.params import takes_requests
from ldn_cli.cli.plan_command import with_meds_file
from ldn_cli.formulation_request import FormulationRequest


@typer_app.command()
@takes_requests
def check(
    request: CheckRequest,
    formulation: FormulationRequest,
    plan_file: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE", help="JSON or CSV plan ('-' for stdin).", show_default=False
        ),
    ] = None,
    meds_file: MedsFileOption = None,
    output_format: ListingFormatOption = ListingFormat.table,
) -> int:
    """Lint a dose plan: doses, dates, steps, follow-ups, formulation, quantity, opioids, notation.

    Exit 1 on any error (any warning with --strict), 0 otherwise, 2 when the input cannot be
    read (with its line and column). The plan is a JSON plan or a CSV with a header
    (start,end,dose_mg or date,dose_mg), from FILE or stdin.

    Example: ldn check plan.csv --capsules 1.5 --dispensed 60
    """
    from ldn_cli.check_request import check_plan

    request = with_meds_file(request, meds_file)
    source = plan_file
    others = request.directions is not None or request.medications()
    if source is None and not others and not is_terminal(sys.stdin):
        source = "-"  # a plan piped in
    result = check_plan(
        None if source is None else read_text(source),
        name="stdin" if source == "-" else source or "plan",
        request=request,
        formulation=formulation,
        today=cli.today(),
    )
    if output_format is ListingFormat.json:
        from ldn_cli.render.findings import render_findings_json

        text = render_findings_json(result)
    else:
        from ldn_cli.render.findings import render_findings_table

        text = render_findings_table(result.findings, render_options(None))
    write_output(text, None, force=False)
    return EXIT_FINDINGS if result.failing else EXIT_OK
