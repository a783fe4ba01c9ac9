"""Renderers: one module per output format, each turning a finished model into text.

Renderers never compute clinical content: they format what the core returned. Each is
imported only when its format is asked for, so ``--format json`` never loads rich.
"""

from dataclasses import dataclass
from importlib import import_module
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console

from ldn_cli.models import Plan

#: Printed with every human-readable plan.
DISCLAIMER = (
    "Decision support for clinicians, not a substitute for clinical judgment; LDN is off-label."
)


#: Width of text output when it does not go to a terminal (files, pipes, golden tests).
DEFAULT_WIDTH = 100


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Presentation settings that do not change the plan: width and colour."""

    width: int = DEFAULT_WIDTH
    color: bool = False


def make_console(file: IO[str], options: RenderOptions) -> "Console":
    """A rich console writing to ``file`` with the width and colour of ``options``."""
    from rich.console import Console

    return Console(
        file=file,
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        highlight=False,
        emoji=False,
    )


class PlanRenderer(Protocol):
    """The function every plan renderer module exposes as ``render``."""

    def __call__(self, plan: Plan, options: RenderOptions) -> str: ...


#: ``--format`` name -> renderer module inside ``ldn_cli.render``.
PLAN_FORMATS: dict[str, str] = {"table": "table", "json": "json"}


def render_plan(plan: Plan, fmt: str, options: RenderOptions) -> str:
    """Render ``plan`` in format ``fmt`` (a key of ``PLAN_FORMATS``)."""
    module = import_module(f"ldn_cli.render.{PLAN_FORMATS[fmt]}")
    renderer: PlanRenderer = module.render
    return renderer(plan, options)
