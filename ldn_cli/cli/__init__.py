"""The ``ldn`` command line: argv, environment, files, the clock and exit codes live in this
package and nowhere else.

This module holds the Typer app, the one place where errors become exit codes, and the entry
point; ``options`` and ``io`` hold the shared options and the file helpers; each group of
commands has its own module, imported only when that command runs.

Exit codes are a contract: 0 done and clean; 1 done, with findings that block (for example a
contraindication); 2 bad usage or input, nothing produced; 70 an internal error (a bug).
Every error a user can cause is printed as one line on stderr, never as a traceback.
"""

import os
import sys
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from ldn_cli._version import __version__
from ldn_cli.errors import LdnError

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


typer_app = typer.Typer(
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


@typer_app.callback()
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


#: Command name -> the module of this package that defines it, in help order.
COMMAND_MODULES = {
    "plan": "plan_command",
    "compound": "pharmacy",
    "check": "pharmacy",
    "adjust": "course",
    "meds": "listings",
    "protocols": "listings",
    "evidence": "listings",
    "batch": "batch_command",
    "review": "review_command",
    "schema": "listings",
}


def load_commands(only: str | None = None) -> None:
    """Register the command ``only`` (its module's commands), or every command."""
    from importlib import import_module

    modules = [COMMAND_MODULES[only]] if only in COMMAND_MODULES else COMMAND_MODULES.values()
    for module in dict.fromkeys(modules):
        import_module(f"ldn_cli.cli.{module}")


def __getattr__(name: str) -> Any:
    """``ldn_cli.cli.app``: the Typer app with every command registered (for tests, docs)."""
    if name == "app":
        load_commands()
        return typer_app
    raise AttributeError(f"module 'ldn_cli.cli' has no attribute {name!r}")


def main() -> None:
    """Console-script entry point.

    Only the module of the command named in argv is imported and built: Typer converts every
    registered command's options on each start, which would cost every command start-up time.
    """
    load_commands(sys.argv[1] if len(sys.argv) > 1 else None)
    typer_app()
