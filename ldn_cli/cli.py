"""The ``ldn`` command line. argv, environment, files, the clock and exit codes live here.

Exit codes are a contract: 0 done and clean; 1 done, with findings that block (for example a
contraindication); 2 bad usage or input, nothing produced; 70 an internal error (a bug).
Every error a user can cause is printed as one line on stderr, never as a traceback.
"""

import os
import sys
import tempfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from ldn_cli._version import __version__
from ldn_cli.errors import LdnError, OutputError

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
OutputOption = Annotated[
    str | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")]


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
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan a titration: dose steps, follow-up visits, precautions.

    Example: ldn plan --start 2026-12-01 --format json
    """
    from ldn_cli.render import DEFAULT_WIDTH, RenderOptions, render_plan
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
    result = build_plan(spec)
    to_terminal = output in (None, "-") and _is_terminal(sys.stdout)
    options = RenderOptions(
        width=_terminal_width() if to_terminal else DEFAULT_WIDTH,
        color=to_terminal and "NO_COLOR" not in os.environ,
    )
    write_output(render_plan(result, output_format.value, options), output, force=force)
    return EXIT_OK


def _terminal_width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


@app.command()
def protocols(
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
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
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
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
