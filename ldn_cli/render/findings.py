"""The findings of ``ldn check``: grouped by severity in a table, or as JSON."""

from collections.abc import Sequence
from io import StringIO

from ldn_cli.check import SEVERITY_ORDER, Finding, FindingsReport
from ldn_cli.jsontext import dumps
from ldn_cli.render import DISCLAIMER, RenderOptions, console_text, make_console, styled

_GROUP_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}
_STYLES = {"error": "bold red", "warning": "yellow", "info": ""}


def render_findings_json(report: FindingsReport) -> str:
    """``schema_version``, ``failing``, ``counts`` per severity, and the ``findings``."""
    return dumps(report) + "\n"


def render_findings_table(findings: Sequence[Finding], options: RenderOptions) -> str:
    """Findings grouped by severity, then a one-line summary."""
    from rich.table import Table

    console = make_console(buffer := StringIO(), options)
    for severity in SEVERITY_ORDER:
        group = [item for item in findings if item.severity == severity]
        if not group:
            continue
        table = Table(
            title=f"{_GROUP_TITLES[severity]} ({len(group)})",
            title_justify="left",
            title_style=_STYLES[severity] or "bold",
        )
        for column in ("Code", "Where", "Finding", "Source"):
            table.add_column(column, overflow="fold")
        for item in group:
            table.add_row(item.code, item.where, item.message, item.source)
        console.print(table)
    counts = {s: sum(1 for item in findings if item.severity == s) for s in SEVERITY_ORDER}
    summary = ", ".join(
        f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}"
        for severity, count in counts.items()
    )
    console.print(styled(f"{summary}." if findings else "No findings.", style="bold"))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)
