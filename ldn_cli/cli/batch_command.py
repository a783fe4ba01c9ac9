"""``ldn batch``: many plans in one process, streamed."""

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, typer_app
from ldn_cli.cli.io import atomic_output, is_terminal, open_lines
from ldn_cli.cli.options import (
    ForceOption,
    OutputOption,
)
from ldn_cli.errors import InputError


@typer_app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE", help="CSV with a header, or JSON Lines ('-': stdin)."),
    ] = "-",
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", metavar="csv|jsonl", help="Default: from the file's first line."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan many patients at once: one JSON line per input row, in order.

    Columns (CSV) or keys (JSON Lines) are the ldn plan options: id, start, protocol,
    start_dose, step, every, target, dose_time, follow_up_window, maintain, meds (';'
    between names in CSV), last_opioid_dose. A bad row becomes an error line and the batch
    goes on; exit 1 if any row failed.

    Example: ldn batch examples/batch.csv
    """
    import itertools

    from ldn_cli.batch import csv_rows, jsonl_rows, run_batch

    lines = open_lines(source)
    first = next(lines, "")
    kind = input_format or ("jsonl" if first.lstrip().startswith("{") else "csv")
    if kind not in ("csv", "jsonl"):
        raise InputError(f"input format {kind!r}: choose csv or jsonl")
    stream = itertools.chain([first], lines)
    rows = csv_rows(stream) if kind == "csv" else jsonl_rows(stream)
    failed = False
    with atomic_output(output, force=force) as sink:
        progress = _progress() if is_terminal(sys.stderr) else None
        for count, (line, bad) in enumerate(run_batch(rows, today=cli.today()), start=1):
            sink.write(line + "\n")
            failed = failed or bad
            if progress is not None and count % 1000 == 0:
                progress(count)
    return EXIT_FINDINGS if failed else EXIT_OK


def _progress() -> "Callable[[int], None]":
    """A row counter on stderr (only when stderr is a terminal; never in the data)."""
    from rich.console import Console

    console = Console(stderr=True)

    def show(count: int) -> None:
        console.print(f"\r{count:,} rows planned", end="")

    return show
