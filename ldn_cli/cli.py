"""The ``ldn`` command line. argv, environment, files, the clock and exit codes live here.

Exit codes are a contract: 0 done and clean; 1 done, with findings that block (for example a
contraindication); 2 bad usage or input, nothing produced; 70 an internal error (a bug).
Every error a user can cause is printed as one line on stderr, never as a traceback.
"""

import os
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from ldn_cli._version import __version__
from ldn_cli.errors import InputError, LdnError, OutputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from ldn_cli.models import Capsules, Liquid, Plan, PlanWarning
    from ldn_cli.render import RenderOptions

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class _LdnGroup(TyperGroup):
    """Runs a command and turns every failure into one line and a documented exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "ldn")
        try:
            result = super().main(*args, **kwargs)
        except typer.TyperException as error:  # the parser's usage errors
            _fail(error.format_message(), EXIT_USAGE)
        except typer.Abort:
            _fail("aborted", EXIT_USAGE)
        except LdnError as error:
            _fail(str(error), EXIT_USAGE)
        except ValidationError as error:
            _fail(_one_line(error), EXIT_USAGE)
        except BrokenPipeError:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            sys.exit(EXIT_OK)
        except Exception as error:
            if os.environ.get("LDN_DEBUG"):
                raise
            _fail(
                f"internal error ({type(error).__name__}); please report it, "
                "and set LDN_DEBUG=1 to see the details",
                EXIT_INTERNAL,
            )
        sys.exit(result if isinstance(result, int) else EXIT_OK)


def _fail(message: str, code: int) -> None:
    """Print the first line of ``message`` (if any) as the error, then exit with ``code``."""
    lines = message.replace("Value error, ", "").strip().splitlines()
    if lines:  # an empty message means the parser already showed the help
        sys.stderr.write(f"ldn: error: {lines[0]}\n")
    sys.exit(code)


def _one_line(error: ValidationError) -> str:
    """The first pydantic error as ``field: message``, without pydantic's banner."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


