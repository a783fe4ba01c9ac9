"""ldn-cli: decision support for low dose naltrexone (LDN) titration. The public Python API.

>>> from datetime import date
>>> from ldn_cli import build_plan, build_spec, format_mg
>>> plan = build_plan(build_spec(today=date(2026, 11, 26), start="2026-12-01"))
>>> [format_mg(step.dose_mg) for step in plan.steps]
['1.5 mg', '3 mg', '4.5 mg']
>>> [checkpoint.suggested.isoformat() for checkpoint in plan.checkpoints]
['2026-12-16', '2026-12-30', '2027-01-12']

The functions below take the same words as the command line and return the same models that
its JSON prints. Modules that only some callers need (adjusting, checking, compounding, the
opioid table) are imported on first use, so ``import ldn_cli`` stays fast.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from ldn_cli.startup import collector_paused

with collector_paused():  # start-up time (see ldn_cli.startup)
    from ldn_cli._version import __version__
    from ldn_cli.dose import format_mg, parse_dose
    from ldn_cli.errors import (
        InputError,
        InvalidDate,
        InvalidDose,
        InvalidDuration,
        InvalidSpec,
        LdnError,
        OutputError,
        UnknownChoice,
    )
    from ldn_cli.models import (
        Adjustment,
        Checkpoint,
        Hold,
        Plan,
        PlanWarning,
        Precaution,
        Preparation,
        ProtocolRef,
        Step,
        TitrationSpec,
    )
    from ldn_cli.protocols import PROTOCOLS, Protocol, get_protocol
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec

if TYPE_CHECKING:
    import os

    from pydantic import BaseModel

    from ldn_cli.adjust import Continuation, Event
    from ldn_cli.check import FindingsReport
    from ldn_cli.diary import DiaryRow
    from ldn_cli.interactions import MedicationCheck
    from ldn_cli.response import Review
    from ldn_cli.settings import Settings

ModelT = TypeVar("ModelT", bound="BaseModel")

#: Names exported lazily: name -> module that defines it.
_LAZY = {
    "SideEffects": "ldn_cli.adjust",
    "MissedDays": "ldn_cli.adjust",
    "OpioidInterruption": "ldn_cli.adjust",
    "SwitchToMorning": "ldn_cli.adjust",
    "Continuation": "ldn_cli.adjust",
    "MedicationCheck": "ldn_cli.interactions",
    "PlanRequest": "ldn_cli.spec",
    "IngredientMatch": "ldn_cli.interactions",
    "Finding": "ldn_cli.check",
    "FindingsReport": "ldn_cli.check",
    "DiaryRow": "ldn_cli.diary",
    "parse_diary": "ldn_cli.diary",
    "Review": "ldn_cli.response",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ldn_cli' has no attribute {name!r}")


def _validated(model: "type[ModelT]", options: dict[str, Any], *, what: str) -> "ModelT":
    """``options`` as ``model``; a wrong name or type is an ``LdnError`` with the CLI's words."""
    from pydantic import ValidationError

    from ldn_cli.errors import validation_message

    try:
        return model.model_validate(options)
    except ValidationError as error:
        raise InvalidSpec(validation_message(error, name=what)) from None


def load_settings(path: "str | os.PathLike[str]") -> "Settings":
    """The settings file at ``path``, read and checked (the API reads no file unless asked,
    and no environment variable). Pass the result as ``settings=`` to the functions below."""
    from ldn_cli.errors import InputError
    from ldn_cli.printable import quoted_path
    from ldn_cli.settings import MAX_SETTINGS_BYTES, read_settings

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"settings file {quoted_path(str(path))} cannot be read: {error.strerror}"
        ) from None
    return read_settings(data, name=str(path))


