"""The ``ldn`` command line: argv, environment, files, the clock and exit codes live in this
package and nowhere else.

This module holds the Typer app, the one place where errors become exit codes, and the entry
point; ``options`` and ``io`` hold the shared options and the file helpers; each group of
commands has its own module, imported only when that command runs.

Exit codes are a contract: 0 done and clean; 1 done, with findings that block (for example a
contraindication); 2 bad usage or input, nothing produced; 70 an internal error (a bug);
130 interrupted (Ctrl-C), 129 and 143 ended by SIGHUP and SIGTERM (128 + the signal number,
as a shell reports it); a partly written output file is removed first. Every error a user can
cause is printed as one line on stderr, never as a traceback, with control characters escaped.
"""

import functools
import os
import signal
import sys
from datetime import date
from types import FrameType
from typing import Annotated, Any

from ldn_cli.startup import collector_paused, settle

with collector_paused():  # start-up time (see ldn_cli.startup)
    import typer
    from pydantic import ValidationError
    from typer.core import TyperArgument, TyperCommand, TyperGroup

    from ldn_cli._version import __version__
    from ldn_cli.errors import InputError, LdnError, validation_message
    from ldn_cli.printable import one_line

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 128 + signal.SIGINT
#: Signals that end the program cleanly (temporary files removed), exiting 128 + the number.
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
#: An error line longer than this is cut (values in it are already shortened where quoted).
MAX_ERROR_CHARS = 400


class Ended(BaseException):
    """A signal asked the program to end (a BaseException, so no ``except Exception`` eats it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _end_on_signal(signum: int, frame: FrameType | None) -> None:
    raise Ended(signum)


class OutputClosed(Exception):
    """The reader of standard output went away (``ldn batch ... | head``): not an error."""


class InternalFailure(Exception):
    """A bug met while the work went on (for example in some batch rows): exit 70, and the
    message says where to look."""


def _flags_without_metavar(params: list[Any]) -> list[Any]:
    """Help rows a person can read: flags take no value, so they show none (Typer would print
    ``<bool>``), and an argument's metavar says what it takes (no ``<list[str]>`` beside it)."""
    for param in params:
        if getattr(param, "is_flag", False) and not getattr(param, "metavar", None):
            param.metavar = ""
        if isinstance(param, TyperArgument) and param.metavar:
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    return params


def reflow(text: str | None) -> str | None:
    """A docstring as help: each paragraph on one line (the terminal wraps it to its width),
    paragraphs kept apart."""
    if text is None:
        return None
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in part.splitlines()) for part in paragraphs)


class LdnCommand(TyperCommand):
    """A command whose options and arguments may be absent but never given empty.

    ``--dispensed ''`` from a script with an unset variable would otherwise read as "not
    given" and silently skip a check; here it is an error naming the option.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_metavar(super().get_params(ctx))

    def invoke(self, ctx: Any) -> Any:  # a typer Context (Typer vendors its own Click)
        for param in self.params:
            value = ctx.params.get(param.name or "")
            values = value if isinstance(value, list | tuple) else [value]
            if any(isinstance(item, str) and not item.strip() for item in values):
                name = (
                    (param.metavar or (param.name or "argument").upper()).strip("[]. ")
                    if isinstance(param, TyperArgument)
                    else next(opt for opt in [*param.opts, ""] if opt.startswith("--") or not opt)
                )
                raise InputError(f"{name} is empty; give a value or leave the option out")
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # before Click turns it into exit 1
            raise OutputClosed from None


class LdnGroup(TyperGroup):
    """Runs a command and turns every failure into one line and a documented exit code."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_metavar(super().get_params(ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "ldn")
        try:
            result = super().main(*args, **kwargs)
        except typer.TyperException as error:  # the parser's usage errors
            _fail(error.format_message(), EXIT_USAGE)
        except typer.Abort:
            _fail("interrupted", EXIT_INTERRUPTED)
        except Ended as ended:
            _fail("", 128 + ended.signum)
        except LdnError as error:
            _fail(str(error), EXIT_USAGE)
        except ValidationError as error:
            _fail(validation_message(error), EXIT_USAGE)
        except (BrokenPipeError, OutputClosed):
            _quiet_stdout()
            sys.exit(EXIT_OK)
        except InternalFailure as error:
            _fail(f"internal error: {error}; please report it", EXIT_INTERNAL)
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
    lines = message.strip().splitlines()
    if lines:  # an empty message means the parser already showed the help
        line = one_line(lines[0])
        if len(line) > MAX_ERROR_CHARS:
            line = line[: MAX_ERROR_CHARS - 1] + "…"
        try:
            sys.stderr.write(f"ldn: error: {line}\n")
            sys.stderr.flush()
        except OSError:
            pass  # stderr itself is gone: the exit code still tells
    sys.exit(code)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


