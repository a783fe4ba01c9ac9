"""The JSON plan: the stable, versioned contract that scripts read (``schema_version`` 1)."""

from ldn_cli.models import Plan
from ldn_cli.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON with ISO dates and exact mg numbers, ending in a newline."""
    return plan.model_dump_json(indent=2) + "\n"
