"""Start-up time: the cyclic garbage collector is paused while ``ldn`` loads its modules.

Importing pydantic and Typer and building the models allocates tens of thousands of objects
that live as long as the process, and the collector would walk them again and again for
nothing (several milliseconds of each start). ``collector_paused`` stops it for a block of
loading and restores it as it was (a program that imports ``ldn_cli`` keeps its own setting);
``settle`` then marks what was loaded as permanent (``gc.freeze``), so that the collections of
a long run, a batch of a million rows, never walk it again.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def settle() -> None:
    """Everything allocated so far lives for the whole run: keep it out of later collections."""
    gc.freeze()
