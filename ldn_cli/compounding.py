"""Formulations: measurable liquid volumes, capsule mixes, and fills within beyond-use dates.

Liquid: each dose becomes a volume, measured with the smallest oral syringe whose graduation
measures it exactly; when no stocked syringe can, the nearest volume is used and a finding says
what it delivers and by how much that differs, so that a printed volume is never taken for the
dose. The possible error is the ISO 7886-1 tolerance plus any rounding (``iso-7886-1``); above
the limit it is a failing finding. Capsules: each dose is the fewest whole capsules that make it
exactly; splitting is never proposed. Fills: consecutive dispensings, none used past its
beyond-use date (``usp-795-bud`` defaults, or the pharmacy's own date, ``pharmacy-bud``).
Storage and formulation facts travel with the preparation in plain words (``notes``). Pure: no
clock, no files but the shipped data.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from functools import cache
from importlib import resources

from ldn_cli.dose import DOSE_QUANTUM, MAX_DOSE_MG, MIN_DOSE_MG, format_mg, format_number
from ldn_cli.errors import InvalidSpec, LdnError
from ldn_cli.formulation_request import DEFAULT_MAX_ERROR_PCT, FormulationRequest
from ldn_cli.models import (
    MAX_BUD_DAYS,
    CapsuleCount,
    Capsules,
    Fill,
    Liquid,
    Plan,
    PlanWarning,
    Precaution,
    Preparation,
    StepPreparation,
    StockedSyringe,
)

#: USP <795> (2023) default beyond-use days by dosage form (``usp-795-bud``, unconfirmed).
LIQUID_BUD_DAYS = {"aqueous": 14, "preserved": 35, "non-aqueous": 90}
CAPSULE_BUD_DAYS = 180
#: ISO 7886-1 tolerances (``iso-7886-1``): below half the nominal volume, 1.5% of the nominal
#: plus 2% of the expelled volume; at or above half, 5% of the volume.
TOLERANCE_OF_NOMINAL = Decimal("0.015")
TOLERANCE_OF_EXPELLED = Decimal("0.02")
TOLERANCE_ABOVE_HALF = Decimal("0.05")
#: Concentrations (mg/mL) tried, largest first, when a lower one would measure better. 1 and
#: 5 mg/mL are the common ones (``ldnrt-types``); the others are plain dilutions of them.
CANDIDATE_CONCENTRATIONS = tuple(Decimal(c) for c in ("5", "2", "1", "0.5", "0.25", "0.2", "0.1"))
#: Liquid quantities are dispensed rounded up to a whole mL.
DISPENSE_STEP_ML = Decimal(1)
#: Stability shown for naltrexone 1 mg/mL in the dark: 60 days at 4 °C (``fawcett-1997``).
AQUEOUS_STABILITY_DAYS = 60
#: Stability shown for LDN capsules in Avicel at room temperature (``cote-2018``).
CAPSULE_STABILITY_DAYS = 360
#: Largest syringe capacity accepted in ``--syringes`` (an oral syringe, not a bottle), and
#: the most syringes a stock list may name (every dose is measured against each).
MAX_SYRINGE_ML = Decimal(100)
MAX_SYRINGES = 20

#: Only ASCII digits are numbers: "١.٥" and "１.５" are refused, never read as 1.5.
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_CONCENTRATION = re.compile(rf"^\s*({_NUMBER})\s*mg\s*/\s*(?:1\s*)?ml\s*$", re.IGNORECASE)


class NotMakeable(LdnError):
    """A dose cannot be made from whole capsules of the available strengths."""


class NotMeasurable(LdnError):
    """A liquid dose cannot be measured with any stocked syringe."""


@dataclass(frozen=True, slots=True, order=True)
class Syringe:
    """A metric oral syringe: its capacity and smallest graduation, in mL."""

    capacity_ml: Decimal
    graduation_ml: Decimal


@cache
def default_syringes() -> tuple[Syringe, ...]:
    """The syringes in ``data/syringes.json`` (source ``syringe-gradations``)."""
    text = resources.files("ldn_cli.data").joinpath("syringes.json").read_text(encoding="utf-8")
    rows = json.loads(text)["syringes"]
    return tuple(
        sorted(Syringe(Decimal(row["capacity_ml"]), Decimal(row["graduation_ml"])) for row in rows)
    )


def _refuse_empty(text: str, what: str, example: str) -> None:
    """Empty means empty: an option given as '' is an error, never "not given"."""
    if not text.strip():
        raise InvalidSpec(f"{what} is empty; give {example}")


def _plain_number(text: str) -> Decimal | None:
    """A plain decimal of ASCII digits (``1``, ``0.01``), or ``None`` (nan, 1e3, ١.٥ ...)."""
    return Decimal(text) if re.fullmatch(_NUMBER, text) else None


def parse_syringes(text: str) -> tuple[Syringe, ...]:
    """``1:0.01,3:0.1,5:0.2``: capacity and graduation in mL, comma-separated."""
    usage = "write CAPACITY:GRADUATION in mL, comma-separated, e.g. 1:0.01,3:0.1,5:0.2"
    _refuse_empty(text, "syringes", usage.removeprefix("write "))
    parts = text.split(",")
    if len(parts) > MAX_SYRINGES:
        raise InvalidSpec(f"syringes: {len(parts)} given; at most {MAX_SYRINGES}")
    syringes = []
    for part in parts:
        capacity_text, sep, graduation_text = part.partition(":")
        capacity = _plain_number(capacity_text.strip())
        graduation = _plain_number(graduation_text.strip())
        if (
            not sep
            or capacity is None
            or graduation is None
            or not 0 < graduation < capacity <= MAX_SYRINGE_ML
        ):
            raise InvalidSpec(
                f"syringes {text[:40]!r}: {usage}; graduation below capacity, capacity at most "
                f"{format_number(MAX_SYRINGE_ML)} mL"
            )
        syringes.append(Syringe(capacity, graduation))
    return tuple(sorted(syringes))


def parse_concentration(text: str) -> Liquid:
    """``1mg/mL`` or ``5 mg/mL`` -> a liquid of that concentration (0.01–100 mg/mL)."""
    _refuse_empty(text, "liquid", "a concentration such as 1mg/mL")
    match = _CONCENTRATION.match(text)
    value = Decimal(match.group(1)) if match else None
    if (
        value is None
        or not Decimal("0.01") <= value <= 100
        or value != value.quantize(DOSE_QUANTUM)
    ):
        raise InvalidSpec(
            f"liquid {text[:40]!r} is not a concentration; write MG/mL with at most two decimals, "
            "0.01–100 mg/mL, e.g. 1mg/mL"
        )
    return Liquid(concentration_mg_per_ml=value.normalize())


def parse_strengths(text: str) -> Capsules:
    """``0.5,1.5,3`` -> capsules in those strengths (each 0.1–4.5 mg)."""
    from ldn_cli.dose import parse_dose

    _refuse_empty(text, "capsules", "the capsule strengths in mg, e.g. 0.5,1.5")
    strengths = set()
    for part in text.split(","):
        if not re.fullmatch(rf"\s*{_NUMBER}\s*(mg)?\s*", part, re.IGNORECASE):
            raise InvalidSpec(
                f"capsules {text[:40]!r}: write the strengths in mg with ASCII digits, "
                "comma-separated, e.g. 0.5,1.5"
            )
        strengths.add(parse_dose(part, what="capsule strength"))
    return Capsules(strengths_mg=sorted(strengths))


def parse_percent(text: str, *, what: str, maximum: int = 50) -> Decimal:
    """A percentage ``0``–``maximum``, written ``10`` or ``10%``."""
    _refuse_empty(text, what, f"a percentage 0–{maximum}")
    value = _plain_number(text.strip().removesuffix("%").strip())
    if value is None or not 0 <= value <= maximum:
        raise InvalidSpec(f"{what} {text[:40]!r} is not a percentage; allowed: 0–{maximum}")
    return value


def parse_dispensed(text: str, formulation: Liquid | Capsules) -> dict[str, Decimal]:
    """``150 mL`` for a liquid; ``60`` (one strength) or ``1.5:60,0.5:14`` for capsules."""
    _refuse_empty(text, "dispensed", "the quantity dispensed, e.g. 150mL or 60")
    cleaned = text.strip().lower().replace(" ", "")
    if isinstance(formulation, Liquid):
        number = _plain_number(cleaned.removesuffix("ml"))
        if number is not None:
            return {"mL": number}
        raise InvalidSpec(f"dispensed {text[:40]!r}: for a liquid write the volume, e.g. 150mL")
    strengths = formulation.strengths_mg
    counted: dict[str, Decimal] = {}
    parts = cleaned.removesuffix("capsules").split(",")
    for part in parts:
        strength_text, sep, count = part.rpartition(":")
        if not sep and len(strengths) == 1:
            strength_text, count = format_number(strengths[0]), part
        strength = _plain_number(strength_text.removesuffix("mg"))
        if strength is None or strength not in strengths or not re.fullmatch(r"[0-9]{1,9}", count):
            raise InvalidSpec(
                f"dispensed {text[:40]!r}: write STRENGTH:COUNT per capsule strength, e.g. "
                "1.5:60,0.5:14 (or just a count when there is one strength)"
            )
        counted[format_mg(strength)] = Decimal(count)
    return counted


def tolerance_ml(volume: Decimal, syringe: Syringe) -> Decimal:
    """The ISO 7886-1 tolerance for ``volume`` expelled from ``syringe`` (``iso-7886-1``)."""
    if volume * 2 < syringe.capacity_ml:
        return TOLERANCE_OF_NOMINAL * syringe.capacity_ml + TOLERANCE_OF_EXPELLED * volume
    return TOLERANCE_ABOVE_HALF * volume


def measure(dose: Decimal, concentration: Decimal, syringes: Sequence[Syringe]) -> StepPreparation:
    """The volume for ``dose``: the smallest syringe that measures it exactly, else the
    smallest that holds it, at the nearest graduation (``delivered_mg`` then differs)."""
    exact = dose / concentration
    holding = [syringe for syringe in syringes if syringe.capacity_ml >= exact]
    if not holding:
        largest = max(syringes).capacity_ml
        raise NotMeasurable(
            f"{format_mg(dose)} at {format_number(concentration)} mg/mL is "
            f"{format_number(exact.quantize(Decimal('0.01')))} mL, more than the largest "
            f"syringe ({format_number(largest)} mL); use a stronger liquid"
        )
    exact_fit = [syringe for syringe in holding if exact % syringe.graduation_ml == 0]
    syringe = (exact_fit or holding)[0]
    steps = (exact / syringe.graduation_ml).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    volume = steps * syringe.graduation_ml
    if volume == 0:
        raise NotMeasurable(
            f"{format_mg(dose)} at {format_number(concentration)} mg/mL is below the smallest "
            f"graduation ({format_number(syringe.graduation_ml)} mL); use a weaker liquid"
        )
    error = (tolerance_ml(volume, syringe) + abs(volume - exact)) / exact * 100
    return StepPreparation(
        index=1,
        dose_mg=dose,
        volume_ml=volume.normalize(),
        syringe_ml=syringe.capacity_ml,
        graduation_ml=syringe.graduation_ml,
        delivered_mg=(volume * concentration).normalize(),
        error_pct=error.quantize(Decimal("0.1")),
    )


def is_exact(measured: StepPreparation) -> bool:
    """True when the measured volume delivers exactly the dose."""
    return measured.delivered_mg is None or measured.delivered_mg == measured.dose_mg


def inexact_message(measured: StepPreparation, concentration: Decimal) -> str:
    """``1.25 mL cannot be measured with the stocked syringes; nearest 1.2 mL = 1.2 mg, −4%``."""
    wanted = (measured.dose_mg / concentration).normalize()
    delivered = measured.delivered_mg or Decimal(0)
    difference = ((delivered - measured.dose_mg) / measured.dose_mg * 100).quantize(Decimal("0.1"))
    sign = "+" if difference > 0 else "−"  # a true minus sign, as in print
    return (
        f"{format_number(wanted.quantize(Decimal('0.0001')))} mL cannot be measured with the "
        f"stocked syringes; nearest {format_number(measured.volume_ml or Decimal(0))} mL = "
        f"{format_mg(delivered)}, {sign}{format_number(abs(difference))}% "
        f"(to give {format_mg(measured.dose_mg)} exactly, stock a finer syringe or use another "
        "concentration)"
    )


def makes_exactly(
    dose: Decimal, formulation: Liquid | Capsules, syringes: Sequence[Syringe] = ()
) -> bool:
    """True when ``formulation`` makes ``dose`` exactly: whole capsules, or a volume that a
    stocked syringe measures without rounding."""
    if isinstance(formulation, Capsules):
        try:
            capsule_mix(dose, formulation.strengths_mg)
        except NotMakeable:
            return False
        return True
    try:
        measured = measure(
            dose, formulation.concentration_mg_per_ml, tuple(syringes or default_syringes())
        )
    except NotMeasurable:
        return False
    return is_exact(measured)


def capsule_mix(dose: Decimal, strengths: Sequence[Decimal]) -> list[CapsuleCount]:
    """The fewest whole capsules that make ``dose`` exactly; ``NotMakeable`` if none do."""
    fewest = _fewest_capsules(tuple(sorted(strengths)))
    target = int(dose / DOSE_QUANTUM)
    if fewest[target] is None:
        raise NotMakeable(_not_makeable_message(dose, strengths, fewest))
    counts: dict[Decimal, int] = {}
    remaining = target
    while remaining:
        strength = fewest[remaining]
        assert strength is not None
        counts[strength] = counts.get(strength, 0) + 1
        remaining -= int(strength / DOSE_QUANTUM)
    return [
        CapsuleCount(strength_mg=strength, count=counts[strength])
        for strength in sorted(counts, reverse=True)
    ]


@cache
def _fewest_capsules(strengths: tuple[Decimal, ...]) -> list[Decimal | None]:
    """For each dose in hundredths of a mg up to 4.5 mg, the last capsule of a fewest mix."""
    limit = int(MAX_DOSE_MG / DOSE_QUANTUM)
    units = [int(strength / DOSE_QUANTUM) for strength in strengths]
    count: list[int | None] = [0] + [None] * limit
    last: list[Decimal | None] = [None] * (limit + 1)
    for amount in range(1, limit + 1):
        for unit, strength in zip(units, strengths, strict=True):
            previous = count[amount - unit] if unit <= amount else None
            current = count[amount]
            if previous is not None and (current is None or previous + 1 < current):
                count[amount] = previous + 1
                last[amount] = strength
    return last


def _not_makeable_message(
    dose: Decimal, strengths: Sequence[Decimal], fewest: list[Decimal | None]
) -> str:
    target = int(dose / DOSE_QUANTUM)
    low = int(MIN_DOSE_MG / DOSE_QUANTUM)
    below = next((n for n in range(target - 1, low - 1, -1) if fewest[n] is not None), None)
    above = next((n for n in range(target + 1, len(fewest)) if fewest[n] is not None), None)
    nearest = [format_mg(Decimal(n) * DOSE_QUANTUM) for n in (below, above) if n is not None]
    available = ", ".join(format_mg(strength) for strength in sorted(strengths))
    return (
        f"dose {format_mg(dose)} cannot be made from whole {available} capsules (splitting "
        f"is never proposed); nearest makeable doses: {' and '.join(nearest) or 'none'}"
    )


def prepare_steps(
    plan: Plan, formulation: Liquid | Capsules, syringes: Sequence[Syringe]
) -> list[StepPreparation]:
    """The measure of every step's dose in ``formulation``."""
    prepared = []
    for step in plan.steps:
        if isinstance(formulation, Liquid):
            measured = measure(step.dose_mg, formulation.concentration_mg_per_ml, syringes)
            prepared.append(measured.model_copy(update={"index": step.index}))
        else:
            mix = capsule_mix(step.dose_mg, formulation.strengths_mg)
            prepared.append(StepPreparation(index=step.index, dose_mg=step.dose_mg, capsules=mix))
    return prepared


