"""A FHIR MedicationRequest (``--format fhir``): R4 by default, R5 on request.

One Dosage per step, numbered by ``sequence`` (different numbers run one after another), each
with ``timing.repeat.boundsPeriod``, once a day (``frequency 1, period 1, periodUnit d``),
``when: ["HS"]`` at bedtime (``MORN`` in the morning, ``timeOfDay`` for a clock time), a dose
in UCUM mg, an ISMP-safe ``text`` and the plan's own maximum daily dose (``max_daily_mg``; a
past step above an adjusted ceiling carries none) (clinical-facts.md section 6; the spec's
tapering example medicationrequest0303). Notes carry the precautions, each warning labelled by
its severity with the medication input it is about, the days without LDN (held, or missed) and
the adjustments. Built as plain data: no FHIR library is needed at run time.
"""

import json
import uuid
from decimal import Decimal
from typing import Any

from ldn_cli.dose import json_number
from ldn_cli.models import Hold, Plan, Step, dose_time_phrase
from ldn_cli.render import DISCLAIMER, RenderOptions, dose_with_measure, labelled_warning

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
#: SNOMED CT 26643006 "Oral route" (the route code used in the FHIR specification's examples).
ORAL_ROUTE = {"coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}]}
MEDICATION_TEXT = "Naltrexone (low dose), compounded, oral"
_WHEN = {"bedtime": "HS", "morning": "MORN"}


def _mg(value: Decimal) -> dict[str, Any]:
    return {"value": json_number(value), "unit": "mg", "system": UCUM, "code": "mg"}


def _dosage(plan: Plan, step: Step) -> dict[str, Any]:
    # The last step continues until the prescriber reviews it: its period has no end.
    last = step.index == len(plan.steps)
    bounds = {"start": step.start.isoformat()}
    if not last:
        bounds["end"] = step.end.isoformat()
    until = (
        f"from {step.start.isoformat()}, continuing until the prescriber reviews it "
        f"(follow-up by {max(c.latest for c in plan.checkpoints).isoformat()})"
        if last and plan.checkpoints
        else f"from {step.start.isoformat()} to {step.end.isoformat()}"
    )
    repeat: dict[str, Any] = {
        "boundsPeriod": bounds,
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
    }
    if plan.dose_time in _WHEN:
        repeat["when"] = [_WHEN[plan.dose_time]]
    else:
        repeat["timeOfDay"] = [f"{plan.dose_time}:00"]
    return {
        "sequence": step.index,
        "text": (
            f"{dose_with_measure(plan, step.index)} by mouth {dose_time_phrase(plan.dose_time)} "
            f"{until}"
        ),
        "timing": {"repeat": repeat},
        "route": ORAL_ROUTE,
        "doseAndRate": [{"doseQuantity": _mg(step.dose_mg)}],
    }


def _hold_note(hold: Hold) -> str:
    """Days without LDN: held on purpose, or missed (no dose taken), with the reason."""
    period = f"{hold.start.isoformat()} to {hold.end.isoformat()}"
    if hold.kind == "missed":
        return f"No dose taken {period} (missed) [{hold.source}]"
    return f"No LDN {period}: {hold.reason} [{hold.source}]"


def medication_request(plan: Plan, options: RenderOptions) -> dict[str, Any]:
    """The MedicationRequest as a JSON-ready dict for ``options.fhir_version``."""
    identity = "|".join(f"{s.start}:{s.dose_mg}" for s in plan.steps) + f"|{plan.dose_time}"
    max_per_day = {
        "numerator": _mg(plan.max_daily_mg),
        "denominator": {"value": 1, "unit": "d", "system": UCUM, "code": "d"},
    }
    dosages = []
    for step in plan.steps:
        dosage = _dosage(plan, step)
        # A step taken before an adjustment lowered the ceiling is history: no maximum on it.
        if step.dose_mg <= plan.max_daily_mg:
            dosage["maxDosePerPeriod"] = (
                max_per_day if options.fhir_version == "r4" else [max_per_day]
            )
        dosages.append(dosage)
    subject = (
        {"reference": options.fhir_subject}
        if options.fhir_subject
        else {"display": options.patient_name or "Patient to be assigned in the EHR"}
    )
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"ldn-cli:{identity}")),
        "status": "draft",
        "intent": "order",
    }
    concept = {"text": MEDICATION_TEXT}
    if options.fhir_version == "r4":
        resource["medicationCodeableConcept"] = concept
    else:
        resource["medication"] = {"concept": concept}
    resource["subject"] = subject
    resource["note"] = [
        {"text": f"{precaution.text} [{precaution.source}]"} for precaution in plan.precautions
    ]
    resource["note"] += [{"text": labelled_warning(warning)} for warning in plan.warnings]
    resource["note"] += [{"text": _hold_note(hold)} for hold in plan.holds]
    resource["note"] += [
        {"text": f"Adjusted {item.on.isoformat()} ({item.event}): {item.reason}"}
        for item in plan.adjustments
    ]
    resource["note"].append({"text": DISCLAIMER})
    resource["dosageInstruction"] = dosages
    return resource


def render(plan: Plan, options: RenderOptions) -> str:
    """The MedicationRequest as indented JSON."""
    return json.dumps(medication_request(plan, options), indent=2, ensure_ascii=False) + "\n"
