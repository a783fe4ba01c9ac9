"""The one exception hierarchy of ldn-cli.

Every error a user can cause is an ``LdnError`` whose message is a single line naming the
problem and the allowed values. ``cli.py`` turns it into exit code 2 in exactly one place.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class LdnError(Exception):
    """Base class: a problem with the user's input; the message is one printable line."""


class InvalidDose(LdnError):
    """A dose is not a number of mg on the allowed grid or lies outside 0.1-4.5 mg."""


class InvalidDate(LdnError):
    """A date is not a date, or is written in an ambiguous form."""


class InvalidDuration(LdnError):
    """A duration is not a whole number of days or weeks within the allowed range."""


class UnknownChoice(LdnError):
    """A named value (protocol, format, dose time) is not one of the known choices."""


class InvalidSpec(LdnError):
    """The titration options contradict each other (for example target below start dose)."""


class InputError(LdnError):
    """An input file cannot be read, or its content is not in the expected form."""


class OutputError(LdnError):
    """The output cannot be written where asked without losing something the user had."""


def validation_message(error: "ValidationError", *, name: str | None = None) -> str:
    """The first pydantic error as one line: ``name: field.path: message``.

    The one place where a pydantic ``ValidationError`` becomes words a user reads.
    """
    from ldn_cli.printable import quoted

    first = error.errors()[0]
    path = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        message = "unknown field"
    elif "input" in first and first.get("type") not in ("missing",):
        value = first["input"]
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            message = f"{quoted(value)}: {message}"
    prefix = ": ".join(part for part in (name, path) if part)
    return f"{prefix}: {message}" if prefix else message