def default_bud_days(formulation: Liquid | Capsules) -> int:
    """The USP <795> default beyond-use days for the dosage form (``usp-795-bud``)."""
    if isinstance(formulation, Liquid):
        return LIQUID_BUD_DAYS[formulation.base]
    return CAPSULE_BUD_DAYS


def compound(
    plan: Plan,
    formulation: Liquid | Capsules,
    *,
    syringes: Sequence[Syringe] | None = None,
    bud_days: int | None = None,
    until: date | None = None,
    overage_pct: Decimal = Decimal(0),
    max_error_pct: Decimal = DEFAULT_MAX_ERROR_PCT,
) -> Preparation:
    """Make ``plan`` up in ``formulation``: measures, fills up to ``until`` (or the plan end)."""
    syringes = tuple(syringes or default_syringes())
    steps = prepare_steps(plan, formulation, syringes)
    days = bud_days or default_bud_days(formulation)
    last_day = min(until, plan.end) if until else plan.end
    if last_day < plan.start:
        raise InvalidSpec(f"dispense until {last_day.isoformat()} is before the plan starts")
    by_index = {step.index: step for step in steps}
    fills: list[Fill] = []
    first = plan.start
    try:
        while first <= last_day:
            end = min(first + timedelta(days=days - 1), last_day)
            fills.append(_fill(plan, by_index, len(fills) + 1, first, end, days, overage_pct))
            first = end + timedelta(days=1)
    except OverflowError:
        raise InvalidSpec(
            f"the fills of a plan ending {plan.end.isoformat()} would run past the year 9999"
        ) from None
    warnings = [
        *_measuring_warnings(plan, formulation, steps, syringes, max_error_pct),
        *_bud_warnings(formulation, bud_days),
    ]
    total_ml = (
        sum((fill.quantity_ml or Decimal(0) for fill in fills), Decimal(0))
        if isinstance(formulation, Liquid)
        else None
    )
    return Preparation(
        formulation=formulation,
        bud_days=days,
        bud_source=PHARMACY_BUD_SOURCE if bud_days else "usp-795-bud",
        overage_pct=overage_pct,
        max_error_pct=max_error_pct,
        steps=steps,
        fills=fills,
        days_supply=(last_day - plan.start).days + 1,
        total_ml=total_ml,
        total_capsules=None if total_ml is not None else _add_counts(fills),
        warnings=warnings,
        notes=storage_notes(formulation),
        bud_notes=_bud_notes(formulation, bud_days),
        syringes=[
            StockedSyringe(capacity_ml=s.capacity_ml, graduation_ml=s.graduation_ml)
            for s in syringes
        ]
        if isinstance(formulation, Liquid)
        else [],
    )


