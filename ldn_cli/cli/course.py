"""``ldn adjust``: recomputing a running plan after an event."""

from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import typer_app
from ldn_cli.cli.io import read_text
from ldn_cli.cli.options import (
    DoseTimeOption,
    EveryOption,
    ForceOption,
    OpioidFreeDaysOption,
    OutputOption,
    PlanFormatOption,
    ProtocolOption,
    StepOption,
    TargetOption,
)
from ldn_cli.cli.params import takes_requests
from ldn_cli.cli.plan_command import emit_plan
from ldn_cli.errors import InputError
from ldn_cli.render import HandoverRequest


@typer_app.command()
@takes_requests
def adjust(
    handover: HandoverRequest,
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help="The date of the event (required).")
    ],
    plan_file: Annotated[
        str | None,
        typer.Option("--plan", metavar="FILE", help="The current plan, as JSON ('-': stdin)."),
    ] = None,
    current_dose: Annotated[
        str | None,
        typer.Option("--current-dose", metavar="MG", help="The dose taken now, instead of --plan."),
    ] = None,
    protocol: ProtocolOption = "standard",
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    side_effects: Annotated[
        str | None,
        typer.Option(
            "--side-effects",
            metavar="ACTION",
            help="hold, step-back, halve, or 'to MG' (a last effective dose).",
        ),
    ] = None,
    hold_for: Annotated[
        str | None,
        typer.Option("--for", metavar="DURATION", help="How long to hold (default: one step)."),
    ] = None,
    missed_days: Annotated[
        int | None,
        typer.Option("--missed-days", min=1, max=365, metavar="N", help="Days without a dose."),
    ] = None,
    short_gap: Annotated[
        str | None,
        typer.Option(
            "--short-gap",
            metavar="DURATION",
            help="Longest gap that resumes at the last dose (default 14d; longer re-titrates).",
        ),
    ] = None,
    surgery: Annotated[
        str | None, typer.Option("--surgery", metavar="DATE", help="Planned surgery date.")
    ] = None,
    opioids_until: Annotated[
        str | None,
        typer.Option(
            "--opioids-until",
            metavar="DATE",
            help="Last day of opioids after surgery (default: the surgery day).",
        ),
    ] = None,
    opioid_course: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--opioid-course", metavar="START END", help="A planned opioid course, two dates."
        ),
    ] = None,
    hold_hours: Annotated[
        int,
        typer.Option(
            "--hold-hours", min=24, max=72, metavar="H", help="Hours without LDN before (72)."
        ),
    ] = 72,
    opioid_free_days: OpioidFreeDaysOption = 10,
    opioid: Annotated[
        str | None,
        typer.Option(
            "--opioid",
            metavar="NAME",
            help="The opioid of --surgery or --opioid-course: its wait before the restart "
            "(14 days after methadone or buprenorphine).",
        ),
    ] = None,
    slower: Annotated[
        str | None,
        typer.Option(
            "--slower",
            metavar="HOW",
            help="After side effects, go back up more slowly: interval or step, with a factor "
            "2–4 (default interval:2, a configurable default).",
        ),
    ] = None,
    switch_to_morning: Annotated[
        bool, typer.Option("--switch-to-morning", help="The same doses, in the morning.")
    ] = False,
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
    import dataclasses

    from ldn_cli import adjust as course
    from ldn_cli.dose import parse_dose
    from ldn_cli.spec import build_spec, parse_step, plan_from_json
    from ldn_cli.timeparse import parse_date, parse_days

    event_date = parse_date(on, today=cli.today(), what="event date")
    events = [side_effects, missed_days, surgery, opioid_course, switch_to_morning or None]
    if sum(item is not None for item in events) != 1:
        raise InputError(
            "give exactly one event: --side-effects, --missed-days, --surgery, "
            "--opioid-course or --switch-to-morning"
        )
    if (plan_file is None) == (current_dose is None):
        raise InputError("give the current plan (--plan FILE) or the dose now (--current-dose MG)")
    if slower is not None and side_effects is None:
        raise InputError("--slower goes with --side-effects")
    if opioid is not None and surgery is None and opioid_course is None:
        raise InputError("--opioid goes with --surgery or --opioid-course")
    gap = (
        parse_days(short_gap, what="short gap", maximum=84)
        if short_gap is not None
        else course.DEFAULT_SHORT_GAP_DAYS
    )
    event: course.Event
    if side_effects is not None:
        event = course.parse_side_effects(
            side_effects,
            hold_days=parse_days(hold_for, what="hold", maximum=84)
            if hold_for is not None
            else None,
        )
        if slower is not None:
            event = dataclasses.replace(event, slower=course.parse_slower(slower))
    elif missed_days is not None:
        event = course.MissedDays(missed_days, short_gap_days=gap)
    elif surgery is not None or opioid_course is not None:
        first, last = (
            (surgery, opioids_until or surgery)
            if surgery is not None
            else opioid_course or ("", "")
        )
        event = course.OpioidInterruption(
            "surgery" if surgery is not None else "opioid-course",
            parse_date(first, today=cli.today(), what="opioid start"),
            parse_date(last, today=cli.today(), what="opioid end"),
            hold_hours=hold_hours,
            opioid_free_days=opioid_free_days,
            short_gap_days=gap,
            opioid=opioid,
        )
    else:
        event = course.SwitchToMorning()
    ceiling = parse_dose(target, what="target") if target is not None else None
    if plan_file is not None:
        base = plan_from_json(read_text(plan_file), name=plan_file)
        continuation = course.Continuation(
            step_mg=parse_step(step) if step is not None else None,
            every_days=parse_days(every, what="interval", maximum=84)
            if every is not None
            else None,
            target_mg=ceiling,
        )
    else:
        # The plan options describe the plan the patient is on; only --target changes the rest.
        spec = build_spec(
            today=cli.today(),
            start=event_date.isoformat(),
            protocol=protocol,
            step=step,
            every=every,
            dose_time=dose_time,
        )
        base = course.running_plan(
            spec,
            parse_dose(current_dose or "", what="current dose"),
            since=course.record_start(event, event_date),
        )
        continuation = course.Continuation(target_mg=ceiling)
    result = course.adjust(base, event, on=event_date, continuation=continuation)
    return emit_plan(result, handover, output_format=output_format, output=output, force=force)
