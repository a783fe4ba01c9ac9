"""Renderers: one module per output format, each turning a finished model into text.

Renderers never compute clinical content: they format what the core returned. Each is
imported only when its format is asked for, so ``--format json`` never loads rich. Two voices:
the clinician formats (table, json, text, csv, calendar, fhir) print the core's clinical text
with its source keys; the patient formats (html, ics) print the core's patient wording
(``schedule.PATIENT_*``) and no source keys. This module holds what several share: the
options, warning labels, dates in words, and the clinic's contact line.
"""

import re
from datetime import date, datetime, time
from importlib import import_module
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

if TYPE_CHECKING:
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    from ldn_cli.handover import HandoverRequest

from ldn_cli.dose import format_mg, format_number
from ldn_cli.models import Checkpoint, Hold, Liquid, Plan, PlanWarning, dose_time_phrase

#: Printed with every human-readable plan.
DISCLAIMER = (
    "Decision support for clinicians, not a substitute for clinical judgment; LDN is off-label."
)


#: Width of text output when it does not go to a terminal (files, pipes, golden tests).
DEFAULT_WIDTH = 100


#: Reminder clock times when the dose time is a word (presentation defaults, not clinical
#: advice: ``--reminder-time`` changes them).
BEDTIME_REMINDER = time(21, 0)
MORNING_REMINDER = time(8, 0)


class RenderOptions(NamedTuple):
    """Presentation settings that do not change the plan.

    ``stamp`` is the creation time written into calendar files (DTSTAMP); the CLI passes the
    current time, or ``SOURCE_DATE_EPOCH`` for reproducible output.
    """

    width: int = DEFAULT_WIDTH
    color: bool = False
    timezone: str = "UTC"
    stamp: datetime | None = None
    reminder_time: time | None = None
    fhir_version: Literal["r4", "r5"] = "r4"
    fhir_subject: str | None = None
    patient_name: str | None = None
    clinic_name: str | None = None
    clinic_phone: str | None = None
    prescriber: str | None = None
    clinician_copy: bool = False

    def who_to_call(self) -> str:
        """Whom the patient calls: the prescriber, clinic and phone given, or "your prescriber"."""
        named = ", ".join(part for part in (self.prescriber, self.clinic_name) if part)
        if named and self.clinic_phone:
            return f"{named} on {self.clinic_phone}"
        if self.clinic_phone:
            return f"your prescriber on {self.clinic_phone}"
        return named or "your prescriber"

    def reminder_clock(self, dose_time: str) -> time:
        """The clock time of the daily reminder for a plan's dose time."""
        if self.reminder_time is not None:
            return self.reminder_time
        if dose_time == "bedtime":
            return BEDTIME_REMINDER
        if dose_time == "morning":
            return MORNING_REMINDER
        return time.fromisoformat(dose_time)


#: Stands for the space between a number and its unit while rich wraps text, so that
#: "0.11 mg" never breaks across lines; ``console_text`` turns it back into a space.
UNIT_GLUE = "\ue000"
_NUMBER_AND_UNIT = r"(\d) (mg|mL|mcg|days?\b)"  # compiled on first use


def glue_units(text: str) -> str:
    """Join each number to its unit so that line wrapping cannot separate them; control
    characters (from a user's text) are shown escaped, never sent to the terminal raw."""
    from ldn_cli.printable import printable

    return re.sub(_NUMBER_AND_UNIT, rf"\1{UNIT_GLUE}\2", printable(text))


def styled(text: str, style: str = "", **options: object) -> "Text":
    """A rich Text whose doses stay whole when wrapped."""
    from rich.text import Text

    return Text(glue_units(text), style=style, **options)  # type: ignore[arg-type]


def make_console(file: IO[str], options: RenderOptions) -> "Console":
    """A rich console writing to ``file`` with the width and colour of ``options``.

    Plain strings it prints (table cells included) keep their doses whole when wrapped.
    """
    from rich.console import Console

    class _Console(Console):
        def render_str(self, text: str, **kwargs: Any) -> "Text":
            return super().render_str(glue_units(text), **kwargs)

    return _Console(
        file=file,
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        highlight=False,
        emoji=False,
        markup=False,  # text from users (medication names) must never be read as styles
    )


def html_text(text: str) -> str:
    """Text for HTML: markup characters escaped, and control characters shown as ``\\x1b``."""
    from html import escape

    from ldn_cli.printable import printable

    return escape(printable(text))


