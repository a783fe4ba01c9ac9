"""How a plan is handed over: the options that say where and when reminders ring, the FHIR
release and subject, who the handout is for and whom the patient calls.

Presentation only: none of them changes the plan. Each is read here by its core parser (a
time zone, a clock time, plain text for a name), so the command line, the settings file and
any other door accept the same values; the renderers turn them into ``RenderOptions``.
"""

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.errors import InputError
from ldn_cli.fields import CliOption

#: Longest clinic, prescriber or patient name printed on a handout (a printed line's width).
MAX_CONTACT_CHARS = 80


def contact_text(value: str | None, *, what: str) -> str | None:
    """A name or phone for the handout: whitespace collapsed, control characters refused.

    The message never repeats the text (it may be a patient's name).
    """
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if any(not char.isprintable() for char in cleaned):
        raise InputError(f"{what}: control characters are not allowed; give plain text")
    if len(cleaned) > MAX_CONTACT_CHARS:
        raise InputError(f"{what}: too long; at most {MAX_CONTACT_CHARS} characters")
    return cleaned or None


FHIR_VERSIONS = ("r4", "r5")
#: The free-text fields, each read as contact text (``contact_text``): field -> its option.
CONTACT_FIELDS = {
    "fhir_subject": "--fhir-subject",
    "patient": "--patient",
    "clinic_name": "--clinic-name",
    "clinic_phone": "--clinic-phone",
    "prescriber": "--prescriber",
}


class HandoverRequest(BaseModel):
    """How a plan is handed over: reminder zone and time, the FHIR order's release and subject,
    who the handout is for and whom to call. Presentation only: it never changes the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    time_zone: Annotated[
        str | None,
        Field(description="IANA time zone of calendar reminders (default: this computer's)."),
        CliOption(
            "ZONE", "Hand-over", flag="--tz", aliases=("--time-zone",), setting="plan.time_zone"
        ),
    ] = None
    reminder_time: Annotated[
        str | None,
        Field(
            description="Clock time of calendar reminders (default: 21:00 at bedtime, 08:00 "
            "in the morning)."
        ),
        CliOption("HH:MM", "Hand-over", setting="plan.reminder_time"),
    ] = None
    fhir_version: Annotated[
        str | None,
        Field(description="FHIR release of --format fhir: r4 (default) or r5."),
        CliOption("r4|r5", "Hand-over", setting="plan.fhir_version", setting_default='"r4"'),
    ] = None
    fhir_subject: Annotated[
        str | None,
        Field(description="FHIR subject reference, e.g. Patient/123 (fhir only)."),
        CliOption("REF", "Hand-over"),
    ] = None
    patient: Annotated[
        str | None,
        Field(
            description="Patient's name for the handout and wallet card (and FHIR subject.display)."
        ),
        CliOption("NAME", "Hand-over"),
    ] = None
    clinic_name: Annotated[
        str | None,
        Field(description="Clinic name for the handout."),
        CliOption("TEXT", "Hand-over", setting="clinic.name"),
    ] = None
    clinic_phone: Annotated[
        str | None,
        Field(description="Clinic phone for the handout."),
        CliOption("TEXT", "Hand-over", setting="clinic.phone"),
    ] = None
    prescriber: Annotated[
        str | None,
        Field(description="Prescriber's name for the handout."),
        CliOption("NAME", "Hand-over", setting="clinic.prescriber"),
    ] = None
    clinician_copy: Annotated[
        bool,
        Field(description="Add a separate clinician page (sources, findings) to the handout."),
        CliOption("", "Hand-over"),
    ] = False

    def check_field(self, name: str) -> None:
        """Check one field's value as its use would (settings files)."""
        from ldn_cli.timeparse import parse_clock, parse_timezone

        checks: dict[str, Callable[[], object]] = {
            "time_zone": lambda: parse_timezone(self.time_zone or ""),
            "reminder_time": lambda: parse_clock(self.reminder_time or "", what="reminder time"),
            "fhir_version": self.fhir_release,
        }
        if name in CONTACT_FIELDS:
            self.contact(name)
        elif name in checks:
            checks[name]()

    def contact(self, name: str) -> str | None:
        """The free-text field ``name`` (one of ``CONTACT_FIELDS``), cleaned and checked."""
        value: str | None = getattr(self, name)
        return contact_text(value, what=CONTACT_FIELDS[name])

    def fhir_release(self) -> Literal["r4", "r5"]:
        """The FHIR release asked for: r4 (default) or r5."""
        from ldn_cli.errors import UnknownChoice
        from ldn_cli.printable import quoted

        version = (self.fhir_version or "r4").strip().lower()
        if version not in FHIR_VERSIONS:
            raise UnknownChoice(
                f"FHIR version {quoted(self.fhir_version or '')} is not known; choose r4 or r5"
            )
        return "r5" if version == "r5" else "r4"
