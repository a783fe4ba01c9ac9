"""Clinic and pharmacy settings: the defaults a clinic or a pharmacy gives its options once.

A settings file is TOML (read in ``cli/``, parsed here with the standard library's
``tomllib``). Its sections and keys mirror the options they default, with the same names and
units: ``[plan] protocol = "ldnrt-weekly"`` is ``--protocol ldnrt-weekly``, ``[pharmacy] bud =
"60d"`` is ``--bud 60d``. Each key belongs to one field of a core request model (its
``CliOption.setting``), and each value is checked by that model and by the same core parser
as the option, so a setting can never widen a clinical bound. Environment variables
``LDN_<SECTION>_<KEY>`` (``LDN_PLAN_PROTOCOL``) are a second layer.

Precedence, highest first: the command line, the environment, the file, the built-in default.
Pure: text and mappings in, settings out; nothing here reads a file or the environment.
"""

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import BaseModel

from ldn_cli.errors import InputError, LdnError
from ldn_cli.printable import quoted

RequestT = TypeVar("RequestT", bound=BaseModel)

if TYPE_CHECKING:
    from ldn_cli.models import Plan, SettingUsed

#: Environment variables that set a key start with this: ``LDN_PLAN_PROTOCOL``.
ENV_PREFIX = "LDN_"
#: Longest settings file read (a full file with every key and comments is about 4 KiB).
MAX_SETTINGS_BYTES = 64 * 1024


class Setting(NamedTuple):
    """One key's value and where it came from (``file settings.toml, line 3``)."""

    key: str
    value: Any
    origin: str


class Settings(NamedTuple):
    """The settings of one layer, or of several merged: key -> ``Setting``."""

    values: Mapping[str, Setting] = MappingProxyType({})

    def merged_over(self, lower: "Settings") -> "Settings":
        """These settings, with ``lower``'s for the keys these do not set."""
        return Settings({**lower.values, **self.values})

    def for_model(self, model: type[BaseModel]) -> dict[str, Setting]:
        """The settings of ``model``'s fields, by field name."""
        return {
            target_field: setting
            for key, setting in self.values.items()
            for owner, target_field in [registry()[key]]
            if issubclass(model, owner)  # a batch row is a plan request with an id
        }


class Key(NamedTuple):
    """A settable key: the request model and field it defaults, and its help."""

    section: str
    name: str
    model: type[BaseModel]
    field: str
    help: str
    default: str | None


def settable_models() -> tuple[type[BaseModel], ...]:
    """The request models whose fields a settings file may default."""
    from ldn_cli.formulation_request import FormulationRequest
    from ldn_cli.handover import HandoverRequest
    from ldn_cli.spec import PlanRequest

    return (PlanRequest, FormulationRequest, HandoverRequest)


@cache
def keys() -> tuple[Key, ...]:
    """Every settable key, in the order of its model's fields."""
    found: list[Key] = []
    from ldn_cli.fields import cli_option_of

    for model in settable_models():
        for name, info in model.model_fields.items():
            cli = cli_option_of(model, name)
            if cli is None or cli.setting is None:
                continue
            section, key = cli.setting.split(".", 1)
            found.append(
                Key(section, key, model, name, info.description or "", cli.setting_default)
            )
    return tuple(found)


@cache
def registry() -> dict[str, tuple[type[BaseModel], str]]:
    """``"plan.protocol"`` -> (``PlanRequest``, ``"protocol"``)."""
    return {f"{key.section}.{key.name}": (key.model, key.field) for key in keys()}


def _accepts_whole_numbers(model: type[BaseModel], name: str) -> bool:
    """True when the field takes a whole number (``visit_slack = 7``), not only text."""
    from typing import get_args

    pending = [model.model_fields[name].annotation]
    while pending:
        kind = pending.pop()
        if kind is int:
            return True
        pending += list(get_args(kind))
    return False


