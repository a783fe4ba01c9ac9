"""The options shared by several commands, and the choices they take."""

from enum import StrEnum
from typing import Annotated

import typer


class PlanFormat(StrEnum):
    """Output formats for a plan."""

    table = "table"
    json = "json"
    text = "text"
    csv = "csv"
    calendar = "calendar"
    ics = "ics"
    fhir = "fhir"
    html = "html"


#: File name endings that say a plan format (``-o plan.ics`` writes iCalendar); the longest
#: ending that matches wins (``.fhir.json`` before ``.json``).
FORMAT_BY_EXTENSION = {
    ".fhir.json": PlanFormat.fhir,
    ".json": PlanFormat.json,
    ".ics": PlanFormat.ics,
    ".csv": PlanFormat.csv,
    ".html": PlanFormat.html,
    ".htm": PlanFormat.html,
    ".txt": PlanFormat.text,
}


class ListingFormat(StrEnum):
    """Output formats for listings and checks."""

    table = "table"
    json = "json"


class LiquidBase(StrEnum):
    """The vehicle of an oral liquid, which sets its default beyond-use date."""

    aqueous = "aqueous"
    preserved = "preserved"
    non_aqueous = "non-aqueous"


class FhirVersion(StrEnum):
    """FHIR releases a MedicationRequest can be written for."""

    r4 = "r4"
    r5 = "r5"