def stocked_syringes(preparation: Preparation) -> tuple[Syringe, ...]:
    """The syringes ``preparation`` was measured with (the defaults for an older file)."""
    stocked = tuple(
        sorted(Syringe(item.capacity_ml, item.graduation_ml) for item in preparation.syringes)
    )
    return stocked or default_syringes()


def with_preparation(plan: Plan, preparation: Preparation) -> Plan:
    """``plan`` carrying ``preparation``, its warnings added to the plan's (those of a
    preparation it carried before are replaced, never repeated)."""
    previous = plan.preparation.warnings if plan.preparation else []
    kept = [warning for warning in plan.warnings if warning not in previous]
    return plan.model_copy(
        update={"preparation": preparation, "warnings": [*kept, *preparation.warnings]}
    )


def _fill(
    plan: Plan,
    steps: dict[int, StepPreparation],
    number: int,
    first: date,
    last: date,
    bud_days: int,
    overage_pct: Decimal,
) -> Fill:
    volume = Decimal(0)
    counts: dict[Decimal, int] = {}
    for step in plan.steps:
        overlap = (min(step.end, last) - max(step.start, first)).days + 1
        if overlap <= 0:
            continue
        prepared = steps[step.index]
        if prepared.volume_ml is not None:
            volume += prepared.volume_ml * overlap
        for capsule in prepared.capsules or []:
            counts[capsule.strength_mg] = (
                counts.get(capsule.strength_mg, 0) + capsule.count * overlap
            )
    span = {
        "number": number,
        "first_day": first,
        "last_day": last,
        "days": (last - first).days + 1,
        "use_by": first + timedelta(days=bud_days - 1),
    }
    if any(prepared.volume_ml is not None for prepared in steps.values()):
        with_overage = volume * (1 + overage_pct / 100)
        quantity = (with_overage / DISPENSE_STEP_ML).quantize(Decimal(1), ROUND_CEILING)
        return Fill.model_validate({**span, "quantity_ml": quantity * DISPENSE_STEP_ML})
    capsules = [
        CapsuleCount(strength_mg=strength, count=counts[strength])
        for strength in sorted(counts, reverse=True)
    ]
    return Fill.model_validate({**span, "capsules": capsules})