def check_value(key: str, value: Any, *, where: str) -> Any:
    """One setting checked as its option would be: its type, then the core parser behind the
    option (so a setting can never widen a bound). Returns the value to use."""
    model, target_field = registry()[key]
    section, name = key.split(".", 1)
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not isinstance(value, str) and not (whole and _accepts_whole_numbers(model, target_field)):
        raise InputError(
            f"{where}: [{section}] {name}: expected text in quotes (e.g. {name} = "
            f"{registry_default(key) or chr(34) + '...' + chr(34)}), not {type(value).__name__}"
        )
    if isinstance(value, str) and not value.strip():
        raise InputError(f"{where}: [{section}] {name} is empty; give a value or remove the key")
    try:
        request = model.model_construct(**{target_field: value})
        request.check_field(target_field)  # type: ignore[attr-defined]
    except LdnError as error:
        raise InputError(f"{where}: [{section}] {name}: {error}") from None
    return value


def registry_default(key: str) -> str | None:
    """The built-in default of ``key`` as TOML text, where it has one."""
    return next((k.default for k in keys() if f"{k.section}.{k.name}" == key), None)


def _lines_of(text: str) -> dict[tuple[str | None, str], int]:
    """Where each key is set, by (section, key), and where each section starts, by (section,
    ""): the first line of each, in one pass over the text (for the error messages)."""
    found: dict[tuple[str | None, str], int] = {}
    section: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and "]" in stripped:
            section = stripped[1 : stripped.index("]")].strip().strip("[").strip()
            found.setdefault((section, ""), number)
            continue
        key, equals, _ = stripped.partition("=")
        if equals and not stripped.startswith("#"):
            found.setdefault((section, key.strip().strip("\"'")), number)
    return found


def _suggestion(word: str, choices: Iterable[str]) -> str:
    from difflib import get_close_matches  # only for a mistyped key

    close = get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]}? " if close else ""


def read_settings(data: bytes, *, name: str) -> Settings:
    """The settings in the bytes of a settings file (at most ``MAX_SETTINGS_BYTES``, UTF-8),
    as the command line and ``ldn_cli.load_settings`` read them; ``name`` is its path."""
    from ldn_cli.limits import text_within
    from ldn_cli.printable import quoted_path

    where = f"settings file {quoted_path(name)}"
    return parse_settings(text_within(data, name=where, limit=MAX_SETTINGS_BYTES), name=name)


def parse_settings(text: str, *, name: str) -> Settings:
    """The settings in TOML ``text``; every error names ``name``, the line and the key."""
    import tomllib  # only when there is a file: start-up without one stays fast

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{name}: not valid TOML: {error}") from None
    known = registry()
    sections = sorted({key.split(".", 1)[0] for key in known})
    values: dict[str, Setting] = {}
    lines = _lines_of(text)
    for section, table in document.items():
        if not isinstance(table, dict):
            raise InputError(
                f"{name}, line {lines.get((None, section), '?')}: {quoted(section)} is outside "
                f"a section; put it under one of [{'], ['.join(sections)}]"
            )
        if section not in sections:
            raise InputError(
                f"{name}, line {lines.get((section, ''), '?')}: unknown section [{section}]; "
                f"{_suggestion(section, sections)}sections: [{'], ['.join(sections)}]"
            )
        names = [key.split(".", 1)[1] for key in known if key.startswith(f"{section}.")]
        for key_name, value in table.items():
            where = (
                f"{name}, line {lines[section, key_name]}" if (section, key_name) in lines else name
            )
            if key_name not in names:
                raise InputError(
                    f"{where}: unknown key {quoted(key_name)} in [{section}]; "
                    f"{_suggestion(key_name, names)}keys: {', '.join(names)}"
                )
            checked = check_value(f"{section}.{key_name}", value, where=where)
            values[f"{section}.{key_name}"] = Setting(f"{section}.{key_name}", checked, where)
    return Settings(values)


def environment_name(key: str) -> str:
    """``plan.dose_time`` -> ``LDN_PLAN_DOSE_TIME``."""
    return ENV_PREFIX + key.replace(".", "_").upper()


