"""The ``ldn`` command line. argv, environment, files, the clock and exit codes live here.

Exit codes are a contract: 0 done and clean; 1 done, with findings that block (for example a
contraindication); 2 bad usage or input, nothing produced; 70 an internal error (a bug).
Every error a user can cause is printed as one line on stderr, never as a traceback.
"""

import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from ldn_cli._version import __version__
from ldn_cli.errors import InputError, LdnError, OutputError

if TYPE_CHECKING:
    from ldn_cli.models import Plan
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


class FhirVersion(StrEnum):
    """FHIR releases a MedicationRequest can be written for."""

    r4 = "r4"
    r5 = "r5"


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Write ``text`` to stdout (no ``output`` or ``-``) or atomically to a file.

    An existing file is never replaced unless ``force``; a half-written file never appears.
    """
    if output is None or output == "-":
        sys.stdout.write(text)
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
            handle.write(text)
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
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"input {source!r} is a directory; give a text file, one item a line")
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
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


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
    from ldn_cli.interactions import check_medications, conflict_warnings, washout_warning
    from ldn_cli.models import PlanWarning
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec
    from ldn_cli.timeparse import parse_date

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
    checks = check_medications(medications)
    warnings: list[PlanWarning] = []
    if last_opioid_dose is not None:
        last_dose = parse_date(last_opioid_dose, today=today(), what="last opioid dose")
        warnings.append(
            washout_warning(
                start=spec.start,
                last_opioid_dose=last_dose,
                checks=checks,
                default_days=opioid_free_days,
            )
        )
    warnings += conflict_warnings(checks)
    result = build_plan(spec, warnings=warnings)
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

    options = replace(
        _render_options(output),
        timezone=parse_timezone(tz) if tz else local_timezone(),
        stamp=creation_stamp(),
        reminder_time=parse_clock(reminder_time, what="reminder time") if reminder_time else None,
        fhir_version=fhir_version.value,
        patient=patient,
    )
    write_output(render_plan(result, output_format.value, options), output, force=force)
    return EXIT_FINDINGS if result.is_blocked() else EXIT_OK


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


def main() -> None:
    """Console-script entry point."""
    app()