def _add_counts(fills: Sequence[Fill]) -> list[CapsuleCount]:
    totals: dict[Decimal, int] = {}
    for fill in fills:
        for capsule in fill.capsules or []:
            totals[capsule.strength_mg] = totals.get(capsule.strength_mg, 0) + capsule.count
    return [CapsuleCount(strength_mg=s, count=totals[s]) for s in sorted(totals, reverse=True)]


def describe_measure(measured: StepPreparation) -> str:
    """``0.1 mg is 0.1 mL in a 1 mL syringe, possible error 17%``."""
    return (
        f"{format_mg(measured.dose_mg)} is {format_number(measured.volume_ml or Decimal(0))} mL "
        f"in a {format_number(measured.syringe_ml or Decimal(0))} mL syringe, possible error "
        f"{format_number(measured.error_pct or Decimal(0))}%"
    )


def error_within(
    doses: Sequence[Decimal], concentration: Decimal, syringes: Sequence[Syringe], limit: Decimal
) -> bool:
    """True when every dose is measurable at ``concentration`` within ``limit`` percent."""
    try:
        measured = [measure(dose, concentration, syringes) for dose in doses]
    except NotMeasurable:
        return False
    return all((item.error_pct or Decimal(0)) <= limit for item in measured)


def suggest_concentration(
    doses: Sequence[Decimal], current: Decimal, syringes: Sequence[Syringe], limit: Decimal
) -> Decimal | None:
    """The strongest candidate concentration below ``current`` that measures every dose well."""
    for candidate in CANDIDATE_CONCENTRATIONS:
        if candidate < current and error_within(doses, candidate, syringes, limit):
            return candidate
    return None


