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
    from pydantic import BaseModel

    from ldn_cli.adjust import Continuation, Event
    from ldn_cli.check import FindingsReport
    from ldn_cli.diary import DiaryRow
    from ldn_cli.interactions import MedicationCheck
    from ldn_cli.response import Review

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


def plan(*, today: date | None = None, **options: Any) -> Plan:
    """A titration plan, as ``ldn plan`` makes it (warnings for ``meds`` included, and for a
    schedule faster than every published protocol).

    ``options`` are the fields of ``PlanRequest``, the ``ldn plan`` options with ``_`` for
    ``-``: ``start`` (a date or the same words as ``--start``), ``protocol``,
    ``start_dose``, ``step``, ``every``, ``target``, ``dose_time``, ``follow_up_window``,
    ``maintain``, ``visit_slack`` and ``clinic_days`` (bookable follow-up visits), ``meds`` (a
    list of lines; one string is one medication), ``last_opioid_dose`` and
    ``opioid_free_days``. ``today`` (default: the local date) resolves words such as "today"
    and "next monday". Raises an ``LdnError`` subclass, with the
    command line's one-line message, on bad input (a wrong name or type included).
    """
    from ldn_cli.spec import PlanRequest, plan_for

    return plan_for(_validated(PlanRequest, options, what="plan"), today=today or date.today())


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


def compound_plan(
    plan: Plan,
    *,
    liquid: str | None = None,
    capsules: str | None = None,
    bud_days: int | None = None,
    until: date | None = None,
) -> Plan:
    """``plan`` made up as a liquid (``"1mg/mL"``) or as capsules (``"0.5,1.5"``).

    The same as ``ldn compound``: per-step measures and fills, in ``plan.preparation``.
    """
    from ldn_cli.compounding import (
        compound,
        parse_concentration,
        parse_strengths,
        with_preparation,
    )

    if (liquid is None) == (capsules is None):
        raise InvalidSpec("give liquid or capsules, not both and not neither")
    formulation = parse_concentration(liquid) if liquid else parse_strengths(capsules or "")
    return with_preparation(plan, compound(plan, formulation, bud_days=bud_days, until=until))


def adjust_plan(
    plan: Plan, event: "Event", *, on: date, continuation: "Continuation | None" = None
) -> Plan:
    """``plan`` recomputed from ``on`` for ``event`` (``SideEffects``, ``MissedDays``,
    ``OpioidInterruption`` or ``SwitchToMorning``), as ``ldn adjust`` does."""
    from ldn_cli.adjust import adjust

    return adjust(plan, event, on=on, continuation=continuation)


def check_plan(
    text: str,
    *,
    name: str = "plan",
    directions: str | None = None,
    meds: Sequence[str] | str = (),
    strict: bool = False,
) -> "FindingsReport":
    """Lint a JSON or CSV plan (and optional directions and medications), as ``ldn check``."""
    from ldn_cli import check as lint
    from ldn_cli.interactions import check_medications

    findings = lint.check_rows(lint.parse_plan(text, name=name))
    if directions:
        findings += lint.check_directions(directions)
    findings += lint.check_medications(check_medications(_medication_lines(meds)))
    return lint.report(findings, strict=strict)


def review(
    plan: Plan,
    diary_rows: "str | bytes | Iterable[DiaryRow | Mapping[str, object]]",
    *,
    on: date | str | None = None,
    baseline: str | int | Decimal | None = None,
) -> "Review":
    """The response to LDN from the patient's pain diary, as ``ldn review`` computes it.

    ``diary_rows`` is the diary's CSV or JSON Lines text, or its rows: mappings such as
    ``{"date": "2026-12-01", "pain": "6.5"}`` or ``DiaryRow``s. ``on`` (a date or
    ``YYYY-MM-DD``) defaults to the last recorded day: the clock is never read. ``baseline``
    (0–10) replaces the diary's 7 days before the start.
    """
    from ldn_cli.diary import parse_diary
    from ldn_cli.response import diary_rows as rows_of
    from ldn_cli.response import review as review_diary
    from ldn_cli.response import review_date

    rows = parse_diary(diary_rows) if isinstance(diary_rows, str | bytes) else rows_of(diary_rows)
    return review_diary(
        plan, rows, on=review_date(on) if isinstance(on, str) else on, baseline=baseline
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
    "format_mg",
    "get_protocol",
    "parse_diary",
    "parse_dose",
    "plan",
    "review",
]
