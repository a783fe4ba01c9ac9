"""Command-line options made from the core's request models: each option is defined once.

A field of a request model (``PlanRequest.start``, with its description and ``CliOption``)
becomes the option ``--start`` of every command that takes that model: its help is the field's
description, its metavar and help panel come from the ``CliOption``. A command declares the
models it takes as parameters; ``takes_requests`` replaces them with the generated options and
hands the command the validated models. Adding an option is one field, with its help text.

Only options the user gave are set on a model (``model_fields_set``); the settings (the
environment, then the file) fill in the rest, and the built-in defaults of the core what is
still unset. The settings used are kept in ``settings_file.CHOICE.used`` for the plan to
record.
"""

import functools
import inspect
import types
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import typer
from pydantic import BaseModel

from ldn_cli.fields import CliOption, cli_option_of

Command = TypeVar("Command", bound=Callable[..., Any])


def _option_type(annotation: Any) -> type:
    """The Typer type for a field: ``bool`` flags, ``list[str]`` repeatables, else ``str``."""
    members = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else ()
    kinds = [member for member in members or (annotation,) if member is not type(None)]
    for kind in kinds:
        base = get_args(kind)[0] if get_origin(kind) is Annotated else kind
        if base is bool:
            return bool
        if get_origin(base) is list:
            return list
        if get_origin(base) is tuple:
            return tuple
    return str


def cli_metadata(model: type[BaseModel], name: str) -> CliOption:
    """The ``CliOption`` of field ``name`` of ``model`` (every option field has one)."""
    found = cli_option_of(model, name)
    if found is None:
        raise TypeError(f"{model.__name__}.{name} has no CliOption")
    return found


def flag_of(model: type[BaseModel], name: str) -> str:
    """The option that sets field ``name``: its ``CliOption.flag``, else ``--field-name``."""
    return cli_metadata(model, name).flag or "--" + name.replace("_", "-")


def _parameter(model: type[BaseModel], name: str) -> inspect.Parameter:
    field = model.model_fields[name]
    cli = cli_metadata(model, name)
    kind = _option_type(field.annotation)
    option = typer.Option(
        flag_of(model, name),
        *cli.aliases,
        metavar=None if kind is bool else cli.metavar,
        help=cli.help or field.description,
        rich_help_panel=cli.panel,
        show_default=False,
    )
    annotation: Any = {
        bool: bool,
        list: list[str] | None,
        tuple: tuple[str, str] | None,
        str: str | None,
    }[kind]
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=False if kind is bool else None,
        annotation=Annotated[annotation, option],
    )


def build_request(model: type[BaseModel], values: dict[str, Any]) -> BaseModel:
    """``model`` from the options given (unset ones left out).

    Typer has already made every value text, a list of texts or a flag, which is all the
    model's own validation would check for text (its length limits aside); the core parses
    each value with the user's words and the allowed values, whatever door it came through.
    So a command line is not validated twice: building a model's validator costs start-up.
    """
    given = {name: value for name, value in values.items() if value not in (None, False, [])}
    return model.model_construct(_fields_set=set(given), **given)


def takes_requests(command: Command) -> Command:
    """Replace the command's request-model parameters by one option per model field."""
    signature = inspect.signature(command)
    models = {
        name: parameter.annotation
        for name, parameter in signature.parameters.items()
        if inspect.isclass(parameter.annotation) and issubclass(parameter.annotation, BaseModel)
    }
    own = [p for name, p in signature.parameters.items() if name not in models]
    generated = [
        _parameter(model, field) for model in models.values() for field in model.model_fields
    ]

    @functools.wraps(command)
    def run(**values: Any) -> Any:
        from ldn_cli.cli.settings_file import CHOICE, active_settings

        settings = active_settings()
        requests = {}
        for name, model in models.items():
            given = build_request(model, {field: values.pop(field) for field in model.model_fields})
            if settings is not None:
                from ldn_cli.settings import apply

                given, used = apply(given, settings)
                CHOICE.used += used
            requests[name] = given
        return command(**values, **requests)

    clashes = {p.name for p in own} & {p.name for p in generated}
    if clashes or len({p.name for p in generated}) != len(generated):
        raise TypeError(f"{command.__name__}: options defined twice: {sorted(clashes)}")
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + generated
    )
    run.__annotations__ = {}  # the signature above is the truth for Typer
    return run  # type: ignore[return-value]