def _measuring_warnings(
    plan: Plan,
    formulation: Liquid | Capsules,
    steps: Sequence[StepPreparation],
    syringes: Sequence[Syringe],
    limit: Decimal,
) -> list[PlanWarning]:
    """A volume that is not the dose (a warning) and a possible error above ``limit`` (an
    error: the preparation fails)."""
    if not isinstance(formulation, Liquid):
        return []
    concentration = formulation.concentration_mg_per_ml
    warnings = [
        PlanWarning(
            code="inexact-volume",
            severity="warning",
            message=f"step {step.index}: {inexact_message(step, concentration)}",
            source="syringe-gradations",
        )
        for step in steps
        if not is_exact(step)
    ]
    poor = [step for step in steps if (step.error_pct or Decimal(0)) > limit]
    if not poor:
        return warnings
    better = suggest_concentration(
        [step.dose_mg for step in plan.steps], concentration, syringes, limit
    )
    advice = (
        f"a {format_number(better)} mg/mL liquid keeps every dose of this plan within "
        f"{format_number(limit)}%"
        if better
        else "no common concentration fixes it; consider capsules"
    )
    return warnings + [
        PlanWarning(
            code="measuring-error",
            severity="error",
            message=(
                f"step {step.index}: {describe_measure(step)} (above {format_number(limit)}%); "
                f"{advice}"
            ),
            source="iso-7886-1",
        )
        for step in poor
    ]


