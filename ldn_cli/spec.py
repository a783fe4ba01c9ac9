"""The plan request: what a user asks for, and how it becomes a checked ``TitrationSpec``.

``PlanRequest`` is the one list of the ``ldn plan`` options. The command line builds its
options from it, the Python API takes its fields as keyword arguments, and a batch row is one
(``ldn schema spec`` publishes it). Its fields hold what the user typed (words such as
``"2w"`` or numbers); ``build_spec`` checks every value with the one-line messages a user
needs, whatever the door the request came through.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ldn_cli.dose import (
    STEP_RANGE_TEXT,
    check_step,
    parse_amount,
    parse_dose,
)
from ldn_cli.errors import InputError, InvalidSpec, UnknownChoice
from ldn_cli.fields import (
    AMOUNT,
    DATE,
    DURATION,
    WORD,
    Amount,
    CliOption,
    Duration,
    MedicationLine,
    MedicationList,
    Text,
    medication_list,
)
from ldn_cli.models import (
    DEFAULT_CLINIC_DAYS,
    DEFAULT_VISIT_SLACK_DAYS,
    FOLLOW_UP_MAX_DAYS,
    FOLLOW_UP_MIN_DAYS,
    MAX_INTERVAL_DAYS,
    MAX_MAINTAIN_DAYS,
    MAX_VISIT_SLACK_DAYS,
    MIN_INTERVAL_DAYS,
    MIN_VISIT_SLACK_DAYS,
    WEEKDAY_NAMES,
    Plan,
    TitrationSpec,
    Weekday,
    target_problem,
)
from ldn_cli.opioid_wait import (
    DEFAULT_OPIOID_FREE_DAYS,
    MAX_OPIOID_FREE_DAYS,
    MIN_OPIOID_FREE_DAYS,
)
from ldn_cli.protocols import DEFAULT_PROTOCOL, get_protocol
from ldn_cli.timeparse import parse_clock, parse_date, parse_day_range, parse_days, read_date

if TYPE_CHECKING:
    from ldn_cli.models import OpioidStop, PlanWarning


class PlanRequest(BaseModel):
    """The ``ldn plan`` options: what a prescriber asks for. ``None`` means "not given"."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    start: Annotated[
        Text | date | None,
        DATE,
        Field(
            description="First dose date: YYYY-MM-DD, today, tomorrow, or '1 Dec 2026'. "
            "Default: today."
        ),
        CliOption("DATE", "Titration"),
    ] = None
    protocol: Annotated[
        Text | None,
        WORD,
        Field(description="Preset to start from (ldn protocols). Default: standard."),
        CliOption(
            "NAME", "Titration", setting="plan.protocol", setting_default=f'"{DEFAULT_PROTOCOL}"'
        ),
    ] = None
    start_dose: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="First dose, 0.1–4.5 mg (overrides the preset)."),
        CliOption("MG", "Titration"),
    ] = None
    step: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="Increase per step in mg (overrides the preset)."),
        CliOption("MG", "Titration"),
    ] = None
    every: Annotated[
        Duration | None,
        DURATION,
        Field(description="Time between steps: 14d, 2w (1–84 days)."),
        CliOption("DURATION", "Titration"),
    ] = None
    target: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="Highest dose, at most 4.5 mg (overrides the preset)."),
        CliOption("MG", "Titration"),
    ] = None
    dose_time: Annotated[
        Text | None,
        WORD,
        Field(description="bedtime (default), morning, or HH:MM."),
        CliOption("WHEN", "Titration", setting="plan.dose_time", setting_default='"bedtime"'),
    ] = None
    follow_up_window: Annotated[
        Text | None,
        WORD,
        Field(
            description="Days after each change for its follow-up, inside 14-28 (default 14-28)."
        ),
        CliOption(
            "RANGE",
            "Follow-up",
            setting="plan.follow_up_window",
            setting_default=f'"{FOLLOW_UP_MIN_DAYS}-{FOLLOW_UP_MAX_DAYS}"',
        ),
    ] = None
    maintain: Annotated[
        Duration | None,
        DURATION,
        Field(description="Keep the target dose at least this long (default: one interval)."),
        CliOption("DURATION", "Titration"),
    ] = None
    visit_slack: Annotated[
        Duration | None,
        DURATION,
        Field(
            description="Days of booking slack per visit window where the 14–28 day rule allows "
            "it: 7d (default), 1–15 days. A scheduling choice, not a clinical rule."
        ),
        CliOption(
            "DAYS",
            "Follow-up",
            setting="plan.visit_slack",
            setting_default=f'"{DEFAULT_VISIT_SLACK_DAYS}d"',
        ),
    ] = None
    clinic_days: Annotated[
        Text | None,
        WORD,
        Field(
            description="Days the clinic sees patients, for suggested visit days: mon-fri "
            "(default), mon,wed,fri, sun-thu."
        ),
        CliOption(
            "DAYS",
            "Follow-up",
            setting="plan.clinic_days",
            setting_default='"mon-fri"',
        ),
    ] = None
    meds: Annotated[
        MedicationList | None,
        BeforeValidator(
            medication_list,
            json_schema_input_type=MedicationList | MedicationLine | None,
        ),
        Field(
            description="Current medications to check for opioids: a list, or one string for "
            "one medication."
        ),
        CliOption(
            "NAME",
            "Medications",
            flag="--med",
            help="A current medication to check for opioids (repeatable), e.g. 'Norco 5/325'.",
        ),
    ] = None
    last_opioid_dose: Annotated[
        Text | date | None,
        DATE,
        Field(
            description="Date of the last opioid dose (for a patch: the day it came off); "
            "the listed opioids stop then, and the plan reports the earliest safe start."
        ),
        CliOption("DATE", "Medications"),
    ] = None
    opioid_free_days: Annotated[
        Duration | None,
        DURATION,
        Field(
            description="Opioid-free days before LDN, 7–14 (label: 7–10; default 10; 14 "
            "always after methadone or buprenorphine)."
        ),
        CliOption(
            "DAYS",
            "Medications",
            setting="plan.opioid_free_days",
            setting_default=f'"{DEFAULT_OPIOID_FREE_DAYS}d"',
        ),
    ] = None

    def check_field(self, name: str) -> None:
        """Check one field's value with the parser that planning uses (settings files)."""
        value = getattr(self, name)
        if value is not None and name in FIELD_PARSERS:
            text = as_duration(value) if name in DURATION_FIELDS else as_text(value)
            FIELD_PARSERS[name](text or "")

    def medications(self) -> list[str]:
        """The medication lines given (blank lines dropped)."""
        return [line for line in self.meds or [] if line.strip()]