def plan(*, today: date | None = None, settings: "Settings | None" = None, **options: Any) -> Plan:
    """A titration plan, as ``ldn plan`` makes it (warnings for ``meds`` included, and for a
    schedule faster than every published protocol).

    ``options`` are the fields of ``PlanRequest``, the ``ldn plan`` options with ``_`` for
    ``-``: ``start`` (a date or the same words as ``--start``), ``protocol``,
    ``start_dose``, ``step``, ``every``, ``target``, ``dose_time``, ``follow_up_window``,
    ``maintain``, ``visit_slack`` and ``clinic_days`` (bookable follow-up visits), ``meds`` (a
    list of lines; one string is one medication), ``last_opioid_dose`` and
    ``opioid_free_days``. ``today`` (default: the local date) resolves words such as "today"
    and "next monday"; ``settings`` (``load_settings``) fills what ``options`` leave unset.
    Raises an ``LdnError`` subclass, with the command line's one-line message, on bad input
    (a wrong name or type included).
    """
    from ldn_cli.settings import apply, with_recorded
    from ldn_cli.spec import PlanRequest, plan_for

    request, used = apply(_validated(PlanRequest, options, what="plan"), settings)
    return with_recorded(plan_for(request, today=today or date.today()), used)


def check_meds(names: Iterable[str] | str) -> "list[MedicationCheck]":
    """Each medication line checked for opioid conflicts, as ``ldn meds`` does.

    One string is one medication line; a list holds one line per item.
    """
    from ldn_cli.interactions import check_medications

    return check_medications(_medication_lines(names))


def _medication_lines(names: object) -> list[str]:
    """``names`` as medication lines: one string is one line, never a list of its characters."""
    from ldn_cli.spec import PlanRequest

    return _validated(PlanRequest, {"meds": names}, what="meds").medications()


def _split(
    options: dict[str, Any], models: "Sequence[type[BaseModel]]", *, what: str
) -> "list[BaseModel]":
    """``options`` shared out to the models that define them, each validated; a name no model
    defines is an ``LdnError`` that lists the names allowed."""
    names = {name: model for model in models for name in model.model_fields}
    unknown = sorted(set(options) - set(names))
    if unknown:
        raise InvalidSpec(
            f"{what}: unknown option(s) {', '.join(unknown)}; allowed: {', '.join(names)}"
        )
    return [
        _validated(model, {k: v for k, v in options.items() if names[k] is model}, what=what)
        for model in models
    ]


def _day(value: "date | str | None", *, today: date | None, what: str) -> date | None:
    from ldn_cli.timeparse import parse_date

    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value), today=today or date.today(), what=what)


def compound_plan(
    plan: Plan,
    *,
    until: "date | str | None" = None,
    today: date | None = None,
    settings: "Settings | None" = None,
    **options: Any,
) -> Plan:
    """``plan`` made up as ``ldn compound`` makes it: per-step measures and fills, in
    ``plan.preparation``.

    ``options`` are the fields of ``FormulationRequest``, the formulation options of the
    command (``liquid="1mg/mL"`` or ``capsules="0.5,1.5"``, ``liquid_base``, ``syringes``,
    ``bud``, ``overage``, ``max_error``); ``until`` (a date or its words) ends the dispensing.
    """
    from ldn_cli.compounding import prepare
    from ldn_cli.formulation_request import FormulationRequest
    from ldn_cli.settings import apply, with_recorded

    (given,) = _split(options, [FormulationRequest], what="compound_plan")
    assert isinstance(given, FormulationRequest)
    formulation, used = apply(given, settings)
    if formulation.formulation() is None:
        raise InvalidSpec("compound_plan: give liquid (e.g. '1mg/mL') or capsules (e.g. '0.5,1.5')")
    made_up = prepare(plan, formulation, until=_day(until, today=today, what="until"))
    return with_recorded(made_up, used)


def adjust_plan(
    plan: Plan | None,
    event: "Event | None" = None,
    *,
    on: "date | str | None" = None,
    continuation: "Continuation | None" = None,
    today: date | None = None,
    **options: Any,
) -> Plan:
    """``plan`` recomputed from ``on`` for an event, as ``ldn adjust`` does.

    Either pass an ``event`` (``SideEffects``, ``MissedDays``, ``OpioidInterruption`` or
    ``SwitchToMorning``, with an optional ``continuation``), or the command's options by name
    (the fields of ``AdjustRequest``: ``side_effects="halve"``, ``missed_days=4``,
    ``surgery="2027-01-05"``, ``target=...``; ``plan=None`` with ``current_dose=...``).
    """
    if event is not None:
        from ldn_cli.adjust import adjust

        if options or plan is None:
            raise InvalidSpec("adjust_plan: give an event object or the options, not both")
        return adjust(
            plan,
            event,
            on=_day(on, today=today, what="event date") or date.today(),
            continuation=continuation,
        )
    from ldn_cli.adjust_request import AdjustRequest, adjust_from

    (request,) = _split({**options, "on": on}, [AdjustRequest], what="adjust_plan")
    assert isinstance(request, AdjustRequest)
    return adjust_from(plan, request, today=today or date.today())


