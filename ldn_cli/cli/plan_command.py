"""``ldn plan``, and how every command that prints a plan renders and writes it."""

import sys
from typing import TYPE_CHECKING, NamedTuple

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import creation_stamp, local_timezone, read_lines, render_options, write_output
from ldn_cli.cli.options import (
    FORMAT_BY_EXTENSION,
    BudOption,
    CapsulesOption,
    ClinicDaysOption,
    ClinicianCopyOption,
    ClinicNameOption,
    ClinicPhoneOption,
    DoseTimeOption,
    EveryOption,
    FhirSubjectOption,
    FhirVersion,
    FhirVersionOption,
    FollowUpOption,
    ForceOption,
    LastOpioidOption,
    LiquidBase,
    LiquidBaseOption,
    LiquidOption,
    MaintainOption,
    MaxErrorOption,
    MedOption,
    MedsFileOption,
    OpioidFreeDaysOption,
    OutputOption,
    OverageOption,
    PatientOption,
    PlanFormat,
    PlanFormatOption,
    PrescriberOption,
    ProtocolOption,
    ReminderOption,
    StartDoseOption,
    StartOption,
    StepOption,
    SyringesOption,
    TargetOption,
    TimezoneOption,
    VisitSlackOption,
)
from ldn_cli.errors import InputError
from ldn_cli.printable import one_line, quoted_path

if TYPE_CHECKING:
    from ldn_cli.models import Capsules, Liquid, Plan