typer_app = typer.Typer(
    cls=LdnGroup,
    name="ldn",
    help=(
        "Decision support for low dose naltrexone (LDN) titration in chronic pain: "
        "schedules, follow-ups and warnings. Not a substitute for clinical judgment."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
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
            "--version",
            callback=_show_version,
            is_eager=True,
            metavar="",
            help="Show the version and exit.",
        ),
    ] = False,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Settings file (TOML) to read (default: LDN_CONFIG, else ldn config path).",
        ),
    ] = None,
    no_config: Annotated[
        bool,
        typer.Option(
            "--no-config", metavar="", help="Read no settings file (the environment still counts)."
        ),
    ] = False,
) -> None:
    """Decision support for low dose naltrexone (LDN) titration in chronic pain."""
    from ldn_cli.cli import settings_file

    if config is not None and not config.strip():
        raise InputError("--config is empty; name a settings file or leave the option out")
    if config is not None and no_config:
        raise InputError("give --config FILE or --no-config, not both")
    settings_file.CHOICE = settings_file.Choice(config=config, no_config=no_config)


def today() -> date:
    """Today's date in the local time zone: the only place the program reads the clock."""
    return date.today()


#: Command name -> the module of this package that defines it, in help order.
COMMAND_MODULES = {
    "plan": "plan_command",
    "compound": "compound_command",
    "check": "check_command",
    "adjust": "course",
    "meds": "listings",
    "protocols": "listings",
    "evidence": "listings",
    "batch": "batch_command",
    "review": "review_command",
    "schema": "listings",
    "config": "config_command",
}


def load_commands(only: str | None = None) -> None:
    """Register the command ``only`` (its module's commands), or every command."""
    from importlib import import_module

    modules = [COMMAND_MODULES[only]] if only in COMMAND_MODULES else COMMAND_MODULES.values()
    for module in dict.fromkeys(modules):
        import_module(f"ldn_cli.cli.{module}")
    infos = [
        *typer_app.registered_commands,
        *(
            info
            for group in typer_app.registered_groups
            if group.typer_instance
            for info in group.typer_instance.registered_commands
        ),
    ]
    for info in infos:
        if info.cls in (None, TyperCommand):
            info.cls = LdnCommand
        if info.help is None and info.callback is not None:
            info.help = reflow(info.callback.__doc__)


def __getattr__(name: str) -> Any:
    """``ldn_cli.cli.app``: the Typer app with every command registered (for tests, docs)."""
    if name == "app":
        load_commands()
        return typer_app
    raise AttributeError(f"module 'ldn_cli.cli' has no attribute {name!r}")


def _share_typer_adapters() -> None:
    """Build the pydantic adapter of text and flag options once, not once per option.

    Typer 0.29 builds one pydantic ``TypeAdapter`` for every option at every start, about half
    a millisecond each; ``ldn plan`` has some forty options, and the adapters of its text and
    flag options are identical and stateless. If Typer's internals differ (another version),
    nothing is changed.
    """
    try:
        from typer import _adapters
    except ImportError:
        return
    build = getattr(_adapters, "build_leaf_adapter", None)
    if build is None or hasattr(build, "__wrapped__"):
        return
    shared: dict[type, Any] = {}

    @functools.wraps(build)
    def leaf(annotation: Any, parameter_info: Any) -> Any:
        if annotation in (str, bool) and getattr(parameter_info, "parser", 0) is None:
            if annotation not in shared:
                shared[annotation] = build(annotation, parameter_info=parameter_info)
            return shared[annotation]
        return build(annotation, parameter_info=parameter_info)

    _adapters.build_leaf_adapter = leaf


def main() -> None:
    """Console-script entry point.

    Only the module of the command named in argv is imported and built: Typer converts every
    registered command's options on each start, which would cost every command start-up time.
    """
    with collector_paused():
        for number in ENDING_SIGNALS:
            signal.signal(number, _end_on_signal)
        _share_typer_adapters()
        load_commands(_command_named(sys.argv[1:]))
    settle()
    typer_app()


def _command_named(arguments: list[str]) -> str | None:
    """The command named in ``arguments``, after the global options (``--config FILE``)."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--config":
            skip = True
        elif not argument.startswith("-"):
            return argument
    return None
