"""Pause Python's cyclic garbage collector around bulk builds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "freeze_after_projections", "projection_done"]

#: Set by :func:`freeze_after_projections` (the command line only).
_FREEZE_AFTER_PROJECTIONS = False


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


def freeze_after_projections() -> None:
    """Have every later projection end with ``gc.freeze()``; for the console script only.

    Why: a projection leaves millions of objects (nodes, edges, attribute dicts) that live
    until a command ends, and every later collection of the older generations walks them
    all: on a 500k-event store, 1.4 s of generation-1 and 1.8 s of generation-2
    collections in ``analyze centrality``, triggered by what PageRank and betweenness
    allocate. Frozen objects are never examined by the collector; reference counting
    still frees them. What freezing gives up is collecting reference cycles among them,
    which a process that ends with its command never needs, but a notebook that projects
    again and again would: so the library does not freeze on its own.
    """
    global _FREEZE_AFTER_PROJECTIONS
    _FREEZE_AFTER_PROJECTIONS = True


def projection_done() -> None:
    """Called by ``project`` with its result built: settle the heap it leaves.

    In the console script (:func:`freeze_after_projections`) the heap is frozen. Anywhere
    else, unless a caller froze objects itself (whose policy stands), everything alive is
    frozen and unfrozen at once, which moves it to the oldest generation in one step.
    Why: a projection is built with the collector paused (:func:`gc_paused`), so its
    millions of objects are all young; the collections that would promote them walked
    them again and again (generation 1: 1.6 s on a 500k-event store, now 0.03 s). They
    stay collectable: full collections still examine them, as they would have once
    promoted.
    """
    if _FREEZE_AFTER_PROJECTIONS:
        gc.freeze()
    elif not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
