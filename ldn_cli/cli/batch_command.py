"""``ldn batch``: many plans in one process, streamed."""

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from ldn_cli import cli
from ldn_cli.cli import EXIT_FINDINGS, EXIT_OK, InternalFailure, typer_app
from ldn_cli.cli.io import atomic_output, is_terminal, open_binary
from ldn_cli.cli.options import ForceOption, OutputOption

#: Rows between two updates of the row counter on a terminal.
PROGRESS_EVERY = 1000


class InputFormat(StrEnum):
    """How a batch input is read."""

    csv = "csv"
    jsonl = "jsonl"


@typer_app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE", help="CSV with a header, or JSON Lines ('-': stdin)."),
    ] = "-",
    input_format: Annotated[
        InputFormat | None,
        typer.Option("--input-format", help="Default: from the first line ('{': JSON Lines)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Plan many patients at once: one JSON line per input row, in order.

    Columns (CSV) or keys (JSON Lines) are id and the ldn plan options (ldn schema spec):
    start, protocol, start_dose, step, every, target, dose_time, follow_up_window, maintain,
    meds (';' between names in a CSV cell; a list in JSON), last_opioid_dose,
    opioid_free_days. Each line has a status: ok, contraindicated (a warning blocks the
    plan) or error (the row could not be planned; the batch goes on). Exit 1 when any line
    is not ok.

    Example: ldn batch examples/batch.csv
    """
    from ldn_cli.batch import Planner, read_rows, run_batch

    stream = open_binary(source)
    rows = read_rows(stream, input_format.value if input_format else None)
    from ldn_cli.cli.settings_file import current_settings

    planner = Planner(today=cli.today(), settings=current_settings())
    all_ok = True
    with atomic_output(output, force=force) as sink:
        progress = _progress() if is_terminal(sys.stderr) else None
        for count, (line, status) in enumerate(run_batch(planner, rows), start=1):
            sink.write(line + "\n")
            all_ok = all_ok and status == "ok"
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
    if planner.internal_errors:
        raise InternalFailure(
            f"{planner.internal_errors} row(s) could not be planned; see their error lines"
        )
    return EXIT_OK if all_ok else EXIT_FINDINGS


def _progress() -> "Callable[[int], None]":
    """A row counter on stderr (only when stderr is a terminal; never in the data)."""
    from rich.console import Console

    console = Console(stderr=True)

    def show(count: int) -> None:
        console.print(f"\r{count:,} rows planned", end="")

    return show
