"""JSON text from users, read strictly: one meaning per document, bounded work.

``json.loads`` alone takes the last of two duplicate keys, turns 100,000 nested brackets into
a RecursionError and a 5000-digit number into a ValueError. Here each is a one-line
``InputError`` that names where the problem is, and numbers with a fraction stay exact
``Decimal`` values (a dose is never a float).
"""

import json
import re
from decimal import Decimal
from typing import Any

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
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_float=Decimal)
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