PlanFormatOption = Annotated[
    PlanFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: from the -o file's extension (.ics, .json, .fhir.json, "
        ".csv, .html, .txt), else table.",
    ),
]
ListingFormatOption = Annotated[
    ListingFormat, typer.Option("--format", "-f", help="Output format: table or json.")
]
StartOption = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="First dose date: YYYY-MM-DD, today, tomorrow, 'next monday', 'in 2 weeks', "
        "'Nov 30' or '1 Dec 2026'. Default: today.",
    ),
]
ProtocolOption = Annotated[
    str, typer.Option("--protocol", metavar="NAME", help="Preset to start from (ldn protocols).")
]
StartDoseOption = Annotated[
    str | None,
    typer.Option("--start-dose", metavar="MG", help="First dose, 0.1–4.5 mg (overrides preset)."),
]
StepOption = Annotated[
    str | None,
    typer.Option("--step", metavar="MG", help="Increase per step in mg (overrides preset)."),
]
EveryOption = Annotated[
    str | None,
    typer.Option("--every", metavar="DURATION", help="Days between steps: 14d, 2w (1–84 days)."),
]
TargetOption = Annotated[
    str | None,
    typer.Option("--target", metavar="MG", help="Highest dose, at most 4.5 mg (overrides preset)."),
]
DoseTimeOption = Annotated[
    str,
    typer.Option("--dose-time", metavar="WHEN", help="bedtime (default), morning, or HH:MM."),
]
FollowUpOption = Annotated[
    str | None,
    typer.Option(
        "--follow-up-window",
        metavar="RANGE",
        help="Days after each change for its follow-up, inside 14-28 (default 14-28).",
    ),
]
VisitSlackOption = Annotated[
    str | None,
    typer.Option(
        "--visit-slack",
        metavar="DAYS",
        help="Make each follow-up window at least this many days wide where 14-28 allows "
        "(1-15; default 7, a scheduling choice).",
    ),
]
ClinicDaysOption = Annotated[
    str | None,
    typer.Option(
        "--clinic-days",
        metavar="DAYS",
        help="Weekdays the clinic books visits: mon-fri (default), mon,wed,fri, sun-thu.",
    ),
]
MaintainOption = Annotated[
    str | None,
    typer.Option(
        "--maintain",
        metavar="DURATION",
        help="Keep the target dose at least this long (default: one interval).",
    ),
]
TimezoneOption = Annotated[
    str | None,
    typer.Option(
        "--tz", metavar="ZONE", help="IANA time zone for calendar reminders (default: local)."
    ),
]
ReminderOption = Annotated[
    str | None,
    typer.Option(
        "--reminder-time",
        metavar="HH:MM",
        help="Clock time of calendar reminders (default: 21:00 bedtime, 08:00 morning).",
    ),
]
FhirVersionOption = Annotated[
    FhirVersion, typer.Option("--fhir-version", help="FHIR release for --format fhir.")
]
PatientOption = Annotated[
    str | None,
    typer.Option(
        "--patient",
        metavar="NAME",
        help="Patient's name for the handout and wallet card (and FHIR subject.display).",
    ),
]
FhirSubjectOption = Annotated[
    str | None,
    typer.Option(
        "--fhir-subject",
        metavar="REF",
        help="FHIR subject reference, e.g. Patient/123 (fhir only).",
    ),
]
ClinicNameOption = Annotated[
    str | None,
    typer.Option("--clinic-name", metavar="TEXT", help="Clinic name for the handout."),
]
ClinicPhoneOption = Annotated[
    str | None,
    typer.Option("--clinic-phone", metavar="TEXT", help="Clinic phone for the handout."),
]
PrescriberOption = Annotated[
    str | None,
    typer.Option("--prescriber", metavar="NAME", help="Prescriber's name for the handout."),
]
ClinicianCopyOption = Annotated[
    bool,
    typer.Option(
        "--clinician-copy",
        help="Add a separate clinician page (sources, findings) to the html handout.",
    ),
]
LiquidOption = Annotated[
    str | None,
    typer.Option("--liquid", metavar="CONC", help="Oral liquid concentration, e.g. 1mg/mL."),
]
LiquidBaseOption = Annotated[
    LiquidBase,
    typer.Option(
        "--liquid-base", help="Liquid vehicle; sets the default beyond-use date (USP <795>)."
    ),
]
CapsulesOption = Annotated[
    str | None,
    typer.Option(
        "--capsules", metavar="MG,...", help="Capsule strengths available, e.g. 0.5,1.5,3."
    ),
]
SyringesOption = Annotated[
    str | None,
    typer.Option(
        "--syringes",
        metavar="ML:ML,...",
        help="Oral syringes stocked, CAPACITY:GRADUATION in mL (default 1:0.01,3:0.1,5:0.1,"
        "5:0.2,10:0.2).",
    ),
]
BudOption = Annotated[
    int | None,
    typer.Option(
        "--bud",
        min=1,
        max=365,
        metavar="DAYS",
        help="The pharmacy's beyond-use date in days (default: USP <795> for the form).",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Dispense only up to this date."),
]
OverageOption = Annotated[
    str | None,
    typer.Option(
        "--overage", metavar="PCT", help="Liquid overage per fill for dead volume, % (default 0)."
    ),
]
MaxErrorOption = Annotated[
    str | None,
    typer.Option(
        "--max-error", metavar="PCT", help="Warn above this possible measuring error, % (10)."
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")]
MedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--med", metavar="NAME", help="A current medication to check for opioids (repeatable)."
    ),
]
MedsFileOption = Annotated[
    str | None,
    typer.Option(
        "--meds-file", metavar="FILE", help="Medications to check, one a line ('-' for stdin)."
    ),
]
LastOpioidOption = Annotated[
    str | None,
    typer.Option(
        "--last-opioid-dose",
        metavar="DATE",
        help="Date of the last opioid dose (for a patch: the day it came off): the listed "
        "opioids stop then; reports the earliest safe LDN start. Never clears a buprenorphine "
        "depot or implant.",
    ),
]
OpioidFreeDaysOption = Annotated[
    int,
    typer.Option(
        "--opioid-free-days",
        min=7,
        max=14,
        metavar="DAYS",
        help="Opioid-free days before LDN, 7–14 (label: 7–10; default 10; 14 always after "
        "methadone or buprenorphine).",
    ),
]