#: Fields whose bare numbers are days.
DURATION_FIELDS = frozenset({"every", "maintain", "visit_slack", "opioid_free_days"})


def as_text(value: "str | int | Decimal | date | None") -> str | None:
    """A request value as the words a user would type (``None`` stays absent)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def as_duration(value: "str | int | None") -> str | None:
    """A duration value as words: a bare number of days becomes ``"Nd"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}d"
    return as_text(value)


CLINIC_DAYS_TEXT = "weekday names or ranges, e.g. mon-fri, mon,wed,fri or sun-thu"
#: A clinic-days text longer than this is not a list of weekdays (bounded work).
MAX_CLINIC_DAYS_TEXT = 200


def parse_weekday(word: str, *, what: str = "weekday") -> int:
    """A weekday name (``mon``, ``Tues``, ``thursday``: three letters or more) -> 0 (Monday)..6."""
    from ldn_cli.timeparse import weekday_number

    number = weekday_number(word)
    if number is None:
        raise UnknownChoice(f"{what} {word!r} is not a weekday; use {CLINIC_DAYS_TEXT}")
    return number


def parse_clinic_days(text: str) -> tuple[Weekday, ...]:
    """``mon-fri``, ``mon,wed,fri``, ``sun-thu`` (a range may run past Sunday), ``sat``."""
    if len(text) > MAX_CLINIC_DAYS_TEXT:
        raise UnknownChoice(f"clinic days: too long; use {CLINIC_DAYS_TEXT}")
    chosen: set[int] = set()
    for item in text.split(","):
        ends = item.split("-")
        if len(ends) > 2 or not item.strip():
            raise UnknownChoice(
                f"clinic days {text!r}: {item!r} is not a day or a range; use {CLINIC_DAYS_TEXT}"
            )
        first, last = (parse_weekday(end, what="clinic day") for end in (ends[0], ends[-1]))
        chosen.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    return tuple(name for number, name in enumerate(WEEKDAY_NAMES) if number in chosen)


