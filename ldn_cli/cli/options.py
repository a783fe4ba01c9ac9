"""The options shared by several commands, and the choices they take."""

from enum import StrEnum
from typing import Annotated

import typer


class PlanFormat(StrEnum):
    """Output formats for a plan."""

    table = "table"
    json = "json"
    text = "text"
    csv = "csv"
    calendar = "calendar"
    ics = "ics"
    fhir = "fhir"
    html = "html"


#: File name endings that say a plan format (``-o plan.ics`` writes iCalendar); the longest
#: ending that matches wins (``.fhir.json`` before ``.json``).
FORMAT_BY_EXTENSION = {
    ".fhir.json": PlanFormat.fhir,
    ".json": PlanFormat.json,
    ".ics": PlanFormat.ics,
    ".csv": PlanFormat.csv,
    ".html": PlanFormat.html,
    ".htm": PlanFormat.html,
    ".txt": PlanFormat.text,
}


class ListingFormat(StrEnum):
    """Output formats for listings and checks."""

    table = "table"
    json = "json"


PlanFormatOption = Annotated[
    PlanFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        rich_help_panel="Output",
        help="table, json, text, csv, calendar, ics, fhir or html. Default: from the -o file's "
        "extension (.ics, .json, .fhir.json, .csv, .html, .txt), else table.",
    ),
]
ListingFormatOption = Annotated[
    ListingFormat,
    typer.Option(
        "--format", "-f", metavar="FORMAT", rich_help_panel="Output", help="table or json."
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        rich_help_panel="Output",
        help="Write to FILE instead of stdout (atomically; never over a file without --force).",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", metavar="", rich_help_panel="Output", help="Replace FILE if it already exists."
    ),
]
MedsFileOption = Annotated[
    str | None,
    typer.Option(
        "--meds-file",
        metavar="FILE",
        rich_help_panel="Medications",
        help="Medications to check, one a line ('-' for stdin; '#' starts a comment).",
    ),
]