def console_text(buffer: "StringIO") -> str:
    """What a console wrote, with the unit glue turned back into spaces."""
    return buffer.getvalue().replace(UNIT_GLUE, " ")


#: How each warning severity is labelled in every format (never "Warning" for information).
SEVERITY_LABELS = {
    "contraindicated": "Contraindicated",
    "caution": "Caution",
    "duplicate": "Duplicate therapy",
    "unchecked": "Not checked",
    "warning": "Warning",
    "info": "Information",
}


def severity_label(severity: str) -> str:
    """The label of a warning's severity: "Contraindicated", "Information", ..."""
    return SEVERITY_LABELS.get(severity, severity.replace("-", " ").capitalize())


def labelled_warning(warning: PlanWarning) -> str:
    """A warning on one line for the clinician's text outputs: its severity label, the
    medication input it is about, the finding and its source, e.g. "Contraindicated: Norco:
    hydrocodone: ... [naltrexone-label]" or "Information: Earliest safe LDN start ..."."""
    about = f"{warning.input}: " if warning.input else ""
    return f"{severity_label(warning.severity)}: {about}{warning.message} [{warning.source}]"


def day_label(day: date) -> str:
    """A date with its weekday, unambiguous in every country: ``Tue 2026-12-01``."""
    return f"{day:%a} {day.isoformat()}"


def start_text(plan: Plan) -> str:
    """How the start date was read, when the user left a choice: "Start: Fri 2027-11-26, the
    next 26 Nov on or after today (no year was given)"."""
    return f"Start: {day_label(plan.start)}, {plan.start_note}"


def continues_text(plan: Plan) -> str:
    """The plan's end is not a stop: the last dose goes on until the review."""
    last = plan.steps[-1]
    return (
        f"After {day_label(plan.end)}: {dose_with_measure(plan, last.index)} "
        f"{dose_time_phrase(plan.dose_time)} continues daily until the review."
    )


def long_date(day: date) -> str:
    """A date no reader can misread: ``Tue 1 Dec 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def patient_decision(plan: Plan, checkpoint: Checkpoint) -> str:
    """What a visit decides, in the patient's words (the core's templates)."""
    from ldn_cli.schedule import PATIENT_DECIDES_INCREASE, PATIENT_DECIDES_MAINTENANCE

    if checkpoint.next_increase is not None and checkpoint.next_dose_mg is not None:
        return PATIENT_DECIDES_INCREASE.text.format(
            dose=format_mg(checkpoint.next_dose_mg), day=long_date(checkpoint.next_increase)
        )
    return PATIENT_DECIDES_MAINTENANCE.text.format(dose=format_mg(plan.steps[-1].dose_mg))


def patient_visit_changes(plan: Plan, checkpoint: Checkpoint) -> str:
    """The dose changes a visit follows, in the patient's words: "It comes 2 to 4 weeks after
    you started 3 mg on Sat 16 Jan 2027."; and, when no clinic day falls in its window, that
    a day has to be agreed with the clinic."""
    from ldn_cli.schedule import PATIENT_NO_CLINIC_DAY, PATIENT_VISIT_FOLLOWS

    steps = {step.index: step for step in plan.steps}
    changes = [
        f"{format_mg(steps[index].dose_mg)} on {long_date(steps[index].start)}"
        for index in checkpoint.reviews
        if index in steps
    ]
    if len(changes) > 1:
        joined = ", ".join(changes[:-1]) + " and " + changes[-1]
    else:  # one change, or none (a visit read from a hand-made plan file may review none)
        joined = changes[0] if changes else ""
    text = PATIENT_VISIT_FOLLOWS.text.format(changes=joined) if changes else ""
    if not checkpoint.clinic_day:
        text = f"{text} {PATIENT_NO_CLINIC_DAY.text}".strip()
    return text


def patient_restart(hold: Hold) -> str:
    """The condition of a restart after ``hold`` (surgery or opioids), in the patient's words:
    fully off opioids, none taken after the last day the plan allows one."""
    from ldn_cli.schedule import PATIENT_RESTART

    last_opioid_day = hold.event_end or hold.event_start or hold.start
    return PATIENT_RESTART.text.format(day=long_date(last_opioid_day))


#: Said with a visit whose window holds no clinic day, in the clinician outputs.
NO_CLINIC_DAY_NOTE = "no clinic day in this window: agree a day with the clinic"


def patient_window(checkpoint: Checkpoint) -> str:
    """A visit's booking window in words: "between Wed 16 Dec 2026 and Tue 29 Dec 2026"."""
    if checkpoint.earliest == checkpoint.latest:
        return f"on {long_date(checkpoint.earliest)}"
    return f"between {long_date(checkpoint.earliest)} and {long_date(checkpoint.latest)}"