@typer_app.command()
def plan(
    start: StartOption = None,
    protocol: ProtocolOption = "standard",
    start_dose: StartDoseOption = None,
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    follow_up_window: FollowUpOption = None,
    maintain: MaintainOption = None,
    visit_slack: VisitSlackOption = None,
    clinic_days: ClinicDaysOption = None,
    output_format: PlanFormatOption = None,
    med: MedOption = None,
    meds_file: MedsFileOption = None,
    last_opioid_dose: LastOpioidOption = None,
    opioid_free_days: OpioidFreeDaysOption = 10,
    liquid: LiquidOption = None,
    liquid_base: LiquidBaseOption = LiquidBase.aqueous,
    capsules: CapsulesOption = None,
    syringes: SyringesOption = None,
    bud: BudOption = None,
    overage: OverageOption = None,
    max_error: MaxErrorOption = None,
    tz: TimezoneOption = None,
    reminder_time: ReminderOption = None,
    fhir_version: FhirVersionOption = FhirVersion.r4,
    patient: PatientOption = None,
    fhir_subject: FhirSubjectOption = None,
    clinic_name: ClinicNameOption = None,
    clinic_phone: ClinicPhoneOption = None,
    prescriber: PrescriberOption = None,
    clinician_copy: ClinicianCopyOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan a titration: dose steps, follow-up visits, precautions, opioid warnings.

    Exit status 1 when a warning is contraindicated (the plan is still printed).

    Example: ldn plan --start 2026-12-01 --med "Tylenol #3" --format json
    """
    import ldn_cli

    result = ldn_cli.plan(
        today=cli.today(),
        start="today" if start is None else start,
        protocol=protocol,
        start_dose=start_dose,
        step=step,
        every=every,
        target=target,
        dose_time=dose_time,
        follow_up_window=follow_up_window,
        maintain=maintain,
        visit_slack=visit_slack,
        clinic_days=clinic_days,
        meds=[*(med or []), *(read_lines(meds_file) if meds_file else [])],
        last_opioid_dose=last_opioid_dose,
        opioid_free_days=opioid_free_days,
    )
    formulation = formulation_from(liquid, liquid_base, capsules)
    if formulation is not None:
        result = prepare_from_options(
            result, formulation, syringes=syringes, bud=bud, overage=overage, max_error=max_error
        )
    return emit_plan(
        result,
        output_format=output_format,
        output=output,
        force=force,
        tz=tz,
        reminder_time=reminder_time,
        fhir_version=fhir_version,
        handover=Handover(
            patient=patient,
            fhir_subject=fhir_subject,
            clinic_name=clinic_name,
            clinic_phone=clinic_phone,
            prescriber=prescriber,
            clinician_copy=clinician_copy,
        ),
    )


def plan_format(output_format: PlanFormat | None, output: str | None) -> PlanFormat:
    """The format asked for, or the one the output file's name says; never both disagreeing."""
    name = (output or "").lower()
    said = next((fmt for ending, fmt in FORMAT_BY_EXTENSION.items() if name.endswith(ending)), None)
    if output_format is not None and said is not None and said is not output_format:
        raise InputError(
            f"--format {output_format.value} does not match the file name "
            f"{quoted_path(output or '')} (which says {said.value}); change one of them"
        )
    return output_format or said or PlanFormat.table


def announce_blocking(result: "Plan", *, shown_on_screen: bool) -> None:
    """One stderr line per blocking warning, unless the table on screen already shows it:
    a contraindicated calendar written to a file must not go unnoticed."""
    if shown_on_screen:
        return
    for warning in result.warnings:
        if warning.severity == "contraindicated":
            lead = f"{warning.input}: " if warning.input else ""
            sys.stderr.write(one_line(f"ldn: contraindicated: {lead}{warning.message}") + "\n")


class Handover(NamedTuple):
    """Who the plan is for and whom to call: printed on the handout, never required."""

    patient: str | None = None
    fhir_subject: str | None = None
    clinic_name: str | None = None
    clinic_phone: str | None = None
    prescriber: str | None = None
    clinician_copy: bool = False


def emit_plan(
    result: "Plan",
    *,
    output_format: PlanFormat | None,
    output: str | None,
    force: bool,
    tz: str | None = None,
    reminder_time: str | None = None,
    fhir_version: FhirVersion = FhirVersion.r4,
    handover: Handover | None = None,
) -> int:
    """Render a plan in the chosen format, write it, and return the exit code it earns."""
    from ldn_cli.render import contact_text, render_plan
    from ldn_cli.timeparse import parse_clock, parse_timezone

    output_format = plan_format(output_format, output)
    handover = handover or Handover()
    options = render_options(output)._replace(
        timezone=parse_timezone(tz)
        if tz
        else local_timezone()
        if output_format is PlanFormat.ics
        else "UTC",
        stamp=creation_stamp(),
        reminder_time=parse_clock(reminder_time, what="reminder time") if reminder_time else None,
        fhir_version=fhir_version.value,
        fhir_subject=handover.fhir_subject,
        patient_name=contact_text(handover.patient, what="--patient"),
        clinic_name=contact_text(handover.clinic_name, what="--clinic-name"),
        clinic_phone=contact_text(handover.clinic_phone, what="--clinic-phone"),
        prescriber=contact_text(handover.prescriber, what="--prescriber"),
        clinician_copy=handover.clinician_copy,
    )
    write_output(render_plan(result, output_format.value, options), output, force=force)
    announce_blocking(
        result, shown_on_screen=output_format is PlanFormat.table and output in (None, "-")
    )
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK


def formulation_from(
    liquid: str | None, liquid_base: LiquidBase, capsules: str | None
) -> "Liquid | Capsules | None":
    """The formulation asked for, if any: a liquid or capsules, not both."""
    if liquid and capsules:
        raise InputError("give --liquid or --capsules, not both")
    if not (liquid or capsules):
        return None
    from ldn_cli.compounding import parse_concentration, parse_strengths

    if liquid:
        return parse_concentration(liquid).model_copy(update={"base": liquid_base.value})
    return parse_strengths(capsules) if capsules else None


def prepare_from_options(
    result: "Plan",
    formulation: "Liquid | Capsules",
    *,
    syringes: str | None,
    bud: int | None,
    overage: str | None,
    max_error: str | None,
    until: str | None = None,
) -> "Plan":
    """The plan with its preparation attached, and measuring warnings added to its warnings."""
    from ldn_cli import compounding
    from ldn_cli.compounding import compound, parse_percent, parse_syringes
    from ldn_cli.timeparse import parse_date

    preparation = compound(
        result,
        formulation,
        syringes=parse_syringes(syringes) if syringes else None,
        bud_days=bud,
        until=parse_date(until, today=cli.today(), what="until") if until else None,
        overage_pct=parse_percent(overage or "0", what="overage"),
        max_error_pct=parse_percent(max_error or "10", what="max error"),
    )
    return compounding.with_preparation(result, preparation)