def settings_from_environment(environ: Mapping[str, str]) -> Settings:
    """The keys set by ``LDN_<SECTION>_<KEY>`` variables. An empty variable is an error, and
    so is an unknown key under a known section (``LDN_PLAN_PROTOKOL``): a misspelt setting
    would otherwise be ignored without a word. Other ``LDN_`` variables are not ours to judge."""
    known = {environment_name(key): key for key in registry()}
    sections = {f"{ENV_PREFIX}{key.split('.', 1)[0].upper()}_" for key in known.values()}
    for variable in sorted(environ):
        section = next((prefix for prefix in sections if variable.startswith(prefix)), None)
        if variable not in known and section is not None:
            alike = [name for name in known if name.startswith(section)]
            raise InputError(
                f"environment {variable} is not a setting; "
                f"{_suggestion(variable, alike)}settings: {', '.join(alike)}"
            )
    values = {}
    for key in registry():
        variable = environment_name(key)
        if variable in environ:
            where = f"environment {variable}"
            if not environ[variable].strip():
                raise InputError(f"{where} is empty; give a value or unset it")
            check_value(key, environ[variable], where=where)
            values[key] = Setting(key, environ[variable], where)
    return Settings(values)


def apply(request: "RequestT", settings: Settings | None) -> tuple["RequestT", list[Setting]]:
    """``request`` with the settings for the fields it does not set, and the settings used
    (none without settings).

    A setting is not used where the request gives another option of the same exclusive group
    (``--capsules`` on the command line sets aside a ``liquid`` setting). The values were
    checked when the settings were read, so the request is built without a second validation
    (start-up time). The fields the request gives stay the only ones it marks as given
    (``model_fields_set``): a default is not an option the user typed (``--plan FILE`` with a
    clinic's ``[plan]`` settings is not "a plan file and plan options").
    """
    if settings is None:
        return request, []
    model = type(request)
    given = request.model_fields_set
    groups: tuple[tuple[str, ...], ...] = getattr(model, "exclusive", ())
    set_aside = {name for group in groups if given & set(group) for name in group}
    used = [
        setting
        for name, setting in settings.for_model(model).items()
        if name not in given and name not in set_aside
    ]
    if not used:
        return request, []
    values = {name: getattr(request, name) for name in given}
    values.update({registry()[setting.key][1]: setting.value for setting in used})
    filled = model.model_construct(_fields_set=set(given), **values)
    return filled, used


#: The order of the sections in a settings file.
SECTION_ORDER = ("plan", "pharmacy", "clinic")


def template_text() -> str:
    """A commented settings file with every key at its default (``ldn config init``)."""
    import textwrap

    lines = [
        "# ldn-cli settings: defaults for the options a clinic or pharmacy would otherwise type",
        "# on every command. Keys mirror the options (same names and units); an option on the",
        "# command line, then an LDN_<SECTION>_<KEY> environment variable, win over this file.",
        "# Every value is checked like the option it defaults: a setting can never widen a",
        "# clinical bound. Each key is shown at its built-in default: uncomment it to set it.",
    ]
    for section in SECTION_ORDER:
        lines += ["", f"[{section}]"]
        for key in (k for k in keys() if k.section == section):
            lines += textwrap.wrap(key.help, width=88, initial_indent="# ", subsequent_indent="# ")
            value = key.default if key.default is not None else '""  # no default'
            lines.append(f"# {key.name} = {value}")
    return "\n".join(lines) + "\n"


def with_recorded(plan: "Plan", used: "Iterable[Setting]") -> "Plan":
    """``plan`` recording the settings it was made with (unchanged when there were none)."""
    made_with = recorded(used)
    if not made_with:
        return plan
    return plan.model_copy(update={"settings": [*plan.settings, *made_with]})


def recorded(used: "Iterable[Setting]") -> "list[SettingUsed]":
    """The settings used, as the plan records them (values as text, each with its origin)."""
    from ldn_cli.models import SettingUsed

    # Three strings made here: built without validation, which would build the model's
    # validator at start-up for nothing.
    return [
        SettingUsed.model_construct(
            key=setting.key, value=str(setting.value), origin=setting.origin
        )
        for setting in used
    ]


class Effective(NamedTuple):
    """A key's effective value and where it comes from (``ldn config show``)."""

    key: str
    value: str
    origin: str
    help: str


def effective(settings: Settings) -> list[Effective]:
    """Every key with the value a command would use (without options) and its origin."""
    rows = []
    ordered = sorted(keys(), key=lambda key: SECTION_ORDER.index(key.section))
    for key in ordered:
        name = f"{key.section}.{key.name}"
        setting = settings.values.get(name)
        if setting is not None:
            rows.append(Effective(name, str(setting.value), setting.origin, key.help))
        else:
            default = (key.default or "").strip('"')
            rows.append(Effective(name, default or "(none)", "built-in default", key.help))
    return rows
