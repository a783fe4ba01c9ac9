"""``ldn adjust``: recomputing a running plan after an event."""

from ldn_cli import cli
from ldn_cli.adjust_request import AdjustRequest
from ldn_cli.cli import typer_app
from ldn_cli.cli.io import read_text
from ldn_cli.cli.options import ForceOption, OutputOption, PlanFormatOption
from ldn_cli.cli.params import takes_requests
from ldn_cli.cli.plan_command import PlanFileOption, emit_plan
from ldn_cli.handover import HandoverRequest


@typer_app.command()
@takes_requests
def adjust(
    request: AdjustRequest,
    handover: HandoverRequest,
    plan_file: PlanFileOption = None,
    output_format: PlanFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Recompute a running plan after side effects, missed days, surgery or opioids.

    Give the plan (--plan FILE) or the dose taken now (--current-dose MG with the plan
    options), the date (--on), and one event. The days before --on stay as they were (missed
    days become days without a dose); the result is a plan, so every --format works and ldn
    check accepts it. --target is the new ceiling; after side effects the way back up is
    slower (--slower); --opioid sets the wait after an opioid course.

    Example: ldn adjust --current-dose 4.5 --on 2026-12-10 --surgery 2026-12-20
    """
    from ldn_cli.adjust_request import adjust_from
    from ldn_cli.spec import plan_from_json

    base = None if plan_file is None else plan_from_json(read_text(plan_file), name=plan_file)
    result = adjust_from(base, request, today=cli.today())
    return emit_plan(result, handover, output_format=output_format, output=output, force=force)