#: Where a beyond-use date set with ``--bud`` comes from (an ``ldn evidence`` key).
PHARMACY_BUD_SOURCE = "pharmacy-bud"


def storage_notes(formulation: Liquid | Capsules) -> list[Precaution]:
    """Storage and formulation facts in plain words, for the patient and the pharmacist."""
    if isinstance(formulation, Liquid):
        if formulation.base == "non-aqueous":
            return []  # the cited storage facts are for aqueous liquids only
        return [
            Precaution(
                code="store-liquid",
                text="Keep the liquid in the refrigerator, protected from light.",
                source="ldnrt-types",
            )
        ]
    return [
        Precaution(
            code="store-capsules",
            text="Keep the capsules at room temperature, protected from light.",
            source="cote-2018",
        ),
        Precaution(
            code="capsule-filler",
            text=(
                "The capsules should not contain calcium carbonate as a filler: it can reduce "
                "how much of the medicine the body takes up."
            ),
            source="ldnrt-types",
        ),
    ]


def _bud_warnings(formulation: Liquid | Capsules, bud_days: int | None) -> list[PlanWarning]:
    """A pharmacy's beyond-use date longer than the cited stability data."""
    if bud_days is None:
        return []
    if isinstance(formulation, Liquid) and formulation.base != "non-aqueous":
        if bud_days > AQUEOUS_STABILITY_DAYS:
            return [
                PlanWarning(
                    code="bud-beyond-stability-data",
                    severity="warning",
                    message=(
                        f"beyond-use date {bud_days} days is longer than the cited stability "
                        f"data for an aqueous liquid: {AQUEOUS_STABILITY_DAYS} days at 4 °C "
                        "(30 days at 25 °C), in the dark, for 1 mg/mL"
                    ),
                    source="fawcett-1997",
                )
            ]
    elif isinstance(formulation, Capsules) and bud_days > CAPSULE_STABILITY_DAYS:
        return [
            PlanWarning(
                code="bud-beyond-stability-data",
                severity="warning",
                message=(
                    f"beyond-use date {bud_days} days is longer than the cited stability data "
                    f"for capsules: {CAPSULE_STABILITY_DAYS} days in Avicel at room temperature, "
                    "protected from light"
                ),
                source="cote-2018",
            )
        ]
    return []