def parse_visit_slack(value: str | int) -> int:
    """Days of booking slack per visit: ``7``, ``7d`` or ``1w``, within 1–15 days."""
    return parse_days(
        str(value),
        what="visit slack",
        minimum=MIN_VISIT_SLACK_DAYS,
        maximum=MAX_VISIT_SLACK_DAYS,
        bare_days=True,
    )


DOSE_TIMES_TEXT = "bedtime, morning, or a clock time HH:MM (e.g. 21:30)"


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
    return check_step(parse_amount(text, what="step", allowed=STEP_RANGE_TEXT))


def parse_interval(text: str) -> int:
    """Days between steps: ``14d``, ``2w`` (1–84 days)."""
    return parse_days(text, what="interval", minimum=MIN_INTERVAL_DAYS, maximum=MAX_INTERVAL_DAYS)


def parse_follow_up_window(text: str) -> tuple[int, int]:
    """Days after a change for its follow-up: ``14-28`` or narrower, inside 14–28."""
    return parse_day_range(
        text, what="follow-up window", minimum=FOLLOW_UP_MIN_DAYS, maximum=FOLLOW_UP_MAX_DAYS
    )


def parse_maintain(text: str) -> int:
    """Days the target dose is kept at least (up to about ten years)."""
    return parse_days(text, what="maintenance", maximum=MAX_MAINTAIN_DAYS)


def parse_opioid_free_days(text: str) -> int:
    """Opioid-free days before LDN: 7–14 (``opioid_wait``); a bare number is days."""
    return parse_days(
        text,
        what="opioid-free days",
        minimum=MIN_OPIOID_FREE_DAYS,
        maximum=MAX_OPIOID_FREE_DAYS,
        bare_days=True,
    )


#: How the text of each titration option is read: the one parser of each field, used when
#: planning and when a settings file gives the option's default.
FIELD_PARSERS: dict[str, Callable[[str], object]] = {
    "protocol": get_protocol,
    "start_dose": lambda text: parse_dose(text, what="start dose"),
    "step": parse_step,
    "every": parse_interval,
    "target": lambda text: parse_dose(text, what="target"),
    "dose_time": parse_dose_time,
    "follow_up_window": parse_follow_up_window,
    "maintain": parse_maintain,
    "visit_slack": parse_visit_slack,
    "clinic_days": parse_clinic_days,
    "opioid_free_days": parse_opioid_free_days,
}


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
    visit_slack: str | int | None = None,
    clinic_days: str | None = None,
) -> TitrationSpec:
    """Merge the preset ``protocol`` with any overrides; every value is checked here."""
    preset = get_protocol(protocol)
    start_mg = preset.start_mg if start_dose is None else parse_dose(start_dose, what="start dose")
    step_mg = preset.step_mg if step is None else parse_step(step)
    every_days = preset.every_days if every is None else parse_interval(every)
    target_mg = preset.target_mg if target is None else parse_dose(target, what="target")
    problem = target_problem(start_mg, target_mg)
    if problem is not None:
        raise InvalidSpec(problem)
    low, high = (
        (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS)
        if follow_up_window is None
        else parse_follow_up_window(follow_up_window)
    )
    individualized = (start_mg, step_mg, every_days, target_mg) != (
        preset.start_mg,
        preset.step_mg,
        preset.every_days,
        preset.target_mg,
    )
    # A date without its year (or a weekday) is read the way a start is meant: the next one;
    # the note of how it was read goes into the plan, for the output header.
    start_reading = None if start is None else read_date(start, today=today, what="start date")
    # Every value is checked above, with the messages a user needs; the model need not redo it.
    return TitrationSpec.model_construct(
        start=today if start_reading is None else start_reading.day,
        start_note=None if start_reading is None else start_reading.note,
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
        maintain_days=None if maintain is None else parse_maintain(maintain),
        visit_slack=DEFAULT_VISIT_SLACK_DAYS
        if visit_slack is None
        else parse_visit_slack(visit_slack),
        clinic_days=DEFAULT_CLINIC_DAYS if clinic_days is None else parse_clinic_days(clinic_days),
    )


