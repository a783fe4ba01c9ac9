"""``ldn review``: a plan and the patient's pain diary -> the response and what to do next;
``ldn review --template``: the blank diary of a plan."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import read_text, render_options, write_output
from ldn_cli.cli.options import (
    DoseTimeOption,
    EveryOption,
    FollowUpOption,
    ForceOption,
    MaintainOption,
    OutputOption,
    ProtocolOption,
    StartDoseOption,
    StartOption,
    StepOption,
    TargetOption,
)
from ldn_cli.errors import InputError

if TYPE_CHECKING:
    from ldn_cli.models import Plan


class ReviewFormat(StrEnum):
    """Output formats for a review."""

    table = "table"
    json = "json"


@typer_app.command()
def review(
    plan_file: Annotated[
        str | None,
        typer.Option("--plan", metavar="FILE", help="The plan, as JSON ('-': stdin)."),
    ] = None,
    diary: Annotated[
        str | None,
        typer.Option(
            "--diary", metavar="FILE", help="The pain diary, CSV or JSON Lines ('-': stdin)."
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", metavar="DATE", help="Review date (default: the diary's last recorded day)."
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="PAIN",
            help="Baseline pain 0–10 (default: the diary's 7 days before the start).",
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option("--template", help="Print the plan's blank diary as CSV instead."),
    ] = False,
    start: StartOption = None,
    protocol: ProtocolOption = "standard",
    start_dose: StartDoseOption = None,
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    follow_up_window: FollowUpOption = None,
    maintain: MaintainOption = None,
    output_format: Annotated[
        ReviewFormat | None,
        typer.Option("--format", "-f", help="table (default) or json (ldn schema review)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Review the response to LDN from the patient's pain diary, or print a blank diary.

    Baseline (the 7 days before the start) against now (the 7 days ending on
    --on): the reduction in %, its IMMPACT category, the same per step, missed
    doses, side effects, and suggestions with their sources.

    Give the plan as --plan FILE or with the ldn plan options. Exit status 1
    when a suggestion needs action (persisting side effects, below the goal at
    12 weeks). --template prints the plan's blank diary as CSV.

    Example: ldn review --plan plan.json --diary diary.csv --on 2027-02-23
    """
    for option, value in (
        ("--plan", plan_file),
        ("--diary", diary),
        ("--on", on),
        ("--baseline", baseline),
        ("--output", output),
    ):
        if value is not None and not value.strip():
            raise InputError(f"{option} is empty; give a value or leave the option out")
    plan_options = {
        "start": start,
        "start_dose": start_dose,
        "step": step,
        "every": every,
        "target": target,
        "follow_up_window": follow_up_window,
        "maintain": maintain,
    }
    options_given = (
        any(value is not None for value in plan_options.values())
        or protocol != "standard"
        or dose_time != "bedtime"
    )
    if plan_file is not None and options_given:
        raise InputError("give the plan as --plan FILE or with the plan options, not both")
    if template:
        if diary is not None or on is not None or baseline is not None:
            raise InputError(
                "--template prints a blank diary; --diary, --on and --baseline are for the review"
            )
        if output_format is not None:
            raise InputError("--template prints CSV; --format is for the review")
    elif diary is None:
        raise InputError("give the diary (--diary FILE), or --template for a blank one")
    elif plan_file is None and start is None:
        raise InputError("give the plan: --plan FILE, or the plan options with --start DATE")
    if plan_file == "-" and diary == "-":
        raise InputError("--plan and --diary cannot both be stdin ('-')")
    plan = _plan(plan_file, {**plan_options, "protocol": protocol, "dose_time": dose_time})
    if template:
        from ldn_cli.diary import diary_days
        from ldn_cli.render.diary_template import render_csv

        write_output(render_csv(diary_days(plan)), output, force=force)
        return EXIT_OK
    return _review(
        plan,
        diary or "-",
        on=on,
        baseline=baseline,
        output_format=output_format or ReviewFormat.table,
        output=output,
        force=force,
    )


def _plan(plan_file: str | None, options: dict[str, str | None]) -> "Plan":
    """The plan from its JSON file, or built from the ``ldn plan`` options."""
    if plan_file is not None:
        from ldn_cli.spec import plan_from_json

        return plan_from_json(read_text(plan_file), name=plan_file)
    import ldn_cli

    return ldn_cli.plan(
        today=cli.today(),
        start=options["start"] or "today",
        protocol=options["protocol"] or "standard",
        start_dose=options["start_dose"],
        step=options["step"],
        every=options["every"],
        target=options["target"],
        dose_time=options["dose_time"] or "bedtime",
        follow_up_window=options["follow_up_window"],
        maintain=options["maintain"],
    )


def _review(
    plan: "Plan",
    diary: str,
    *,
    on: str | None,
    baseline: str | None,
    output_format: ReviewFormat,
    output: str | None,
    force: bool,
) -> int:
    from ldn_cli.diary import MAX_DIARY_BYTES, parse_diary, printable
    from ldn_cli.response import parse_baseline
    from ldn_cli.response import review as review_plan
    from ldn_cli.timeparse import parse_date

    name = "stdin" if diary == "-" else printable(diary)
    rows = parse_diary(read_bytes(diary, limit=MAX_DIARY_BYTES), name=name)
    result = review_plan(
        plan,
        rows,
        on=parse_date(on, today=cli.today(), what="review date") if on is not None else None,
        baseline=parse_baseline(baseline) if baseline is not None else None,
    )
    if output_format is ReviewFormat.json:
        from ldn_cli.render.review import render_json

        text = render_json(result)
    else:
        from ldn_cli.render.review import render_table

        text = render_table(result, render_options(output))
    write_output(text, output, force=force)
    return EXIT_FINDINGS if result.needs_action else EXIT_OK


def read_bytes(source: str, *, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file, or of stdin for ``-``: enough to tell that an
    input is over its limit without reading all of it."""
    if source == "-":
        return sys.stdin.buffer.read(limit + 1)
    from ldn_cli.diary import shown

    path = Path(source)
    if path.is_dir():
        raise InputError(f"input {shown(source)} is a directory; give a file")
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"input file {shown(source)} does not exist") from None
    except OSError as error:
        raise InputError(f"input file {shown(source)} cannot be read: {error.strerror}") from None
