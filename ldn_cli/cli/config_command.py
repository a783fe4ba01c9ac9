"""``ldn config path``, ``ldn config show``, ``ldn config init``: the clinic's settings file."""

from typing import Annotated

import typer

from ldn_cli.cli import EXIT_OK, LdnCommand, LdnGroup, typer_app
from ldn_cli.cli.io import write_output
from ldn_cli.cli.options import ForceOption, ListingFormat, ListingFormatOption

config_app = typer.Typer(
    cls=LdnGroup,
    name="config",
    help="The settings file: defaults a clinic or pharmacy gives its options once.\n\n"
    "Example: ldn config init",
    no_args_is_help=True,
    add_completion=False,
)
typer_app.add_typer(config_app)


@config_app.command("path", cls=LdnCommand)
def path() -> int:
    """Where ldn looks for its settings file, and whether a file is there.

    The file is --config FILE, else the LDN_CONFIG variable, else settings.toml in your
    config folder; --no-config reads none. LDN_<SECTION>_<KEY> variables come on top.

    Example: ldn config path
    """
    from ldn_cli.cli.settings_file import settings_path

    found, why = settings_path()
    if found is None:
        lines = [f"settings file: none ({why})"]
    else:
        state = "found" if found.is_file() else "not there (ldn config init writes one)"
        lines = [f"settings file: {found} ({why}): {state}"]
    write_output("\n".join(lines) + "\n", None, force=False)
    return EXIT_OK


@config_app.command("show", cls=LdnCommand)
def show(output_format: ListingFormatOption = ListingFormat.table) -> int:
    """Every setting's effective value and where it comes from: environment, file and line,
    or the built-in default.

    Example: ldn config show
    """
    from ldn_cli.cli.settings_file import current_settings
    from ldn_cli.render.catalogue import render_settings
    from ldn_cli.settings import effective

    rows = effective(current_settings())
    write_output(render_settings(rows, output_format.value), None, force=False)
    return EXIT_OK


@config_app.command("init", cls=LdnCommand)
def init(
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Where to write (default: ldn config path)."
        ),
    ] = None,
    force: ForceOption = False,
) -> int:
    """Write a commented settings file with every key at its default; never replaces a file
    without --force.

    Example: ldn config init
    """
    from ldn_cli.cli.settings_file import default_path
    from ldn_cli.settings import template_text

    target = output
    if target is None:
        folder = default_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        target = str(default_path())
    write_output(template_text(), target, force=force)
    typer.echo(f"wrote {target}", err=True)
    return EXIT_OK
