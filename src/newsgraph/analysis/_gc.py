"""Pause Python's cyclic garbage collector around bulk builds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are built.

    Why: each generation-2 collection walks every live object, and a projection of 500k
    events (or converting 500k edges to igraph) allocates enough to trigger many of them;
    pausing cut a fifth of the projection's time and 40% of the conversion's. The objects
    built meanwhile hold no reference cycles that need collecting; collection resumes after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
