"""ldn-cli: decision support for low dose naltrexone (LDN) titration. The public Python API.

>>> from datetime import date
>>> from ldn_cli import build_plan, build_spec, format_mg
>>> plan = build_plan(build_spec(today=date(2026, 11, 26), start="2026-12-01"))
>>> [format_mg(step.dose_mg) for step in plan.steps]
['1.5 mg', '3 mg', '4.5 mg']
>>> [checkpoint.suggested.isoformat() for checkpoint in plan.checkpoints]
['2026-12-29', '2027-01-12']

The functions below take the same words as the command line and return the same models that
its JSON prints. Modules that only some callers need (adjusting, checking, compounding, the
opioid table) are imported on first use, so ``import ldn_cli`` stays fast.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    from ldn_cli.adjust import Continuation, Event
    from ldn_cli.check import FindingsReport
    from ldn_cli.interactions import MedicationCheck

#: Names exported lazily: name -> module that defines it.
_LAZY = {
    "SideEffects": "ldn_cli.adjust",
    "MissedDays": "ldn_cli.adjust",
    "OpioidInterruption": "ldn_cli.adjust",
    "SwitchToMorning": "ldn_cli.adjust",
    "Continuation": "ldn_cli.adjust",
    "MedicationCheck": "ldn_cli.interactions",
    "IngredientMatch": "ldn_cli.interactions",
    "Finding": "ldn_cli.check",
    "FindingsReport": "ldn_cli.check",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ldn_cli' has no attribute {name!r}")


def plan(
    *,
    start: str | date,
    protocol: str = "standard",
    start_dose: str | None = None,
    step: str | None = None,
    every: str | None = None,
    target: str | None = None,
    dose_time: str = "bedtime",
    follow_up_window: str | None = None,
    maintain: str | None = None,
    meds: Sequence[str] = (),
    last_opioid_dose: str | date | None = None,
    opioid_free_days: int = 10,
    today: date | None = None,
) -> Plan:
    """A titration plan, as ``ldn plan`` makes it (warnings for ``meds`` included, and for a
    schedule faster than every published protocol).

    ``start`` is a date or the same words as ``--start``; ``today`` (default: the local date)
    resolves "today" and "tomorrow". Raises an ``LdnError`` subclass, with the command
    line's one-line message, on bad input.
    """
    today = today or date.today()
    spec = build_spec(
        today=today,
        start=start.isoformat() if isinstance(start, date) else start,
        protocol=protocol,
        start_dose=start_dose,
        step=step,
        every=every,
        target=target,
        dose_time=dose_time,
        follow_up_window=follow_up_window,
        maintain=maintain,
    )
    from ldn_cli.pace import pace_warnings

    pace = pace_warnings(spec)  # a schedule faster than every published protocol
    if not meds and last_opioid_dose is None:
        # the opioid table is loaded only when there is something to check
        return build_plan(spec, warnings=pace)
    from ldn_cli.interactions import plan_warnings
    from ldn_cli.timeparse import parse_date

    last = (
        parse_date(last_opioid_dose, today=today, what="last opioid dose")
        if isinstance(last_opioid_dose, str)
        else last_opioid_dose
    )
    warnings = plan_warnings(
        meds, start=spec.start, last_opioid_dose=last, default_days=opioid_free_days
    )
    return build_plan(spec, warnings=[*warnings, *pace])


def check_meds(names: Iterable[str]) -> "list[MedicationCheck]":
    """Each medication line checked for opioid conflicts, as ``ldn meds`` does."""
    from ldn_cli.interactions import check_medications

    return check_medications(names)


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
    meds: Sequence[str] = (),
    strict: bool = False,
) -> "FindingsReport":
    """Lint a JSON or CSV plan (and optional directions and medications), as ``ldn check``."""
    from ldn_cli import check as lint
    from ldn_cli.interactions import check_medications

    findings = lint.check_rows(lint.parse_plan(text, name=name))
    if directions:
        findings += lint.check_directions(directions)
    findings += lint.check_medications(check_medications(meds))
    return lint.report(findings, strict=strict)


__all__ = [
    "PROTOCOLS",
    "Adjustment",
    "Checkpoint",
    "Continuation",
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
    "PlanWarning",
    "Precaution",
    "Preparation",
    "Protocol",
    "ProtocolRef",
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
    "parse_dose",
    "plan",
]