def shared_assessment(plan: Plan) -> tuple[list[str], list[str]]:
    """What every follow-up visit assesses, and the source keys of the visits."""
    shared = [
        item
        for item in plan.checkpoints[0].assess
        if all(item in checkpoint.assess for checkpoint in plan.checkpoints)
    ]
    sources = sorted({source for checkpoint in plan.checkpoints for source in checkpoint.sources})
    return shared, sources


def window_text(checkpoint: Checkpoint) -> str:
    """A follow-up window in words: "on 2026-12-29" or "2027-01-12 to 2027-01-26"."""
    if checkpoint.earliest == checkpoint.latest:
        return f"on {checkpoint.earliest.isoformat()}"
    return f"{checkpoint.earliest.isoformat()} to {checkpoint.latest.isoformat()}"


def measure_text(plan: Plan, index: int) -> str | None:
    """How step ``index`` is measured, if the plan has a formulation.

    "1.5 mL of 1 mg/mL" for a liquid ("1.2 mL of 1 mg/mL, which is 1.2 mg" when no stocked
    syringe measures the dose exactly); "2 × 1.5 mg capsules" or "1 × 3 mg + 1 × 0.5 mg
    capsules" for capsules.
    """
    if plan.preparation is None:
        return None
    prepared = next(step for step in plan.preparation.steps if step.index == index)
    formulation = plan.preparation.formulation
    if isinstance(formulation, Liquid) and prepared.volume_ml is not None:
        concentration = format_number(formulation.concentration_mg_per_ml)
        measure = f"{format_number(prepared.volume_ml)} mL of {concentration} mg/mL"
        delivered = prepared.delivered_mg
        if delivered is not None and delivered != prepared.dose_mg:
            # No stocked syringe measures the dose exactly: never print a volume as if it did.
            measure += f", which is {format_mg(delivered)}"
        return measure
    mix = prepared.capsules or []
    noun = "capsule" if sum(item.count for item in mix) == 1 else "capsules"
    return " + ".join(f"{item.count} × {format_mg(item.strength_mg)}" for item in mix) + f" {noun}"


def dose_with_measure(plan: Plan, index: int) -> str:
    """The dose of step ``index`` with its measure: "1.5 mg (1.5 mL of 1 mg/mL)"."""
    step = plan.steps[index - 1]
    measure = measure_text(plan, index)
    return f"{format_mg(step.dose_mg)} ({measure})" if measure else format_mg(step.dose_mg)


def options_for(
    handover: "HandoverRequest", base: RenderOptions, *, timezone: str, stamp: datetime
) -> RenderOptions:
    """``base`` (width, colour) with the hand-over's values, each read by its core parser."""
    from ldn_cli.timeparse import parse_clock

    return base._replace(
        timezone=timezone,
        stamp=stamp,
        reminder_time=parse_clock(handover.reminder_time, what="reminder time")
        if handover.reminder_time
        else None,
        fhir_version=handover.fhir_release(),
        fhir_subject=handover.contact("fhir_subject"),
        patient_name=handover.contact("patient"),
        clinic_name=handover.contact("clinic_name"),
        clinic_phone=handover.contact("clinic_phone"),
        prescriber=handover.contact("prescriber"),
        clinician_copy=handover.clinician_copy,
    )


class PlanRenderer(Protocol):
    """The function every plan renderer module exposes as ``render``."""

    def __call__(self, plan: Plan, options: RenderOptions) -> str: ...


#: ``--format`` name -> renderer module inside ``ldn_cli.render``.
PLAN_FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "text": "directions",
    "csv": "csv",
    "calendar": "calendar",
    "ics": "ics",
    "fhir": "fhir",
    "html": "html",
}


def render_plan(plan: Plan, fmt: str, options: RenderOptions) -> str:
    """Render ``plan`` in format ``fmt`` (a key of ``PLAN_FORMATS``)."""
    module = import_module(f"ldn_cli.render.{PLAN_FORMATS[fmt]}")
    renderer: PlanRenderer = module.render
    return renderer(plan, options)
