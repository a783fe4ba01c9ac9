"""What a user typed -> a validated ``TitrationSpec``: a preset merged with overrides.

Shared by ``ldn plan``, later commands and batch rows, so every entry point accepts the same
words and fails with the same one-line messages.
"""

from datetime import date
from decimal import Decimal

from ldn_cli.dose import MAX_DOSE_MG, MIN_DOSE_MG, format_mg, parse_amount, parse_dose
from ldn_cli.errors import InputError, InvalidDose, InvalidSpec, UnknownChoice
from ldn_cli.models import (
    FOLLOW_UP_MAX_DAYS,
    FOLLOW_UP_MIN_DAYS,
    MAX_INTERVAL_DAYS,
    MAX_MAINTAIN_DAYS,
    MIN_INTERVAL_DAYS,
    Plan,
    TitrationSpec,
)
from ldn_cli.protocols import DEFAULT_PROTOCOL, get_protocol
from ldn_cli.timeparse import parse_clock, parse_date, parse_day_range, parse_days

DOSE_TIMES_TEXT = "bedtime, morning, or a clock time HH:MM (e.g. 21:30)"
MAX_STEP_MG = MAX_DOSE_MG - MIN_DOSE_MG


def parse_dose_time(text: str) -> str:
    """``bedtime``, ``morning`` or a 24-hour clock time ``HH:MM``, normalised to lower case."""
    value = text.strip().lower()
    if value in {"bedtime", "morning"}:
        return value
    try:
        return parse_clock(value).strftime("%H:%M")
    except UnknownChoice:
        raise UnknownChoice(f"dose time {text!r} is not valid; use {DOSE_TIMES_TEXT}") from None


def parse_step(text: str) -> Decimal:
    """A dose increment: positive, at most two decimals, at most 4.4 mg."""
    step = parse_amount(text, what="step")
    if not Decimal(0) < step <= MAX_STEP_MG:
        raise InvalidDose(
            f"step {format_mg(step)} is out of range; allowed: 0.01–{format_mg(MAX_STEP_MG)} "
            "with at most two decimals"
        )
    return step


def build_spec(
    *,
    today: date,
    start: str | None = None,
    protocol: str = DEFAULT_PROTOCOL,
    start_dose: str | None = None,
    step: str | None = None,
    every: str | None = None,
    target: str | None = None,
    dose_time: str = "bedtime",
    follow_up_window: str | None = None,
    maintain: str | None = None,
) -> TitrationSpec:
    """Merge the preset ``protocol`` with any overrides; every value is checked here."""
    preset = get_protocol(protocol)
    start_mg = preset.start_mg if start_dose is None else parse_dose(start_dose, what="start dose")
    step_mg = preset.step_mg if step is None else parse_step(step)
    every_days = (
        preset.every_days
        if every is None
        else parse_days(
            every, what="interval", minimum=MIN_INTERVAL_DAYS, maximum=MAX_INTERVAL_DAYS
        )
    )
    target_mg = preset.target_mg if target is None else parse_dose(target, what="target")
    if target_mg < start_mg:
        raise InvalidSpec(
            f"target {format_mg(target_mg)} is below the start dose {format_mg(start_mg)}; "
            "the target must be at least the start dose"
        )
    low, high = (
        (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS)
        if follow_up_window is None
        else parse_day_range(
            follow_up_window,
            what="follow-up window",
            minimum=FOLLOW_UP_MIN_DAYS,
            maximum=FOLLOW_UP_MAX_DAYS,
        )
    )
    individualized = (start_mg, step_mg, every_days, target_mg) != (
        preset.start_mg,
        preset.step_mg,
        preset.every_days,
        preset.target_mg,
    )
    # Every value is checked above, with the messages a user needs; the model need not redo it.
    return TitrationSpec.model_construct(
        start=today if start is None else parse_date(start, today=today, what="start date"),
        protocol=preset.name,
        protocol_source=preset.source,
        individualized=individualized,
        start_mg=start_mg,
        step_mg=step_mg,
        every_days=every_days,
        target_mg=target_mg,
        dose_time=parse_dose_time(dose_time),
        follow_up_min_days=low,
        follow_up_max_days=high,
        maintain_days=None
        if maintain is None
        else parse_days(maintain, what="maintenance", maximum=MAX_MAINTAIN_DAYS),
    )


def plan_from_json(text: str, *, name: str) -> Plan:
    """A plan as ``ldn plan --format json`` writes it, checked to hold together (ordered steps,
    holds and visits that make sense, a preparation for every step); errors name the line and
    column, or the field. Duplicate keys and runaway nesting are refused."""
    from pydantic import ValidationError

    from ldn_cli.lint_input import load_json

    data = load_json(text, name=name)
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"]) or "plan"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(
            f"{name}: {path}: {message} (expected the JSON of 'ldn plan --format json')"
        ) from None