def _bud_notes(formulation: Liquid | Capsules, bud_days: int | None) -> list[Precaution]:
    """Where the beyond-use date comes from, and what study could support another."""
    if bud_days:
        return [
            Precaution(
                code="pharmacy-bud",
                text=f"Beyond-use date set by the pharmacy: {bud_days} days.",
                source=PHARMACY_BUD_SOURCE,
            )
        ]
    if isinstance(formulation, Capsules):
        return [
            Precaution(
                code="usp-default-bud",
                text=(
                    f"USP <795> default beyond-use date for capsules ({CAPSULE_BUD_DAYS} days; "
                    "unconfirmed secondary source). Capsules in Avicel kept "
                    f"{CAPSULE_STABILITY_DAYS} days at room temperature protected from light; "
                    "use --bud DAYS if your pharmacy relies on such a study."
                ),
                source="cote-2018",
            )
        ]
    default = LIQUID_BUD_DAYS[formulation.base]
    if formulation.base == "non-aqueous":
        return [
            Precaution(
                code="usp-default-bud",
                text=(
                    f"USP <795> default beyond-use date for a non-aqueous oral liquid ({default} "
                    "days; unconfirmed secondary source). No cited stability study covers a "
                    "non-aqueous LDN liquid: the 60-day study is of an aqueous 1 mg/mL "
                    "solution, and shorter than this default."
                ),
                source="usp-795-bud",
            )
        ]
    return [
        Precaution(
            code="usp-default-bud",
            text=(
                f"USP <795> default beyond-use date for an {formulation.base} oral liquid "
                f"({default} days; unconfirmed secondary source). A study-backed date may be "
                f"longer: 1 mg/mL kept {AQUEOUS_STABILITY_DAYS} days at 4 °C in the dark; use "
                "--bud DAYS if your pharmacy relies on such a study."
            ),
            source="fawcett-1997",
        )
    ]


# --- what the request's options mean ------------------------------------------------------------

LIQUID_BASES = tuple(LIQUID_BUD_DAYS)


def parse_bud(text: str) -> int:
    """The pharmacy's beyond-use date: ``60d``, ``8w`` or a bare number of days (1–365)."""
    from ldn_cli.timeparse import parse_days

    return parse_days(text, what="beyond-use date", maximum=MAX_BUD_DAYS, bare_days=True)


def parse_liquid_base(text: str) -> str:
    """The vehicle of an oral liquid: aqueous, preserved or non-aqueous."""
    cleaned = text.strip().lower()
    if cleaned not in LIQUID_BASES:
        raise InvalidSpec(
            f"liquid base {text[:40]!r} is not known; choose {', '.join(LIQUID_BASES)}"
        )
    return cleaned


def prepare(plan: Plan, request: FormulationRequest, *, until: date | None = None) -> Plan:
    """``plan`` made up as ``request`` asks (unchanged when it names no liquid or capsules),
    its measuring and use-by warnings added to the plan's."""
    formulation = request.formulation()
    if formulation is None:  # the other options describe a formulation: without one, unused
        return plan
    preparation = compound(
        plan,
        formulation,
        syringes=request.stocked(),
        bud_days=request.bud_days(),
        until=until,
        overage_pct=request.overage_pct(),
        max_error_pct=request.max_error_pct(),
    )
    return with_preparation(plan, preparation)
