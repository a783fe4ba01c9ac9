"""``ldn meds``, ``ldn protocols``, ``ldn evidence`` and ``ldn schema``: checks and listings."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import is_terminal, read_lines, render_options, write_output
from ldn_cli.cli.options import ListingFormat, ListingFormatOption, MedsFileOption
from ldn_cli.errors import InputError


@typer_app.command()
def meds(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME", help="Medication lines, e.g. 'Percocet 5/325'.", show_default=False
        ),
    ] = None,
    file: MedsFileOption = None,
    output_format: ListingFormatOption = ListingFormat.table,
) -> int:
    """Check medications for opioid conflicts with LDN.

    Exit status 1 when any is (or may be) contraindicated. Names may also come from --meds-file
    or, one a line, from stdin.

    Example: ldn meds "Percocet 5/325" "gabapentin 300 mg"
    """
    from ldn_cli.interactions import check_medications, is_blocking, load_table
    from ldn_cli.render.meds import render_json, render_table

    lines = [*(names or []), *(read_lines(file) if file else [])]
    if not names and file is None and not is_terminal(sys.stdin):
        lines = read_lines("-")
    if not lines:
        raise InputError(
            "no medications given; name them, use --meds-file FILE, or pipe one a line"
        )
    checks = check_medications(lines)
    blocking = is_blocking(checks)
    if output_format is ListingFormat.json:
        text = render_json(checks, table_version=load_table().version, blocking=blocking)
    else:
        text = render_table(checks, render_options(None))
    write_output(text, None, force=False)
    return EXIT_FINDINGS if blocking else EXIT_OK


@typer_app.command()
def protocols(
    output_format: ListingFormatOption = ListingFormat.table,
) -> int:
    """List the titration presets with their numbers and sources.

    Example: ldn protocols --format json
    """
    from ldn_cli.render.catalogue import render_protocols

    write_output(render_protocols(output_format.value), None, force=False)
    return EXIT_OK


@typer_app.command()
def evidence(
    output_format: ListingFormatOption = ListingFormat.table,
) -> int:
    """List every source key the tool cites, with its citation.

    Example: ldn evidence
    """
    from ldn_cli.render.catalogue import render_sources

    write_output(render_sources(output_format.value), None, force=False)
    return EXIT_OK


class SchemaName(StrEnum):
    """The published JSON Schemas."""

    plan = "plan"
    findings = "findings"
    meds = "meds"
    spec = "spec"
    batch = "batch"
    review = "review"


@typer_app.command()
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(help="plan, findings, meds, spec (a batch row), batch or review."),
    ] = SchemaName.plan,
) -> int:
    """Print the JSON Schema of a JSON output (plan, findings, meds, batch, review) or input
    (spec).

    The same files ship in the package under ldn_cli/schemas/.

    Example: ldn schema plan
    """
    from ldn_cli.schemas import schema_text

    write_output(schema_text(name.value), None, force=False)
    return EXIT_OK
