"""Text from users made safe to show: control characters escaped, long values shortened.

Anything a user typed (a medication line, a CSV cell, a file name) can reach a terminal in an
error or a table. A raw ESC byte would let it clear the screen or fake a link (OSC 8), and a
bidirectional override can reorder what a reader sees; so every human-readable output shows
them escaped (``\\x1b``), and error messages quote at most ``QUOTE_LIMIT`` characters of a value.
Machine-readable outputs (JSON) keep the text byte for byte: their encoder escapes it.
"""

import re

#: Characters of a user's value quoted in an error message; longer values are shortened.
QUOTE_LIMIT = 60
#: File paths are quoted longer: their end (the file name) is what a reader needs.
PATH_LIMIT = 240

# C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate characters.
# Newline stays: renderers lay out lines with it (a one-line message escapes it separately).
_UNSAFE = r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_UNSAFE_OR_NEWLINE = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with control and bidi characters written as ``\\x1b``/``\\u202e`` escapes."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_OR_NEWLINE
    if re.search(pattern, text) is None:  # the common case costs one scan
        return text
    return re.sub(pattern, _escape, text)


def one_line(text: str) -> str:
    """``text`` on one printable line (newlines escaped too)."""
    return printable(text, keep_newlines=False)


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A user's value for an error message: quoted, escaped, and shortened past ``limit``.

    ``quoted("x" * 5000)`` is ``'xxxx…' (5000 characters)``: the message stays readable and
    says how long the value was.
    """
    try:
        text = str(value)
    except ValueError:  # an int too long to convert (Python's 4300-digit guard)
        return "(a number too long to show)"
    if len(text) <= limit:
        return repr(text)  # repr escapes every non-printable character, controls included
    return f"{repr(text[:limit])[:-1]}…{repr(text)[-1]} ({len(text)} characters)"


def quoted_path(path: str) -> str:
    """A file path for an error message, shortened only past ``PATH_LIMIT`` characters."""
    return quoted(path, PATH_LIMIT)
