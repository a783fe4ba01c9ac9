"""Files, streams and the terminal: reading inputs, writing outputs atomically, the local
time zone and the creation stamp. The only module of the command line that touches files."""

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ldn_cli.errors import InputError, LdnError, OutputError

if TYPE_CHECKING:
    from ldn_cli.render import RenderOptions


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Write ``text`` to stdout (no ``output`` or ``-``) or atomically to a file."""
    with atomic_output(output, force=force) as handle:
        handle.write(text)


@contextmanager
def atomic_output(output: str | None, *, force: bool) -> "Iterator[IO[str]]":
    """Stdout, or a temporary file that becomes ``output`` only once all is written.

    An existing file is never replaced unless ``force``; a half-written file never appears.
    """
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise OutputError(f"output {output!r} is a directory; give a file path")
    if target.exists() and not force:
        raise OutputError(f"output {output!r} already exists; use --force to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"output folder {str(parent)!r} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise OutputError(
                    f"output {output!r} already exists; use --force to replace it"
                ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def read_lines(source: str) -> list[str]:
    """Non-blank, non-comment lines of a text file, or of stdin when ``source`` is ``-``."""
    lines = (line.strip() for line in read_text(source).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_text(source: str) -> str:
    """The whole of a UTF-8 text file, or of stdin when ``source`` is ``-``."""
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"input {source!r} is a directory; give a text file")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"input file {source!r} does not exist") from None
        except UnicodeDecodeError as error:
            raise InputError(
                f"input file {source!r} is not UTF-8 text (byte {error.start}); "
                "save it as UTF-8, one item a line"
            ) from None
        except OSError as error:
            raise InputError(f"input file {source!r} cannot be read: {error.strerror}") from None
    return text


def local_timezone() -> str:
    """The local IANA zone: ``TZ`` if it names one, else /etc/localtime's target, else UTC."""
    from ldn_cli.timeparse import parse_timezone

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in localtime:
        candidates.append(localtime.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if candidate:
            try:
                return parse_timezone(candidate)
            except LdnError:
                continue
    return "UTC"


def creation_stamp() -> datetime:
    """Now, in UTC; or ``SOURCE_DATE_EPOCH`` when set, so that files can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise InputError(f"SOURCE_DATE_EPOCH {epoch!r} is not a whole number of seconds")
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def render_options(output: str | None) -> "RenderOptions":
    """Terminal width and colour when writing to a terminal; fixed and plain otherwise."""
    import shutil

    from ldn_cli.render import DEFAULT_WIDTH, RenderOptions

    to_terminal = output in (None, "-") and is_terminal(sys.stdout)
    return RenderOptions(
        width=max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
        if to_terminal
        else DEFAULT_WIDTH,
        color=to_terminal and "NO_COLOR" not in os.environ,
    )


def open_lines(source: str) -> "Iterator[str]":
    """Lines of a text file (or stdin), read lazily so that memory stays flat."""
    if source == "-":
        return iter(sys.stdin)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"input {source!r} is a directory; give a text file")
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(f"input file {source!r} does not exist") from None
    except OSError as error:
        raise InputError(f"input file {source!r} cannot be read: {error.strerror}") from None
    return iter(handle)
