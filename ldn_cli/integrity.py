"""What a plan must satisfy before anything uses it: the checks behind ``Plan`` validation.

A plan read from a file (``adjust --plan``, ``compound --plan``) may be hand-edited or crafted.
Renderers and adjustments rely on steps numbered 1..n in date order without overlaps, days that
match the dates, every day of the plan either a step or a recorded hold (held or missed), the
last step running to the plan's end, a preparation that measures every step, visits whose
windows run forwards, and no dose from the last adjustment on above the plan's own ceiling.
Each problem is one line naming what is wrong. Linear after one sort.
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ldn_cli.dose import format_mg

if TYPE_CHECKING:
    from ldn_cli.models import Plan


def plan_problem(plan: "Plan") -> str | None:
    """The first inconsistency of ``plan`` in words, or ``None`` when it holds together."""
    if plan.end < plan.start:
        return f"the plan ends ({plan.end}) before it starts ({plan.start})"
    return (
        _step_problem(plan)
        or _hold_problem(plan)
        or _visit_problem(plan)
        or _preparation_problem(plan)
        or _ceiling_problem(plan)
    )


def _step_problem(plan: "Plan") -> str | None:
    previous_end: date | None = None
    for position, step in enumerate(plan.steps, start=1):
        name = f"step {position}"
        if step.index != position:
            return f"{name} is numbered {step.index}; steps are numbered 1, 2, 3 ... in date order"
        if step.end < step.start:
            return f"{name} ends ({step.end}) before it starts ({step.start})"
        span = (step.end - step.start).days + 1
        if step.days != span:
            return f"{name} says {step.days} days but runs {span} days ({step.start} to {step.end})"
        if step.start < plan.start or step.end > plan.end:
            return (
                f"{name} ({step.start} to {step.end}) lies outside the plan "
                f"({plan.start} to {plan.end})"
            )
        if previous_end is not None and step.start <= previous_end:
            return f"{name} starts ({step.start}) before step {position - 1} ends ({previous_end})"
        previous_end = step.end
    return None


def _hold_problem(plan: "Plan") -> str | None:
    spans: list[tuple[date, date, str]] = [
        (step.start, step.end, f"step {step.index}") for step in plan.steps
    ]
    for hold in plan.holds:
        name = f"the {hold.kind} days {hold.start} to {hold.end}"
        if hold.start < plan.start or hold.end > plan.end:
            return f"{name} lie outside the plan ({plan.start} to {plan.end})"
        spans.append((hold.start, hold.end, name))
    spans.sort()
    for (_, earlier_end, earlier), (later_start, _, later) in zip(spans, spans[1:], strict=False):
        if later_start <= earlier_end:
            return f"{earlier} and {later} overlap"
        if later_start > earlier_end + timedelta(days=1):
            return _unaccounted(earlier_end + timedelta(days=1), later_start - timedelta(days=1))
    if spans[0][0] > plan.start:
        return _unaccounted(plan.start, spans[0][0] - timedelta(days=1))
    if plan.steps[-1].end != plan.end:
        return f"the last step ends {plan.steps[-1].end}, not on the plan's end {plan.end}"
    return None


def _unaccounted(first: date, last: date) -> str:
    return (
        f"the days {first} to {last} are neither a step nor a recorded hold; every day of a "
        "plan is one or the other"
    )


def _visit_problem(plan: "Plan") -> str | None:
    count = len(plan.steps)
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        if not checkpoint.earliest <= checkpoint.suggested <= checkpoint.latest:
            return (
                f"visit {number}: the suggested day {checkpoint.suggested} is outside its window "
                f"{checkpoint.earliest} to {checkpoint.latest}"
            )
        if any(not 1 <= index <= count for index in checkpoint.reviews):
            return f"visit {number} reviews a step the plan does not have (steps 1 to {count})"
    return None


def _preparation_problem(plan: "Plan") -> str | None:
    preparation = plan.preparation
    if preparation is None:
        return None
    measured = [(item.index, item.dose_mg) for item in preparation.steps]
    planned = [(step.index, step.dose_mg) for step in plan.steps]
    if measured != planned:
        return (
            "preparation.steps do not match the plan's steps (one measure per step, same index "
            "and dose); make the plan up again with ldn compound --plan"
        )
    return None


def _ceiling_problem(plan: "Plan") -> str | None:
    since = plan.adjustments[-1].on if plan.adjustments else plan.start
    for step in plan.steps:
        if step.start >= since and step.dose_mg > plan.max_daily_mg:
            return (
                f"step {step.index} ({format_mg(step.dose_mg)}) is above the plan's maximum "
                f"daily dose (max_daily_mg {format_mg(plan.max_daily_mg)})"
            )
    return None