app = typer.Typer(
    cls=_LdnGroup,
    name="ldn",
    help=(
        "Decision support for low dose naltrexone (LDN) titration in chronic pain: "
        "schedules, follow-ups and warnings. Not a substitute for clinical judgment."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"ldn {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Decision support for low dose naltrexone (LDN) titration in chronic pain."""


def today() -> date:
    """Today's date in the local time zone: the only place the program reads the clock."""
    return date.today()


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


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Write ``text`` to stdout (no ``output`` or ``-``) or atomically to a file."""
    with atomic_output(output, force=force) as handle:
        handle.write(text)


@contextmanager
def atomic_output(output: str | None, *, force: bool) -> "Iterator[IO[str]]":
    """Stdout, or a temporary file that becomes ``output`` only once all is written.

    An existing file is never replaced unless ``force``; a half-written file never appears.
    """
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise OutputError(f"output {output!r} is a directory; give a file path")
    if target.exists() and not force:
        raise OutputError(f"output {output!r} already exists; use --force to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"output folder {str(parent)!r} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise OutputError(
                    f"output {output!r} already exists; use --force to replace it"
                ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def read_lines(source: str) -> list[str]:
    """Non-blank, non-comment lines of a text file, or of stdin when ``source`` is ``-``."""
    lines = (line.strip() for line in read_text(source).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_text(source: str) -> str:
    """The whole of a UTF-8 text file, or of stdin when ``source`` is ``-``."""
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"input {source!r} is a directory; give a text file")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"input file {source!r} does not exist") from None
        except UnicodeDecodeError as error:
            raise InputError(
                f"input file {source!r} is not UTF-8 text (byte {error.start}); "
                "save it as UTF-8, one item a line"
            ) from None
        except OSError as error:
            raise InputError(f"input file {source!r} cannot be read: {error.strerror}") from None
    return text


StartOption = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="First dose date: YYYY-MM-DD, today, tomorrow, or '1 Dec 2026'. Default: today.",
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
        "--patient", metavar="REF", help="FHIR subject reference, e.g. Patient/123 (fhir only)."
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
        help="Date of the last opioid dose: reports the earliest safe LDN start.",
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


@app.command()
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
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
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
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan a titration: dose steps, follow-up visits, precautions, opioid warnings.

    Exit status 1 when a warning is contraindicated (the plan is still printed).

    Example: ldn plan --start 2026-12-01 --med "Tylenol #3" --format json
    """
    from ldn_cli.models import PlanWarning
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec

    spec = build_spec(
        today=today(),
        start=start,
        protocol=protocol,
        start_dose=start_dose,
        step=step,
        every=every,
        target=target,
        dose_time=dose_time,
        follow_up_window=follow_up_window,
        maintain=maintain,
    )
    medications = [*(med or []), *(read_lines(meds_file) if meds_file else [])]
    warnings: list[PlanWarning] = []
    if medications or last_opioid_dose is not None:
        warnings = _opioid_warnings(
            medications,
            start=spec.start,
            last_opioid_dose=last_opioid_dose,
            opioid_free_days=opioid_free_days,
        )
    result = build_plan(spec, warnings=warnings)
    formulation = _formulation(liquid, liquid_base, capsules)
    if formulation is not None:
        result = _with_preparation(
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
        patient=patient,
    )


def emit_plan(
    result: "Plan",
    *,
    output_format: PlanFormat,
    output: str | None,
    force: bool,
    tz: str | None = None,
    reminder_time: str | None = None,
    fhir_version: FhirVersion = FhirVersion.r4,
    patient: str | None = None,
) -> int:
    """Render a plan in the chosen format, write it, and return the exit code it earns."""
    from ldn_cli.render import render_plan
    from ldn_cli.timeparse import parse_clock, parse_timezone

    options = _render_options(output)._replace(
        timezone=parse_timezone(tz) if tz else local_timezone(),
        stamp=creation_stamp(),
        reminder_time=parse_clock(reminder_time, what="reminder time") if reminder_time else None,
        fhir_version=fhir_version.value,
        patient=patient,
    )
    write_output(render_plan(result, output_format.value, options), output, force=force)
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK


def _opioid_warnings(
    medications: list[str], *, start: date, last_opioid_dose: str | None, opioid_free_days: int
) -> "list[PlanWarning]":
    """Opioid conflicts in ``medications`` and the earliest safe start after the last opioid."""
    from ldn_cli.interactions import plan_warnings
    from ldn_cli.timeparse import parse_date

    last = (
        parse_date(last_opioid_dose, today=today(), what="last opioid dose")
        if last_opioid_dose is not None
        else None
    )
    return plan_warnings(
        medications, start=start, last_opioid_dose=last, default_days=opioid_free_days
    )


def _formulation(
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


def _with_preparation(
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
    from ldn_cli.compounding import compound, parse_percent, parse_syringes
    from ldn_cli.timeparse import parse_date

    preparation = compound(
        result,
        formulation,
        syringes=parse_syringes(syringes) if syringes else None,
        bud_days=bud,
        until=parse_date(until, today=today(), what="until") if until else None,
        overage_pct=parse_percent(overage or "0", what="overage"),
        max_error_pct=parse_percent(max_error or "10", what="max error"),
    )
    return result.model_copy(
        update={
            "preparation": preparation,
            "warnings": [*result.warnings, *preparation.warnings],
        }
    )


def local_timezone() -> str:
    """The local IANA zone: ``TZ`` if it names one, else /etc/localtime's target, else UTC."""
    from ldn_cli.timeparse import parse_timezone

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in localtime:
        candidates.append(localtime.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if candidate:
            try:
                return parse_timezone(candidate)
            except LdnError:
                continue
    return "UTC"


def creation_stamp() -> datetime:
    """Now, in UTC; or ``SOURCE_DATE_EPOCH`` when set, so that files can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise InputError(f"SOURCE_DATE_EPOCH {epoch!r} is not a whole number of seconds")
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def _render_options(output: str | None) -> "RenderOptions":
    """Terminal width and colour when writing to a terminal; fixed and plain otherwise."""
    import shutil

    from ldn_cli.render import DEFAULT_WIDTH, RenderOptions

    to_terminal = output in (None, "-") and _is_terminal(sys.stdout)
    return RenderOptions(
        width=max(60, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
        if to_terminal
        else DEFAULT_WIDTH,
        color=to_terminal and "NO_COLOR" not in os.environ,
    )


@app.command()
def meds(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME...", help="Medication lines, e.g. 'Percocet 5/325'."),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", metavar="FILE", help="Medications, one a line ('-' for stdin)."),
    ] = None,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
) -> int:
    """Check medications for opioid conflicts with LDN.

    Exit status 1 when any is (or may be) contraindicated. Names may also come from --file
    or, one a line, from stdin.

    Example: ldn meds "Percocet 5/325" "gabapentin 300 mg"
    """
    from ldn_cli.interactions import check_medications, is_blocking, load_table
    from ldn_cli.render.meds import render_json, render_table

    lines = [*(names or []), *(read_lines(file) if file else [])]
    if not names and file is None and not _is_terminal(sys.stdin):
        lines = read_lines("-")
    if not lines:
        raise InputError("no medications given; name them, use --file FILE, or pipe one a line")
    checks = check_medications(lines)
    blocking = is_blocking(checks)
    if output_format is ListingFormat.json:
        text = render_json(checks, table_version=load_table().version, blocking=blocking)
    else:
        text = render_table(checks, _render_options(None))
    write_output(text, None, force=False)
    return EXIT_FINDINGS if blocking else EXIT_OK


@app.command()
def protocols(
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
) -> int:
    """List the titration presets with their numbers and sources.

    Example: ldn protocols --format json
    """
    from ldn_cli.render.catalogue import render_protocols

    write_output(render_protocols(output_format.value), None, force=False)
    return EXIT_OK


@app.command()
def evidence(
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
) -> int:
    """List every source key the tool cites, with its citation.

    Example: ldn evidence
    """
    from ldn_cli.render.catalogue import render_sources

    write_output(render_sources(output_format.value), None, force=False)
    return EXIT_OK


@app.command()
def compound(
    plan_file: Annotated[
        str | None,
        typer.Option("--plan", metavar="FILE", help="A JSON plan ('-' for stdin) instead."),
    ] = None,
    start: StartOption = None,
    protocol: ProtocolOption = "standard",
    start_dose: StartDoseOption = None,
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    maintain: MaintainOption = None,
    liquid: LiquidOption = None,
    liquid_base: LiquidBaseOption = LiquidBase.aqueous,
    capsules: CapsulesOption = None,
    syringes: SyringesOption = None,
    bud: BudOption = None,
    until: UntilOption = None,
    overage: OverageOption = None,
    max_error: MaxErrorOption = None,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Make a plan up as a liquid or capsules: per-step measures, fills and use-by dates.

    Takes the plan options of ldn plan, or --plan FILE. A dose whole capsules cannot make
    exits 2 and names the nearest makeable doses.

    Example: ldn compound --start 2026-12-01 --liquid 1mg/mL
    """
    from ldn_cli.render.json import to_json
    from ldn_cli.render.pharmacy import render_compound_table
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec, plan_from_json

    formulation = _formulation(liquid, liquid_base, capsules)
    if formulation is None:
        raise InputError("give a formulation: --liquid CONC (e.g. 1mg/mL) or --capsules MG,...")
    if plan_file is not None:
        base = plan_from_json(read_text(plan_file), name=plan_file)
    else:
        base = build_plan(
            build_spec(
                today=today(),
                start=start,
                protocol=protocol,
                start_dose=start_dose,
                step=step,
                every=every,
                target=target,
                dose_time=dose_time,
                maintain=maintain,
            )
        )
    result = _with_preparation(
        base,
        formulation,
        syringes=syringes,
        bud=bud,
        overage=overage,
        max_error=max_error,
        until=until,
    )
    if output_format is ListingFormat.json:
        text = to_json(result) + "\n"
    else:
        text = render_compound_table(result, _render_options(output))
    write_output(text, output, force=force)
    return EXIT_OK


@app.command()
def check(
    plan_file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="JSON or CSV plan ('-' for stdin)."),
    ] = None,
    liquid: LiquidOption = None,
    liquid_base: LiquidBaseOption = LiquidBase.aqueous,
    capsules: CapsulesOption = None,
    syringes: SyringesOption = None,
    bud: BudOption = None,
    max_error: MaxErrorOption = None,
    until: UntilOption = None,
    dispensed: Annotated[
        str | None,
        typer.Option(
            "--dispensed",
            metavar="QTY",
            help="Quantity dispensed: 150mL, or capsules as 60 or 1.5:60,0.5:14; it must "
            "cover the plan to --until, or its first fill.",
        ),
    ] = None,
    med: MedOption = None,
    meds_file: MedsFileOption = None,
    directions: Annotated[
        str | None,
        typer.Option("--directions", metavar="TEXT", help="The free-text sig to check."),
    ] = None,
    max_step: Annotated[
        str | None,
        typer.Option(
            "--max-step", metavar="MG", help="Largest expected increase (default: the plan's)."
        ),
    ] = None,
    min_interval: Annotated[
        str | None,
        typer.Option(
            "--min-interval",
            metavar="DURATION",
            help="Shortest expected time between increases (7d).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListingFormat.table,
) -> int:
    """Lint a dose plan: doses, dates, steps, follow-ups, formulation, quantity, opioids, notation.

    Exit 1 on any error (any warning with --strict), 0 otherwise, 2 when the input cannot be
    read (with its line and column). The plan is a JSON plan or a CSV with a header
    (start,end,dose_mg or date,dose_mg), from FILE or stdin.

    Example: ldn check plan.csv --capsules 1.5 --dispensed 60
    """
    from ldn_cli import check as lint
    from ldn_cli.compounding import parse_dispensed, parse_percent, parse_syringes
    from ldn_cli.interactions import check_medications
    from ldn_cli.render.pharmacy import render_findings_json, render_findings_table
    from ldn_cli.spec import parse_step
    from ldn_cli.timeparse import parse_date, parse_days

    formulation = _formulation(liquid, liquid_base, capsules)
    medications = [*(med or []), *(read_lines(meds_file) if meds_file else [])]
    source = plan_file
    if source is None and not (directions or medications) and not _is_terminal(sys.stdin):
        source = "-"
    if source is None and not (directions or medications):
        raise InputError("give a plan FILE (or '-' for stdin), --directions TEXT or --med NAME")
    findings: list[lint.Finding] = []
    if source is not None:
        name = "stdin" if source == "-" else source
        parsed = lint.parse_plan(read_text(source), name=name)
        findings += lint.check_rows(
            parsed,
            max_step_mg=parse_step(max_step) if max_step else None,
            min_interval_days=parse_days(min_interval, what="minimum interval", maximum=84)
            if min_interval
            else lint.DEFAULT_MIN_INTERVAL_DAYS,
        )
        stocked = parse_syringes(syringes) if syringes else None
        if formulation is not None:
            findings += lint.check_formulation(
                parsed,
                formulation,
                syringes=stocked,
                max_error_pct=parse_percent(max_error or "10", what="max error"),
            )
            if dispensed:
                findings += lint.check_dispensed(
                    parsed,
                    formulation,
                    parse_dispensed(dispensed, formulation),
                    bud_days=bud,
                    syringes=stocked,
                    until=parse_date(until, today=today(), what="until") if until else None,
                )
        elif dispensed:
            raise InputError(
                "--dispensed needs the formulation: --liquid CONC or --capsules MG,..."
            )
    if directions:
        findings += lint.check_directions(directions)
    findings += lint.check_medications(check_medications(medications))
    result = lint.report(findings, strict=strict)
    if output_format is ListingFormat.json:
        text = render_findings_json(result)
    else:
        text = render_findings_table(result.findings, _render_options(None))
    write_output(text, None, force=False)
    return EXIT_FINDINGS if result.failing else EXIT_OK


@app.command()
def adjust(
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help="The date of the event (required).")
    ],
    plan_file: Annotated[
        str | None,
        typer.Option("--plan", metavar="FILE", help="The current plan, as JSON ('-': stdin)."),
    ] = None,
    current_dose: Annotated[
        str | None,
        typer.Option("--current-dose", metavar="MG", help="The dose taken now, instead of --plan."),
    ] = None,
    protocol: ProtocolOption = "standard",
    step: StepOption = None,
    every: EveryOption = None,
    target: TargetOption = None,
    dose_time: DoseTimeOption = "bedtime",
    side_effects: Annotated[
        str | None,
        typer.Option(
            "--side-effects",
            metavar="ACTION",
            help="hold, step-back, halve, or 'to MG' (a last effective dose).",
        ),
    ] = None,
    hold_for: Annotated[
        str | None,
        typer.Option("--for", metavar="DURATION", help="How long to hold (default: one step)."),
    ] = None,
    missed_days: Annotated[
        int | None,
        typer.Option("--missed-days", min=1, max=365, metavar="N", help="Days without a dose."),
    ] = None,
    short_gap: Annotated[
        str | None,
        typer.Option(
            "--short-gap",
            metavar="DURATION",
            help="Longest gap that resumes at the last dose (default 14d; longer re-titrates).",
        ),
    ] = None,
    surgery: Annotated[
        str | None, typer.Option("--surgery", metavar="DATE", help="Planned surgery date.")
    ] = None,
    opioids_until: Annotated[
        str | None,
        typer.Option(
            "--opioids-until",
            metavar="DATE",
            help="Last day of opioids after surgery (default: the surgery day).",
        ),
    ] = None,
    opioid_course: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--opioid-course", metavar="START END", help="A planned opioid course, two dates."
        ),
    ] = None,
    hold_hours: Annotated[
        int,
        typer.Option(
            "--hold-hours", min=24, max=72, metavar="H", help="Hours without LDN before (72)."
        ),
    ] = 72,
    opioid_free_days: OpioidFreeDaysOption = 10,
    switch_to_morning: Annotated[
        bool, typer.Option("--switch-to-morning", help="The same doses, in the morning.")
    ] = False,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
    tz: TimezoneOption = None,
    reminder_time: ReminderOption = None,
    fhir_version: FhirVersionOption = FhirVersion.r4,
    patient: PatientOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Recompute a running plan after side effects, missed days, surgery or opioids.

    Give the plan (--plan FILE) or the dose taken now (--current-dose MG with the plan
    options), the date (--on), and one event. The days before --on stay as they were; the
    result is a plan, so every --format works and ldn check accepts it. --step, --every and
    --target make the rest gentler.

    Example: ldn adjust --current-dose 4.5 --on 2026-12-10 --surgery 2026-12-20
    """
    from ldn_cli import adjust as course
    from ldn_cli.dose import parse_dose
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec, parse_step, plan_from_json
    from ldn_cli.timeparse import parse_date, parse_days

    event_date = parse_date(on, today=today(), what="event date")
    events = [side_effects, missed_days, surgery, opioid_course, switch_to_morning or None]
    if sum(item is not None for item in events) != 1:
        raise InputError(
            "give exactly one event: --side-effects, --missed-days, --surgery, "
            "--opioid-course or --switch-to-morning"
        )
    if (plan_file is None) == (current_dose is None):
        raise InputError("give the current plan (--plan FILE) or the dose now (--current-dose MG)")
    if plan_file is not None:
        base = plan_from_json(read_text(plan_file), name=plan_file)
        continuation = course.Continuation(
            step_mg=parse_step(step) if step else base.protocol.step_mg,
            every_days=parse_days(every, what="interval", maximum=84)
            if every
            else base.protocol.every_days,
            target_mg=parse_dose(target, what="target") if target else base.target_mg,
        )
    else:
        base = build_plan(
            build_spec(
                today=today(),
                start=event_date.isoformat(),
                protocol=protocol,
                start_dose=current_dose,
                step=step,
                every=every,
                target=target,
                dose_time=dose_time,
            )
        )
        continuation = None
    gap = (
        parse_days(short_gap, what="short gap", maximum=84)
        if short_gap
        else course.DEFAULT_SHORT_GAP_DAYS
    )
    event: course.Event
    if side_effects is not None:
        event = course.parse_side_effects(
            side_effects,
            hold_days=parse_days(hold_for, what="hold", maximum=84) if hold_for else None,
        )
    elif missed_days is not None:
        event = course.MissedDays(missed_days, short_gap_days=gap)
    elif surgery is not None or opioid_course is not None:
        first, last = (
            (surgery, opioids_until or surgery)
            if surgery is not None
            else opioid_course or ("", "")
        )
        event = course.OpioidInterruption(
            "surgery" if surgery is not None else "opioid-course",
            parse_date(first, today=today(), what="opioid start"),
            parse_date(last, today=today(), what="opioid end"),
            hold_hours=hold_hours,
            opioid_free_days=opioid_free_days,
            short_gap_days=gap,
        )
    else:
        event = course.SwitchToMorning()
    result = course.adjust(base, event, on=event_date, continuation=continuation)
    return emit_plan(
        result,
        output_format=output_format,
        output=output,
        force=force,
        tz=tz,
        reminder_time=reminder_time,
        fhir_version=fhir_version,
        patient=patient,
    )


@app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE", help="CSV with a header, or JSON Lines ('-': stdin)."),
    ] = "-",
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", metavar="csv|jsonl", help="Default: from the file's first line."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan many patients at once: one JSON line per input row, in order.

    Columns (CSV) or keys (JSON Lines) are the ldn plan options: id, start, protocol,
    start_dose, step, every, target, dose_time, follow_up_window, maintain, meds (';'
    between names in CSV), last_opioid_dose. A bad row becomes an error line and the batch
    goes on; exit 1 if any row failed.

    Example: ldn batch examples/batch.csv
    """
    import itertools

    from ldn_cli.batch import csv_rows, jsonl_rows, run_batch

    lines = _open_lines(source)
    first = next(lines, "")
    kind = input_format or ("jsonl" if first.lstrip().startswith("{") else "csv")
    if kind not in ("csv", "jsonl"):
        raise InputError(f"input format {kind!r}: choose csv or jsonl")
    stream = itertools.chain([first], lines)
    rows = csv_rows(stream) if kind == "csv" else jsonl_rows(stream)
    failed = False
    with atomic_output(output, force=force) as sink:
        progress = _progress() if _is_terminal(sys.stderr) else None
        for count, (line, bad) in enumerate(run_batch(rows, today=today()), start=1):
            sink.write(line + "\n")
            failed = failed or bad
            if progress is not None and count % 1000 == 0:
                progress(count)
    return EXIT_FINDINGS if failed else EXIT_OK


def _open_lines(source: str) -> "Iterator[str]":
    """Lines of a text file (or stdin), read lazily so that memory stays flat."""
    if source == "-":
        return iter(sys.stdin)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"input {source!r} is a directory; give a text file")
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(f"input file {source!r} does not exist") from None
    except OSError as error:
        raise InputError(f"input file {source!r} cannot be read: {error.strerror}") from None
    return iter(handle)


def _progress() -> "Callable[[int], None]":
    """A row counter on stderr (only when stderr is a terminal; never in the data)."""
    from rich.console import Console

    console = Console(stderr=True)

    def show(count: int) -> None:
        console.print(f"\r{count:,} rows planned", end="")

    return show


class SchemaName(StrEnum):
    """The published JSON Schemas."""

    plan = "plan"
    findings = "findings"
    meds = "meds"
    spec = "spec"
    batch = "batch"


@app.command()
def schema(
    name: Annotated[
        SchemaName, typer.Argument(help="plan, findings, meds, spec (a batch row) or batch.")
    ] = SchemaName.plan,
) -> int:
    """Print the JSON Schema of a JSON output (plan, findings, meds, batch) or input (spec).

    The same files ship in the package under ldn_cli/schemas/.

    Example: ldn schema plan
    """
    from ldn_cli.schemas import schema_text

    write_output(schema_text(name.value), None, force=False)
    return EXIT_OK


def main() -> None:
    """Console-script entry point.

    When the first argument names a command, only that command is built: Typer otherwise
    converts every command's options on each start, which costs the interactive commands
    their start-up time.
    """
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    chosen = [
        command
        for command in app.registered_commands
        if (command.name or getattr(command.callback, "__name__", "")) == wanted
    ]
    if chosen:
        app.registered_commands = chosen
    app()
