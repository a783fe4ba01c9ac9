"""The JSON plan: the stable, versioned contract that scripts read (``schema_version`` 1).

Serialised by ``ldn_cli.jsontext`` (the one JSON writer, shared with batch mode); the output
equals ``plan.model_dump_json(indent=2)``, which a test checks over generated plans.
"""

from ldn_cli.jsontext import dumps as to_json
from ldn_cli.jsontext import jsonable
from ldn_cli.models import Plan
from ldn_cli.render import RenderOptions

__all__ = ["jsonable", "render", "to_json"]


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON with ISO dates and exact mg numbers, ending in a newline."""
    return to_json(plan) + "\n"
