"""``ldn plan``, and what every command that prints a plan shares: where its plan comes from,
how it is rendered and written, and how a blocking warning reaches the person who acts on it.
"""

import sys
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import (
    UTC_NAMES,
    creation_stamp,
    local_timezone,
    read_lines,
    read_text,
    render_options,
    write_output,
)
from ldn_cli.cli.options import (
    FORMAT_BY_EXTENSION,
    ForceOption,
    MedsFileOption,
    OutputOption,
    PlanFormat,
    PlanFormatOption,
)
from ldn_cli.cli.params import flag_of, takes_requests
from ldn_cli.errors import InputError
from ldn_cli.formulation_request import FormulationRequest
from ldn_cli.handover import HandoverRequest
from ldn_cli.printable import one_line, quoted_path
from ldn_cli.spec import PlanRequest

if TYPE_CHECKING:
    from ldn_cli.check_request import CheckRequest
    from ldn_cli.models import Plan


PlanFileOption = Annotated[
    str | None,
    typer.Option(
        "--plan", metavar="FILE", help="The plan, as JSON ('-': stdin), instead of the options."
    ),
]


@typer_app.command()
@takes_requests
def plan(
    request: PlanRequest,
    formulation: FormulationRequest,
    handover: HandoverRequest,
    meds_file: MedsFileOption = None,
    output_format: PlanFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan a titration: dose steps, follow-up visits, precautions, opioid warnings.

    Exit status 1 when a warning is contraindicated (the plan is still printed, and a line
    on stderr says so when the plan goes to a file or is not the table).

    Example: ldn plan --start 2026-12-01 --med "Tylenol #3" --format json
    """
    result = plan_from(None, with_meds_file(request, meds_file))
    if formulation.names_formulation():  # the measuring code loads only when it is asked for
        from ldn_cli.compounding import prepare

        result = prepare(result, formulation)
    return emit_plan(result, handover, output_format=output_format, output=output, force=force)


RequestWithMeds = TypeVar("RequestWithMeds", PlanRequest, "CheckRequest")


def with_meds_file(request: RequestWithMeds, meds_file: str | None) -> RequestWithMeds:
    """``request`` with the lines of ``--meds-file`` added to its medications."""
    if meds_file is None:
        return request
    listed: list[str] = read_lines(meds_file)
    return request.model_copy(update={"meds": [*request.medications(), *listed]})


def plan_from(plan_file: str | None, request: PlanRequest) -> "Plan":
    """The plan of ``--plan FILE``, or the one the plan options ask for (not both)."""
    from ldn_cli.spec import plan_for, plan_from_json

    if plan_file is None:
        return plan_for(request, today=cli.today())
    if request.model_fields_set:
        given = ", ".join(sorted(flag_of(PlanRequest, name) for name in request.model_fields_set))
        raise InputError(
            f"give the plan as --plan FILE or with the plan options ({given}), not both"
        )
    return plan_from_json(read_text(plan_file), name=plan_file)


def plan_format(output_format: PlanFormat | None, output: str | None) -> PlanFormat:
    """The format asked for, or the one the output file's name says; never both disagreeing,
    and never a guess: a file name whose ending says no format needs ``--format``."""
    name = (output or "").lower()
    said = next((fmt for ending, fmt in FORMAT_BY_EXTENSION.items() if name.endswith(ending)), None)
    if output_format is not None and said is not None and said is not output_format:
        raise InputError(
            f"--format {output_format.value} does not match the file name "
            f"{quoted_path(output or '')} (which says {said.value}); change one of them"
        )
    suffix = PurePath(output or "").suffix
    if output_format is None and said is None and suffix and output != "-":
        endings = ", ".join(FORMAT_BY_EXTENSION)
        raise InputError(
            f"cannot tell the format from the file name {quoted_path(output or '')}; give "
            f"--format, or end the name with one of {endings}"
        )
    return output_format or said or PlanFormat.table


def announce_blocking(result: "Plan", *, shown_on_screen: bool) -> None:
    """One stderr line per blocking warning, with its source, unless the table on screen
    already shows it: a contraindicated calendar written to a file must not go unnoticed."""
    if shown_on_screen:
        return
    from ldn_cli.schedule import blocking_reasons

    for reason in blocking_reasons(result):
        sys.stderr.write(one_line(f"ldn: {reason}") + "\n")


def with_settings_used(result: "Plan") -> "Plan":
    """``result`` recording the options that came from the settings (file or environment)."""
    from ldn_cli.cli.settings_file import CHOICE

    if not CHOICE.used:  # no settings: the settings code is not loaded (start-up time)
        return result
    from ldn_cli.settings import with_recorded

    return with_recorded(result, CHOICE.used)


def emit_plan(
    result: "Plan",
    handover: HandoverRequest,
    *,
    output_format: PlanFormat | None,
    output: str | None,
    force: bool,
) -> int:
    """Render a plan in the chosen format, write it, and return the exit code it earns."""
    from ldn_cli.render import options_for, render_plan
    from ldn_cli.timeparse import parse_timezone

    chosen = plan_format(output_format, output)
    result = with_settings_used(result)
    if handover.time_zone:
        timezone = parse_timezone(handover.time_zone)
    elif chosen is PlanFormat.ics:  # the local zone is looked up only where reminders need it
        timezone = local_timezone()
        if timezone in UTC_NAMES:
            sys.stderr.write(
                f"ldn: note: calendar reminders are in {timezone}, this computer's time zone; "
                "give --tz ZONE for the patient's own\n"
            )
    else:
        timezone = "UTC"
    options = options_for(
        handover, render_options(output), timezone=timezone, stamp=creation_stamp()
    )
    write_output(render_plan(result, chosen.value, options), output, force=force)
    announce_blocking(result, shown_on_screen=chosen is PlanFormat.table and output in (None, "-"))
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK
