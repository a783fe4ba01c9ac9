"""The one exception hierarchy of ldn-cli.

Every error a user can cause is an ``LdnError`` whose message is a single line naming the
problem and the allowed values. ``cli.py`` turns it into exit code 2 in exactly one place.
"""

from typing import TYPE_CHECKING, Any

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
    """The first pydantic error as one line: ``name: field.path: value: message``.

    The one place where a pydantic ``ValidationError`` becomes words a user reads. Where a
    field takes several types (text or a number), the error of the branch that matches the
    value's own type is the one shown, and pydantic's type tags are left out of the path.
    """
    from ldn_cli.printable import quoted

    errors = error.errors()
    first = errors[0]

    def path_of(item: "Any") -> tuple[object, ...]:
        return tuple(
            part
            for position, part in enumerate(item["loc"])
            if isinstance(part, int) or not _is_type_tag(part, first=position == 0)
        )

    same_field = [item for item in errors if path_of(item) == path_of(first)]
    chosen = next((item for item in same_field if not str(item["type"]).endswith("_type")), first)
    path = ".".join(str(part) for part in path_of(chosen))
    message = str(chosen["msg"]).removeprefix("Value error, ")
    limit = (chosen.get("ctx") or {}).get("max_length")
    if chosen.get("type") == "extra_forbidden":
        message = "unknown field"
    elif chosen.get("type") == "string_too_long" and limit is not None:
        message = f"longer than {limit} characters, the limit"
    elif chosen.get("type") == "too_long" and limit is not None:
        message = f"more than {limit} items, the limit"
        chosen = {**chosen, "input": None}
    elif "input" in chosen and chosen.get("type") != "missing":
        value = chosen["input"]
        if isinstance(value, str):
            message = f"{quoted(value)}: {message}"
        elif isinstance(value, int | float) and not isinstance(value, bool):
            message = f"{quoted(value)[1:-1]}: {message}"
    prefix = ": ".join(part for part in (name, path) if part)
    return f"{prefix}: {message}" if prefix else message


#: The names pydantic gives the branches of a union in an error's location.
_TYPE_TAGS = frozenset({"str", "int", "float", "decimal", "bool", "list", "dict", "none", "date"})


def _is_type_tag(part: str, *, first: bool) -> bool:
    return not first and (part in _TYPE_TAGS or not part.isidentifier())
