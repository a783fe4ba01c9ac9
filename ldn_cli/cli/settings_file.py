"""Where the settings come from on this machine: the file (``--config FILE``, else
``LDN_CONFIG``, else the user's config folder as ``platformdirs`` finds it on Linux, macOS and
Windows; ``--no-config`` reads none) and the ``LDN_<SECTION>_<KEY>`` environment variables.

The core (``ldn_cli.settings``) parses and checks them; this module only finds and reads them,
once a process, and only when a command asks.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ldn_cli.settings import Setting, Settings

#: The name of the settings file in the user's config folder.
SETTINGS_FILE_NAME = "settings.toml"
APP_NAME = "ldn-cli"
#: Why the file in the user's config folder is read (it is read only if it exists).
FROM_USER_FOLDER = "the user's config folder"
#: Environment variables that set a key (``settings.ENV_PREFIX``; a test keeps the two equal).
VARIABLE_PREFIX = "LDN_"


class Choice:
    """The settings file asked for on this run (``--config``, ``--no-config``), and the
    settings used by the command (which the plan records). A plain class: a dataclass costs
    start-up time on every command."""

    __slots__ = ("config", "no_config", "used", "_looked", "_loaded")

    def __init__(self, config: str | None = None, no_config: bool = False) -> None:
        self.config = config
        self.no_config = no_config
        self.used: list[Setting] = []
        self._looked = False
        self._loaded: Settings | None = None


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
    return default_path(), FROM_USER_FOLDER


def read_settings_file(path: Path) -> "Settings":
    """The checked settings of the file at ``path``; every error names the file and line."""
    from ldn_cli.cli.io import read_bytes
    from ldn_cli.settings import MAX_SETTINGS_BYTES, read_settings

    return read_settings(read_bytes(str(path), limit=MAX_SETTINGS_BYTES), name=str(path))


def active_settings() -> "Settings | None":
    """The environment's settings over the file's, or ``None`` when there are none (no file,
    no ``LDN_<SECTION>_<KEY>`` variable): then the settings code is not even loaded. Looked
    up once a process."""
    if not CHOICE._looked:
        CHOICE._looked = True
        path, why = settings_path()
        read_file = path is not None and (why != FROM_USER_FOLDER or path.is_file())
        variables = any(
            name.startswith(VARIABLE_PREFIX) and name != "LDN_CONFIG" for name in os.environ
        )
        if read_file or variables:
            from ldn_cli.settings import Settings, settings_from_environment

            from_file = read_settings_file(path) if path is not None and read_file else Settings()
            CHOICE._loaded = settings_from_environment(os.environ).merged_over(from_file)
    return CHOICE._loaded


def current_settings() -> "Settings":
    """The environment's settings over the file's (empty when there are none)."""
    from ldn_cli.settings import Settings

    return active_settings() or Settings()
