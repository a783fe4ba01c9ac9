"""The startup baseline: a minimal one-command Typer app that imports pydantic and uses it.

It parses one option into a small pydantic model and prints the model as JSON: the least a
Typer + pydantic command does. ``tests/benchmarks/run.py`` times ``ldn`` against it.
"""

from datetime import date

import typer
from pydantic import BaseModel

app = typer.Typer()


class Request(BaseModel):
    """The one input of the minimal command."""

    start: date


@app.command()
def plan(start: str = "2026-12-01") -> None:
    """Print the start date as JSON."""
    print(Request(start=date.fromisoformat(start)).model_dump_json())


if __name__ == "__main__":
    app()
