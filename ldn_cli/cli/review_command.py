"""``ldn review``: a plan and the patient's pain diary -> the response and what to do next;
``ldn review --template``: the blank diary of a plan."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import read_bytes, render_options, write_output
from ldn_cli.cli.options import ForceOption, OutputOption
from ldn_cli.cli.params import takes_requests
from ldn_cli.cli.plan_command import PlanFileOption, plan_from
from ldn_cli.errors import InputError
from ldn_cli.spec import PlanRequest

if TYPE_CHECKING:
    from ldn_cli.models import Plan


class ReviewFormat(StrEnum):
    """Output formats for a review."""

    table = "table"
    json = "json"


DiaryOption = Annotated[
    str | None,
    typer.Option("--diary", metavar="FILE", help="The pain diary, CSV or JSON Lines ('-': stdin)."),
]
ReviewDateOption = Annotated[
    str | None,
    typer.Option(
        "--on", metavar="DATE", help="Review date (default: the diary's last recorded day)."
    ),
]
BaselineOption = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        metavar="PAIN",
        help="Baseline pain 0–10 (default: the diary's 7 days before the start).",
    ),
]
MinDaysOption = Annotated[
    str | None,
    typer.Option(
        "--min-days",
        metavar="N",
        help="Recorded days a 7-day mean needs, 1–7 (default 4: ldn-cli's own rule, "
        "[diary-min-days], which no source sets).",
    ),
]
TemplateOption = Annotated[
    bool, typer.Option("--template", help="Print the plan's blank diary as CSV instead.")
]
ReviewFormatOption = Annotated[
    ReviewFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        rich_help_panel="Output",
        help="table (default) or json (ldn schema review).",
    ),
]


@typer_app.command()
@takes_requests
def review(
    request: PlanRequest,
    plan_file: PlanFileOption = None,
    diary: DiaryOption = None,
    on: ReviewDateOption = None,
    baseline: BaselineOption = None,
    min_days: MinDaysOption = None,
    template: TemplateOption = False,
    output_format: ReviewFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Review the response to LDN from the patient's pain diary, or print a blank diary.

    Baseline (the 7 days before the start) against now (the 7 days ending on --on): the
    reduction in %, its IMMPACT category, the same per step, missed doses, side effects, and
    suggestions with their sources.

    Give the plan as --plan FILE or with the ldn plan options. Exit status 1 when a
    suggestion needs action (persisting side effects, below the goal at 12 weeks).
    --template prints the plan's blank diary as CSV.

    Example: ldn review --plan plan.json --diary diary.csv --on 2027-02-23
    """
    _check_review_options(
        plan_file,
        diary,
        template=template,
        others=(on, baseline, min_days, output_format),
        request=request,
    )
    plan = plan_from(plan_file, request)
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
        min_days=min_days,
        output_format=output_format or ReviewFormat.table,
        output=output,
        force=force,
    )


def _check_review_options(
    plan_file: str | None,
    diary: str | None,
    *,
    template: bool,
    others: tuple[object, ...],
    request: PlanRequest,
) -> None:
    """The combinations ``ldn review`` refuses, each with what to give instead."""
    if template and (diary is not None or any(item is not None for item in others)):
        raise InputError(
            "--template prints a blank diary as CSV; --diary, --on, --baseline, --min-days and "
            "--format are for the review"
        )
    if not template and diary is None:
        raise InputError("give the diary (--diary FILE), or --template for a blank one")
    if plan_file is None and request.start is None and not template:
        raise InputError("give the plan: --plan FILE, or the plan options with --start DATE")
    if plan_file == "-" and diary == "-":
        raise InputError("--plan and --diary cannot both be stdin ('-')")


def _review(
    plan: "Plan",
    diary: str,
    *,
    on: str | None,
    baseline: str | None,
    min_days: str | None,
    output_format: ReviewFormat,
    output: str | None,
    force: bool,
) -> int:
    from ldn_cli.diary import MAX_DIARY_BYTES, parse_diary
    from ldn_cli.printable import one_line
    from ldn_cli.response import parse_baseline
    from ldn_cli.response import review as review_plan
    from ldn_cli.timeparse import parse_date

    name = "stdin" if diary == "-" else one_line(diary)
    rows = parse_diary(read_bytes(diary, limit=MAX_DIARY_BYTES), name=name)
    result = review_plan(
        plan,
        rows,
        on=parse_date(on, today=cli.today(), what="review date") if on is not None else None,
        baseline=parse_baseline(baseline) if baseline is not None else None,
        min_days=min_days,
    )
    if output_format is ReviewFormat.json:
        from ldn_cli.render.review import render_json

        text = render_json(result)
    else:
        from ldn_cli.render.review import render_table

        text = render_table(result, render_options(output))
    write_output(text, output, force=force)
    return EXIT_FINDINGS if result.needs_action else EXIT_OK