def spec_for(request: PlanRequest, *, today: date) -> TitrationSpec:
    """The checked titration spec of ``request`` (``today`` resolves relative dates)."""
    return build_spec(
        today=today,
        start=as_text(request.start),
        protocol=request.protocol or DEFAULT_PROTOCOL,
        start_dose=as_text(request.start_dose),
        step=as_text(request.step),
        every=as_duration(request.every),
        target=as_text(request.target),
        dose_time=request.dose_time or "bedtime",
        follow_up_window=as_text(request.follow_up_window),
        maintain=as_duration(request.maintain),
        visit_slack=as_duration(request.visit_slack),
        clinic_days=request.clinic_days,
    )


def request_warnings(request: PlanRequest, *, start: date, today: date) -> "list[PlanWarning]":
    """The opioid warnings of ``request`` for a plan starting on ``start``.

    Its opioid values are checked even when nothing needs them, so that a bound holds
    whatever the door (``opioid_free_days=0`` is refused, with or without medications).
    """
    free_days = as_duration(request.opioid_free_days)
    default_days = (
        DEFAULT_OPIOID_FREE_DAYS if free_days is None else parse_opioid_free_days(free_days)
    )
    last = last_opioid_dose(request, today=today)
    medications = request.medications()
    if not medications and last is None:
        return []  # the opioid table is loaded only when there is something to check
    from ldn_cli import interactions

    return interactions.plan_warnings(
        medications, start=start, last_opioid_dose=last, default_days=default_days
    )


def last_opioid_dose(request: PlanRequest, *, today: date) -> date | None:
    """The date of ``request``'s last opioid dose, if given.

    It may be past or a planned stop, so a date without its year is the one nearest today.
    """
    text = as_text(request.last_opioid_dose)
    if text is None:
        return None
    return parse_date(text, today=today, what="last opioid dose", use="nearest")


#: Warning codes of a listed opioid that stops on the last opioid dose (ldn_cli/interactions.py).
STOPPED_OPIOID_CODES = frozenset({"opioid-stopped", "possible-opioid-stopped"})


def opioid_stop(
    request: PlanRequest, warnings: "list[PlanWarning]", *, today: date
) -> "OpioidStop | None":
    """The last opioid dose the plan rests on, with the opioids that stop then, as written."""
    from ldn_cli.models import OpioidStop

    last = last_opioid_dose(request, today=today)
    if last is None:
        return None
    named = [w.input for w in warnings if w.code in STOPPED_OPIOID_CODES and w.input]
    return OpioidStop.model_construct(last_dose=last, medications=list(dict.fromkeys(named)))


def plan_for(request: PlanRequest, *, today: date) -> Plan:
    """The plan ``ldn plan`` makes for ``request``: schedule, visits and warnings (opioids,
    and a pace faster than every published protocol)."""
    from ldn_cli.pace import pace_warnings
    from ldn_cli.schedule import build_plan

    spec = spec_for(request, today=today)
    warnings = request_warnings(request, start=spec.start, today=today)
    # a schedule faster than every published protocol (ldn check's LDN111/LDN112)
    return build_plan(
        spec,
        warnings=[*warnings, *pace_warnings(spec)],
        opioid_stop=opioid_stop(request, warnings, today=today),
    )


def plan_from_json(text: str, *, name: str) -> Plan:
    """A plan as ``ldn plan --format json`` writes it, checked to hold together (ordered steps,
    holds and visits that make sense, a preparation for every step); errors name the line and
    column, or the field. Duplicate keys and runaway nesting are refused."""
    from pydantic import ValidationError

    from ldn_cli.errors import validation_message
    from ldn_cli.jsontext import loads

    data = loads(text, name=name)
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        raise InputError(
            f"{validation_message(error, name=name)} (expected the JSON of 'ldn plan --format "
            "json')"
        ) from None
