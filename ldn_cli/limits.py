"""The documented size limits of every input, in one place (the README's limits table).

Work is bounded by the input's size: past these limits an input is refused with exit 2 and
the limit named, never read into memory whole or searched without end. The numbers are
engineering bounds, not clinical ones: each is far above any real plan, list or diary.
"""

#: A file the tool reads whole (a plan, a medication list, a diary, a settings file).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: One line of a streamed input (a batch row, CSV or JSON Lines).
MAX_LINE_BYTES = 256 * 1024
#: One CSV cell (batch rows and CSV plans).
MAX_CELL_CHARS = 64 * 1024
#: One option value (a date, a dose, a name), from any door: far above any real one.
MAX_VALUE_CHARS = 200
#: One medication line: one product with its strength, form and directions fits in a fraction of
#: this (the longest line of the test corpus is under 100 characters), so no input can make the
#: opioid matcher's work grow without bound.
MAX_MEDICATION_CHARS = 500
#: Medication lines in one list (a patient's list, a --meds-file, a batch row).
MAX_MEDICATIONS = 200
#: Nesting of JSON arrays and objects (a plan nests five deep).
MAX_JSON_DEPTH = 32


def size_text(count: int) -> str:
    """A byte count in words: ``4 MiB``, ``256 KiB``, ``100 bytes``."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count} bytes"


def text_within(data: bytes, *, name: str, limit: int) -> str:
    """``data`` as UTF-8 text (a leading byte-order mark dropped), refused past ``limit``
    bytes or in another encoding, each with a one-line error naming ``name``. ``data`` may hold
    one byte past the limit: a reader need not read more to know the input is too large."""
    from ldn_cli.errors import InputError

    if len(data) > limit:
        raise InputError(f"{name} is larger than {size_text(limit)}, the limit")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None
