"""What a request field is, beyond its type: how it appears on the command line and in the
settings file, and the loose types every door accepts (text, or a number from a script).

Declarative only: the request models of the core (``PlanRequest`` and the others) annotate
their fields with these; the command line and the settings file read them. Nothing here
parses a value: each core module parses its own fields with the user's words.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from ldn_cli.limits import MAX_MEDICATION_CHARS, MAX_MEDICATIONS, MAX_VALUE_CHARS


class CliOption(NamedTuple):
    """How a request field appears on the command line (its metavar, its help panel, its flag
    when not ``--field-name``) and in the settings file (``setting``: ``"plan.protocol"``;
    ``setting_default``: the built-in default as TOML text, for ``ldn config``)."""

    metavar: str
    panel: str
    flag: str | None = None
    aliases: tuple[str, ...] = ()
    setting: str | None = None
    setting_default: str | None = None
    #: The option's help, where it differs from the field's description (which speaks to the
    #: Python API: "a list, or one string").
    help: str | None = None


def cli_option_of(model: type[BaseModel], name: str) -> CliOption | None:
    """The ``CliOption`` of field ``name`` of ``model``, if it has one."""
    metadata = model.model_fields[name].metadata
    return next((item for item in metadata if isinstance(item, CliOption)), None)


def accepting(kinds: tuple[type, ...], expected: str) -> BeforeValidator:
    """A validator that lets ``kinds`` through (never a bool) and names what was expected."""

    def check(value: object) -> object:
        if value is None or (isinstance(value, kinds) and not isinstance(value, bool)):
            return value
        raise ValueError(f"expected {expected}, not {type(value).__name__}")

    return BeforeValidator(check)


def medication_list(value: object) -> object:
    if isinstance(value, str):
        return [value]  # one string is one medication, never a list of its characters
    if value is None or (
        isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)
    ):
        return value
    raise ValueError("expected a list of medication names, or one name as text")


Text = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
#: A number typed as text ("1.5", "1.5 mg") or given as a number by a script. The number's
#: JSON Schema is spelled out: pydantic's own for ``Decimal`` differs between its versions, and
#: the published schema must not.
Amount = (
    Text
    | StrictInt
    | Annotated[Decimal, Field(allow_inf_nan=False), WithJsonSchema({"type": "number"})]
)
AMOUNT = accepting((str, int, float, Decimal), "a number of mg (text such as '1.5' or a number)")
#: Days as a whole number, or a duration with its unit ("14d", "2w").
Duration = Text | Annotated[StrictInt, Field(ge=0)]
DURATION = accepting((str, int), "a duration (text such as '14d' or '2w', or a number of days)")
#: Hours as a whole number, or with their unit ("48", "48h").
Hours = Text | Annotated[StrictInt, Field(ge=0)]
HOURS = accepting((str, int), "hours (text such as '48h', or a whole number of hours)")
#: A date as text ("2026-12-01", "tomorrow") or a ``date``.
DateText = Text | date
DATE = accepting((str, date), "a date (text such as '2026-12-01', or a date)")
WORD = accepting((str,), "text")
MedicationLine = Annotated[str, StringConstraints(max_length=MAX_MEDICATION_CHARS)]
MedicationList = Annotated[list[MedicationLine], Field(max_length=MAX_MEDICATIONS)]