def check_plan(
    text: str | None = None,
    *,
    name: str = "plan",
    today: date | None = None,
    settings: "Settings | None" = None,
    **options: Any,
) -> "FindingsReport":
    """Lint a JSON or CSV plan, its directions and medications, as ``ldn check`` does.

    ``options`` are the command's options by name: those of ``CheckRequest`` (``dispensed``,
    ``until``, ``directions``, ``meds``, ``max_step``, ``min_interval``, ``strict``) and of
    ``FormulationRequest`` (``liquid``, ``capsules``, ``syringes``, ``bud``, ``max_error``...).
    """
    from ldn_cli.check_request import CheckRequest
    from ldn_cli.check_request import check_plan as run
    from ldn_cli.formulation_request import FormulationRequest
    from ldn_cli.settings import apply

    request, given = _split(options, [CheckRequest, FormulationRequest], what="check_plan")
    assert isinstance(request, CheckRequest)
    assert isinstance(given, FormulationRequest)
    formulation, _ = apply(given, settings)
    return run(
        text, name=name, request=request, formulation=formulation, today=today or date.today()
    )


def review(
    plan: Plan,
    diary_rows: "str | bytes | Iterable[DiaryRow | Mapping[str, object]]",
    *,
    on: date | str | None = None,
    baseline: str | int | Decimal | None = None,
    min_days: str | int | None = None,
) -> "Review":
    """The response to LDN from the patient's pain diary, as ``ldn review`` computes it.

    ``diary_rows`` is the diary's CSV or JSON Lines text, or its rows: mappings such as
    ``{"date": "2026-12-01", "pain": "6.5"}`` or ``DiaryRow``s. ``on`` (a date or
    ``YYYY-MM-DD``) defaults to the last recorded day: the clock is never read. ``baseline``
    (0–10) replaces the diary's 7 days before the start. ``min_days`` (1–7) is how many
    recorded days a 7-day mean needs: 4 by default, ldn-cli's own rule (``diary-min-days``).
    """
    from ldn_cli.diary import parse_diary
    from ldn_cli.response import diary_rows as rows_of
    from ldn_cli.response import review as review_diary
    from ldn_cli.response import review_date

    rows = parse_diary(diary_rows) if isinstance(diary_rows, str | bytes) else rows_of(diary_rows)
    return review_diary(
        plan,
        rows,
        on=review_date(on) if isinstance(on, str) else on,
        baseline=baseline,
        min_days=min_days,
    )


__all__ = [
    "PROTOCOLS",
    "Adjustment",
    "Checkpoint",
    "Continuation",
    "DiaryRow",
    "Finding",
    "FindingsReport",
    "Hold",
    "IngredientMatch",
    "InputError",
    "InvalidDate",
    "InvalidDose",
    "InvalidDuration",
    "InvalidSpec",
    "LdnError",
    "MedicationCheck",
    "MissedDays",
    "OpioidInterruption",
    "OutputError",
    "Plan",
    "PlanRequest",
    "PlanWarning",
    "Precaution",
    "Preparation",
    "Protocol",
    "ProtocolRef",
    "Review",
    "SideEffects",
    "Step",
    "SwitchToMorning",
    "TitrationSpec",
    "UnknownChoice",
    "__version__",
    "adjust_plan",
    "build_plan",
    "build_spec",
    "check_meds",
    "check_plan",
    "compound_plan",
    "load_settings",
    "format_mg",
    "get_protocol",
    "parse_diary",
    "parse_dose",
    "plan",
    "review",
]
