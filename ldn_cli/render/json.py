"""The JSON plan: the stable, versioned contract that scripts read (``schema_version`` 1).

Serialised by walking the model fields in their declared order, so that printing a plan never
has to build pydantic's serialiser (start-up time); the output equals
``plan.model_dump_json(indent=2)``, which a test checks over generated plans.
"""

import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ldn_cli.dose import json_number
from ldn_cli.models import Plan
from ldn_cli.render import RenderOptions


def jsonable(value: Any) -> Any:
    """Models, dataclasses, dates and exact doses as plain JSON values."""
    if isinstance(value, BaseModel):
        return {name: jsonable(getattr(value, name)) for name in type(value).model_fields}
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: jsonable(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (UTF-8, not ASCII-escaped)."""
    separators = None if indent else (",", ":")
    return json.dumps(jsonable(value), indent=indent, ensure_ascii=False, separators=separators)


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON with ISO dates and exact mg numbers, ending in a newline."""
    return to_json(plan) + "\n"
