"""``ldn check`` as one call: its options (``CheckRequest``) and the order its rules run in.

The command line, the Python API (``ldn_cli.check_plan``) and any other door give the same
options under the same names and get the same ``FindingsReport``. The rules themselves live in
``check`` (plan rows, formulation, quantity, directions, medications); this module only decides
which of them a request asks for, and reads each option with the core's own parser.
"""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ldn_cli.check import FindingsReport
from ldn_cli.errors import InputError
from ldn_cli.fields import (
    AMOUNT,
    DATE,
    DURATION,
    WORD,
    Amount,
    CliOption,
    DateText,
    Duration,
    MedicationList,
    Text,
    medication_list,
)
from ldn_cli.formulation_request import FormulationRequest

#: Longest minimum interval a pharmacist may ask for (twelve weeks, the longest step interval).
MAX_MIN_INTERVAL_DAYS = 84


class CheckRequest(BaseModel):
    """What ``ldn check`` is asked to check beyond the plan's rows. ``None``: not given."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    dispensed: Annotated[
        Text | None,
        WORD,
        Field(
            description="Quantity dispensed: 150mL, or capsules as 60 or 1.5:60,0.5:14; it must "
            "cover the plan to --until, or its first fill."
        ),
        CliOption("QTY", "Dispensing"),
    ] = None
    until: Annotated[
        DateText | None,
        DATE,
        Field(description="The day the dispensed quantity must last to (default: its first fill)."),
        CliOption("DATE", "Dispensing"),
    ] = None
    directions: Annotated[
        Text | None,
        WORD,
        Field(description="The free-text sig to check (notation, doses, volumes)."),
        CliOption("TEXT", "Directions and medications"),
    ] = None
    meds: Annotated[
        MedicationList | None,
        BeforeValidator(medication_list, json_schema_input_type=MedicationList | Text | None),
        Field(description="A current medication to check for opioids (repeatable)."),
        CliOption("NAME", "Directions and medications", flag="--med"),
    ] = None
    max_step: Annotated[
        Amount | None,
        AMOUNT,
        Field(description="Largest expected increase in mg (default: the plan's step)."),
        CliOption("MG", "Titration rules"),
    ] = None
    min_interval: Annotated[
        Duration | None,
        DURATION,
        Field(description="Shortest expected time between increases (default 7d)."),
        CliOption("DURATION", "Titration rules"),
    ] = None
    strict: Annotated[
        bool,
        Field(description="Fail (exit 1) on warnings too."),
        CliOption("", "Titration rules"),
    ] = False

    def medications(self) -> list[str]:
        """The medication lines given (blank lines dropped)."""
        return [line for line in self.meds or [] if line.strip()]


def check_plan(
    text: str | None,
    *,
    name: str,
    request: CheckRequest,
    formulation: FormulationRequest,
    today: date,
) -> FindingsReport:
    """Every check ``request`` asks for, over the plan ``text`` (JSON or CSV; ``None`` when
    only directions or medications are checked)."""
    from ldn_cli import check as lint
    from ldn_cli.interactions import check_medications
    from ldn_cli.models import Liquid
    from ldn_cli.spec import as_duration, as_text, parse_step
    from ldn_cli.timeparse import parse_date, parse_days

    made_up = formulation.formulation()
    if text is None and request.directions is None and not request.medications():
        raise InputError("give a plan FILE (or '-' for stdin), --directions TEXT or --med NAME")
    if request.dispensed is not None and (text is None or made_up is None):
        raise InputError("--dispensed needs the plan and its formulation: --liquid or --capsules")
    findings: list[lint.Finding] = []
    parsed = None
    if text is not None:
        parsed = lint.parse_plan(text, name=name)
        interval = as_duration(request.min_interval)
        findings += lint.check_rows(
            parsed,
            max_step_mg=parse_step(as_text(request.max_step) or "") if request.max_step else None,
            min_interval_days=lint.DEFAULT_MIN_INTERVAL_DAYS
            if interval is None
            else parse_days(interval, what="minimum interval", maximum=MAX_MIN_INTERVAL_DAYS),
        )
        if made_up is not None:
            findings += lint.check_formulation(
                parsed,
                made_up,
                syringes=formulation.stocked(),
                max_error_pct=formulation.max_error_pct(),
            )
        if made_up is not None and request.dispensed is not None:
            from ldn_cli.compounding import parse_dispensed

            until = as_text(request.until)
            findings += lint.check_dispensed(
                parsed,
                made_up,
                parse_dispensed(request.dispensed, made_up),
                bud_days=formulation.bud_days(),
                syringes=formulation.stocked(),
                until=None if until is None else parse_date(until, today=today, what="until"),
            )
    if request.directions is not None:
        findings += lint.check_directions(
            request.directions,
            plan=parsed,
            concentration=made_up.concentration_mg_per_ml if isinstance(made_up, Liquid) else None,
        )
    findings += lint.medication_findings(check_medications(request.medications()))
    return lint.report(findings, strict=request.strict)
