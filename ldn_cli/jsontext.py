"""JSON text in and out: read strictly from users, written from models.

Reading: one meaning per document, bounded work.
``json.loads`` alone takes the last of two duplicate keys, turns 100,000 nested brackets into
a RecursionError and a 5000-digit number into a ValueError. Here each is a one-line
``InputError`` that names where the problem is, and numbers with a fraction stay exact
``Decimal`` values (a dose is never a float).

Writing: models as plain JSON values in their declared field order (``jsonable``), and a
template whose date fields move by whole days (batch mode plans one request and shifts it).
"""

import re
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ldn_cli.dose import json_number
from ldn_cli.errors import InputError
from ldn_cli.limits import MAX_JSON_DEPTH
from ldn_cli.printable import quoted

# The characters that matter for nesting: brackets, and strings (whose content is skipped).
_STRUCTURE = r'"(?:[^"\\]|\\.)*"|[\[\]{}]'


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (one linear scan)."""
    depth = deepest = 0
    for match in re.finditer(_STRUCTURE, text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def loads(text: str, *, name: str) -> Any:
    """Parse ``text``; errors are ``InputError``s starting with ``name`` (a file or a line)."""
    if nesting_depth(text) > MAX_JSON_DEPTH:
        raise InputError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    import json  # on use: printing a plan needs no JSON reader

    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{name}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except _DuplicateKey as duplicate:
        raise InputError(
            f"{name}: the key {quoted(duplicate.key)} appears twice in one object; "
            "give each key once"
        ) from None
    except (ValueError, RecursionError):  # numbers past Python's digit limit; deep nesting
        raise InputError(f"{name}: a number in the JSON is too long to read") from None
    if re.search(r"\\u[dD][89a-fA-F]", text) and _has_lone_surrogate(value):
        raise InputError(f"{name}: a string holds an unpaired surrogate (\\ud800-\\udfff)")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    """True when a string in ``value`` cannot be written as UTF-8 (an unpaired escape)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def jsonable(value: Any, *, dates_as_text: bool = True) -> Any:
    """Models, dataclasses, dates and exact doses as plain JSON values.

    Walks the model fields in their declared order, so that printing a plan never has to build
    pydantic's serialiser (start-up time); the result equals ``model_dump(mode="json")``,
    which a test checks over generated plans. With ``dates_as_text=False`` dates stay ``date``
    objects (the slots of a ``DatedTemplate``).
    """
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, BaseModel):
        return {
            name: jsonable(getattr(value, name), dates_as_text=dates_as_text)
            for name in type(value).model_fields
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: jsonable(getattr(value, item.name), dates_as_text=dates_as_text)
            for item in fields(value)
        }
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, date) and dates_as_text:
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item, dates_as_text=dates_as_text) for item in value]
    return value


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (UTF-8, not ASCII-escaped); compact when ``indent`` is None.

    Indented text is written by pydantic-core's serialiser, already loaded, when it prints
    exactly what Python's ``json`` would (start-up time: ``json`` is not imported by
    ``ldn plan --format json``); a test checks the two agree over generated values.
    """
    data = jsonable(value)
    if indent == 2 and _prints_alike(data):
        from pydantic_core import PydanticSerializationError, to_json

        try:
            return to_json(data, indent=2).decode("utf-8")
        except PydanticSerializationError:  # text that is not UTF-8 (a lone surrogate)
            pass
    import json

    separators = None if indent else (",", ":")
    return json.dumps(data, indent=indent, ensure_ascii=False, separators=separators)


def _prints_alike(value: Any) -> bool:
    """True when every number in ``value`` is written alike by ``json`` and pydantic-core:
    they differ only in the exponent form of floats below 1e-4 or from 1e16 (and NaN)."""
    if isinstance(value, float):
        return value == 0 or 1e-4 <= abs(value) < 1e16
    if isinstance(value, dict):
        return all(_prints_alike(item) for item in value.values())
    if isinstance(value, list):
        return all(_prints_alike(item) for item in value)
    return True


class DatedTemplate:
    """The compact JSON of a value whose ``date`` fields can be moved by whole days.

    Built by walking the value's structure (``jsonable``): the text between date fields is
    kept, and each date field becomes a slot. Text is never searched for dates, so a date a
    user typed inside a string (a medication "last taken 2026-11-20") is copied byte for byte
    like any text. ``render(0)`` equals ``dumps(value, indent=None)`` (a test checks it).
    """

    __slots__ = ("_ordinals", "_parts")

    def __init__(self, value: Any) -> None:
        parts: list[str] = []
        ordinals: list[int] = []
        current: list[str] = []

        import json

        def emit(item: Any) -> None:
            if isinstance(item, date):
                parts.append("".join(current))
                current.clear()
                ordinals.append(item.toordinal())
            elif isinstance(item, dict):
                current.append("{")
                for position, (key, member) in enumerate(item.items()):
                    current.append(("," if position else "") + json.dumps(key, ensure_ascii=False))
                    current.append(":")
                    emit(member)
                current.append("}")
            elif isinstance(item, list):
                current.append("[")
                for position, member in enumerate(item):
                    if position:
                        current.append(",")
                    emit(member)
                current.append("]")
            else:
                current.append(json.dumps(item, ensure_ascii=False))

        emit(jsonable(value, dates_as_text=False))
        parts.append("".join(current))
        self._parts = parts
        self._ordinals = ordinals

    def fits(self, shift_days: int) -> bool:
        """True when every date moved by ``shift_days`` is still a date (years 1–9999)."""
        if not self._ordinals:
            return True
        return (
            min(self._ordinals) + shift_days >= 1
            and max(self._ordinals) + shift_days <= date.max.toordinal()
        )

    def render(self, shift_days: int) -> str:
        """The JSON text with every date field moved ``shift_days`` days."""
        parts = self._parts
        pieces = [parts[0]]
        for text, ordinal in zip(parts[1:], self._ordinals, strict=True):
            pieces.append(_quoted_date(ordinal + shift_days))
            pieces.append(text)
        return "".join(pieces)


#: Quoted ISO dates by ordinal, kept for reuse (bounded: about 30 years of days).
_DATE_CACHE_SIZE = 11_000
_date_texts: dict[int, str] = {}


def _quoted_date(ordinal: int) -> str:
    text = _date_texts.get(ordinal)
    if text is None:
        text = f'"{date.fromordinal(ordinal).isoformat()}"'
        if len(_date_texts) < _DATE_CACHE_SIZE:
            _date_texts[ordinal] = text
    return text
