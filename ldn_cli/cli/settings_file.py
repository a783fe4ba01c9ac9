"""Where the settings come from on this machine: the file (``--config FILE``, else
``LDN_CONFIG``, else the user's config folder as ``platformdirs`` finds it on Linux, macOS and
Windows; ``--no-config`` reads none) and the ``LDN_<SECTION>_<KEY>`` environment variables.

The core (``ldn_cli.settings``) parses and checks them; this module only finds and reads them,
once a process, and only when a command asks.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from ldn_cli.settings import MAX_SETTINGS_BYTES, Setting, Settings

#: The name of the settings file in the user's config folder.
SETTINGS_FILE_NAME = "settings.toml"
APP_NAME = "ldn-cli"


@dataclass(slots=True)
class Choice:
    """The settings file asked for on this run (``--config``, ``--no-config``), and the
    settings used by the command (which the plan records)."""

    config: str | None = None
    no_config: bool = False
    used: list[Setting] = field(default_factory=list)
    _loaded: Settings | None = None


CHOICE = Choice()


def default_path() -> Path:
    """The settings file in the user's config folder (it may not exist)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE_NAME


def settings_path() -> tuple[Path | None, str]:
    """The file to read, if any, and why: ``--config``, ``LDN_CONFIG``, the default, none."""
    if CHOICE.no_config:
        return None, "--no-config: no file is read"
    if CHOICE.config is not None:
        return Path(CHOICE.config), "--config"
    named = os.environ.get("LDN_CONFIG", "")
    if named.strip():
        return Path(named), "LDN_CONFIG"
    if "LDN_CONFIG" in os.environ:
        from ldn_cli.errors import InputError

        raise InputError("LDN_CONFIG is empty; name a settings file or unset it")
    return default_path(), "the user's config folder"


def read_settings_file(path: Path) -> Settings:
    """The checked settings of the file at ``path``; every error names the file and line."""
    from ldn_cli.cli.io import decode_utf8, read_bytes
    from ldn_cli.errors import InputError
    from ldn_cli.limits import size_text
    from ldn_cli.printable import quoted_path
    from ldn_cli.settings import parse_settings

    name = f"settings file {quoted_path(str(path))}"
    data = read_bytes(str(path), limit=MAX_SETTINGS_BYTES)
    if len(data) > MAX_SETTINGS_BYTES:
        raise InputError(f"{name} is larger than {size_text(MAX_SETTINGS_BYTES)}, the limit")
    return parse_settings(decode_utf8(data, name=name), name=str(path))


def current_settings() -> Settings:
    """The environment's settings over the file's (read once a process)."""
    if CHOICE._loaded is None:
        from ldn_cli.settings import settings_from_environment

        path, why = settings_path()
        from_file = Settings()
        if path is not None and (why != "the user's config folder" or path.is_file()):
            from_file = read_settings_file(path)
        CHOICE._loaded = settings_from_environment(os.environ).merged_over(from_file)
    return CHOICE._loaded
