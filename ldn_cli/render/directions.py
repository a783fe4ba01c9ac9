"""Prescription directions (``--format text``): an ISMP-safe sig a prescriber can paste.

"Naltrexone (low dose) 1.5 mg by mouth at bedtime for 14 days, then 3 mg at bedtime for
14 days, then 4.5 mg at bedtime daily." Days without LDN are named in their place: held on
purpose ("no LDN from ...") or missed ("no dose taken from ... (missed)"). The maximum is the
plan's own (``max_daily_mg``); storage facts of its formulation follow the sig. Each warning
is labelled by its severity ("Contraindicated", "Information", never "Warning" for everything)
and names the medication input it is about.
"""

from datetime import timedelta

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.printable import printable
from ldn_cli.render import RenderOptions, dose_with_measure, labelled_warning, window_text


def directions(plan: Plan) -> str:
    """The sig as one sentence: each step with its length, the last one continuing daily."""
    phrase = dose_time_phrase(plan.dose_time)
    parts = []
    for position, step in enumerate(plan.steps):
        hold = next((h for h in plan.holds if h.end + timedelta(days=1) == step.start), None)
        if hold is not None:
            period = f"from {hold.start.isoformat()} to {hold.end.isoformat()}"
            parts.append(
                f"no dose taken {period} (missed)" if hold.kind == "missed" else f"no LDN {period}"
            )
        route = " by mouth" if position == 0 else ""
        dose = f"{dose_with_measure(plan, step.index)}{route} {phrase}"
        is_last = position == len(plan.steps) - 1
        days = "day" if step.days == 1 else "days"
        parts.append(f"{dose} daily" if is_last else f"{dose} for {step.days} {days}")
    return "Naltrexone (low dose) " + ", then ".join(parts) + "."


def render(plan: Plan, options: RenderOptions) -> str:
    """The sig, the start date and maximum, and the follow-up dates, as plain text lines."""
    visits = "; ".join(
        f"{checkpoint.suggested.isoformat()} (window {window_text(checkpoint)})"
        for checkpoint in plan.checkpoints
    )
    lines = [
        directions(plan),
        f"Start on {plan.start.isoformat()}. Do not exceed {format_mg(plan.max_daily_mg)} daily.",
        f"Follow-up: {visits}.",
    ]
    if plan.preparation is not None:
        lines += [f"{note.text} [{note.source}]" for note in plan.preparation.notes]
    lines += [labelled_warning(warning) for warning in plan.warnings]
    lines += [
        f"Adjusted {item.on.isoformat()} ({item.event}): {item.reason} [{item.source}]"
        for item in plan.adjustments
    ]
    return printable("\n".join(lines) + "\n")  # a medication line may hold an ESC byte
