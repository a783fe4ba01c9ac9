"""Files, streams and the terminal: reading inputs, writing outputs atomically, the local
time zone, the terminal's width and colour, and the creation stamp. The only module of the
command line that touches files.

Outputs never lose what a user had: a file is written beside its destination and renamed into
place only once complete (a signal or a full disk leaves nothing behind), an existing file is
replaced only with ``--force`` and keeps its mode, and only regular files are ever replaced.
Inputs are bounded (``ldn_cli.limits``) and must be UTF-8.
"""

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ldn_cli.errors import InputError, LdnError, OutputError
from ldn_cli.limits import MAX_FILE_BYTES, text_within
from ldn_cli.printable import quoted_path as quoted

if TYPE_CHECKING:
    from ldn_cli.render import RenderOptions

#: ``COLUMNS`` values outside this range are ignored (a typo, not a terminal).
MIN_WIDTH, MAX_WIDTH = 20, 1000
#: Created files get what shell redirection would give them: this, less the umask.
DEFAULT_FILE_MODE = 0o666


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Write ``text`` to stdout (no ``output`` or ``-``) or atomically to a file."""
    with atomic_output(output, force=force) as handle:
        handle.write(text)


class _Stdout:
    """Standard output whose write failures (a full disk, /dev/full) are ``OutputError``s.

    A closed pipe stays a ``BrokenPipeError``: the reader left, which is not an error.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write to standard output: {error.strerror}") from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write to standard output: {error.strerror}") from None


def _replaceable(target: Path, output: str, *, force: bool) -> int | None:
    """The mode to keep if ``target`` exists and may be replaced; ``None`` if it is new."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"cannot write {quoted(output)}: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode) or target.is_dir():
        raise OutputError(f"output {quoted(output)} is a directory; give a file path")
    if not force:
        raise OutputError(f"output {quoted(output)} already exists; use --force to replace it")
    if stat.S_ISLNK(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"output {quoted(output)} is not a regular file (a pipe or a device); "
            "--force replaces only regular files"
        )
    return stat.S_IMODE(info.st_mode)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return DEFAULT_FILE_MODE & ~umask


@contextmanager
def atomic_output(output: str | None, *, force: bool) -> "Iterator[IO[str]]":
    """Stdout, or a temporary file that becomes ``output`` only once all is written.

    An existing file is never replaced unless ``force``; a half-written file never appears,
    whatever ends the program (an error, Ctrl-C, SIGTERM or SIGHUP).
    """
    if output is None or output == "-":
        stdout = _Stdout(sys.stdout)
        yield stdout  # type: ignore[misc]
        stdout.flush()
        return
    if not output.strip():
        raise OutputError("--output is empty; give a file path or '-' for standard output")
    target = Path(output)
    mode = _replaceable(target, output, force=force)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"output folder {quoted(str(parent))} does not exist")
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), _new_file_mode() if mode is None else mode)
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise OutputError(
                    f"output {quoted(output)} already exists; use --force to replace it"
                ) from None
    except OSError as error:
        raise OutputError(f"cannot write {quoted(output)}: {error.strerror}") from None
    finally:
        if temporary is not None and os.path.lexists(temporary):
            os.unlink(temporary)


def read_lines(source: str) -> list[str]:
    """Non-blank, non-comment lines of a text file, or of stdin when ``source`` is ``-``."""
    lines = (line.strip() for line in read_text(source).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_bytes(source: str, *, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file, or of stdin for ``-``: enough to tell that an
    input is over its limit without reading all of it. The caller decodes and judges."""
    stream = open_binary(source)
    try:
        return stream.read(limit + 1)
    except OSError as error:
        raise InputError(f"input file {quoted(source)} cannot be read: {error.strerror}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def read_text(source: str) -> str:
    """The whole of a UTF-8 text file, or of stdin when ``source`` is ``-``, bounded in size."""
    name = "stdin" if source == "-" else f"input file {quoted(source)}"
    return text_within(read_bytes(source, limit=MAX_FILE_BYTES), name=name, limit=MAX_FILE_BYTES)


def open_binary(source: str) -> IO[bytes]:
    """A file (or stdin) opened for streaming as bytes; errors are one-line ``InputError``s."""
    if not source.strip():
        raise InputError("the input file name is empty; give a file path or '-' for stdin")
    if source == "-":
        return sys.stdin.buffer
    path = Path(source)
    if path.is_dir():
        raise InputError(f"input {quoted(source)} is a directory; give a text file")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"input file {quoted(source)} does not exist") from None
    except OSError as error:
        raise InputError(f"input file {quoted(source)} cannot be read: {error.strerror}") from None


#: Zone names that mean UTC: a server's default, rarely the patient's own zone.
UTC_NAMES = frozenset(
    {
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "Universal",
        "Zulu",
        "Etc/Zulu",
        "Etc/Universal",
        "GMT",
        "Etc/GMT",
        "Etc/GMT0",
        "GMT0",
        "Greenwich",
    }
)


def local_timezone() -> str:
    """The local IANA time zone: ``TZ`` when set (a wrong ``TZ`` is an error, not ignored),
    else as the operating system configures it (``tzlocal``).

    Never a silent guess: where no zone is configured (a bare container), the calendar's
    reminder times would be wrong, so the user is asked for ``--tz``.
    """
    import logging

    from ldn_cli.timeparse import parse_timezone

    environment = os.environ.get("TZ", "").strip().lstrip(":")
    if environment and not environment.startswith("/"):
        try:
            return parse_timezone(environment)
        except LdnError:
            raise InputError(
                f"TZ {quoted(environment)} is not a known time zone; fix TZ or give --tz ZONE "
                "(an IANA name such as Europe/London)"
            ) from None
    logging.getLogger("tzlocal").addHandler(logging.NullHandler())  # no warnings on stderr
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # noqa: BLE001 - any failure of the lookup means "not found"
        name = None
    if name:
        try:
            return parse_timezone(name)
        except LdnError:
            pass
    raise InputError(
        "the local time zone is not configured on this machine; give --tz ZONE "
        "(an IANA name such as Europe/London or America/New_York)"
    )


def creation_stamp() -> datetime:
    """Now, in UTC; or ``SOURCE_DATE_EPOCH`` when set, so that files can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            if not epoch.isascii() or not epoch.isdigit():
                raise ValueError
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH {quoted(epoch)} is not a whole number of seconds "
                "between 1970 and 9999"
            ) from None
    return datetime.now(tz=UTC)


def terminal_width(to_terminal: bool) -> int:
    """``COLUMNS`` when it is set (piped or not), else the terminal's width, else 100."""
    import shutil

    from ldn_cli.render import DEFAULT_WIDTH

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and MIN_WIDTH <= int(columns) <= MAX_WIDTH:
        return int(columns)
    if to_terminal:
        return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def use_colour(to_terminal: bool) -> bool:
    """Colour on a terminal unless ``NO_COLOR`` is set and not empty (no-color.org);
    ``FORCE_COLOR`` set and not empty forces it (force-color.org)."""
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return to_terminal and not os.environ.get("NO_COLOR", "")


def render_options(output: str | None) -> "RenderOptions":
    """Width and colour for where the output goes: a terminal, a pipe, or a file."""
    from ldn_cli.render import DEFAULT_WIDTH, RenderOptions

    to_terminal = output in (None, "-") and is_terminal(sys.stdout)
    to_stdout = output in (None, "-")
    return RenderOptions(
        width=terminal_width(to_terminal) if to_stdout else DEFAULT_WIDTH,
        color=to_stdout and use_colour(to_terminal),
    )
