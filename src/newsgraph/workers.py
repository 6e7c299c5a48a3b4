"""The forkserver ``build --jobs`` forks its worker processes from.

Workers are started with the ``forkserver`` method (they must not inherit the writer's
RocksDB threads and locks). The forkserver first imports :mod:`newsgraph.nlp.preload`,
which imports spaCy and loads the gazetteer, the lexicon and the model's pipeline, so
every worker is forked ready instead of loading them itself (shared copy-on-write).

That preload takes ~2.3 s on one core, and every worker waits for it. ``build`` starts it
when the first article turns out to need extraction: a rebuild of unchanged input must
not load a model. When the store does not exist yet, every article will need it, so
:func:`prestart` starts it at once, before ``build``'s own imports and set-up (~0.4 s of
the CLI's start-up that then overlap the preload instead of coming before it).

This module imports nothing heavy, so the CLI can call :func:`prestart` first thing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

__all__ = ["prestart", "start_forkserver", "stop_forkserver"]

#: Whether the running forkserver was started here (and so is ours to stop).
_OURS = False


def start_forkserver(model: str) -> None:
    """Make sure a forkserver is running, with newsgraph's preload for ``model`` if this
    call starts it; the caller stops it with :func:`stop_forkserver` when done.

    If another one was running already (preload or not), workers load what it lacks
    themselves, and :func:`stop_forkserver` leaves it alone.
    """
    global _OURS
    from multiprocessing import forkserver

    # not from .nlp.preload: importing that module runs the preload (spaCy, the city
    # index, the lexicon) here, in the writer, for nothing, before the server starts
    from .nlp.pipeline import PRELOAD_MODEL_ENV as MODEL_ENV

    server = getattr(forkserver, "_forkserver", None)
    if server is None or getattr(server, "_forkserver_pid", None) is not None:
        return  # running already (ours or not), or a Python without the private API
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsgraph.nlp.preload"])
    saved = os.environ.get(MODEL_ENV)
    os.environ[MODEL_ENV] = model  # the forkserver inherits it when it starts
    try:
        forkserver.ensure_running()  # returns at once; the preload runs in the server
    finally:
        if saved is None:
            os.environ.pop(MODEL_ENV, None)
        else:
            os.environ[MODEL_ENV] = saved
    _OURS = True


def prestart(store_path: str | os.PathLike[str], model: str, jobs: int) -> None:
    """Start the forkserver's preload now if a ``jobs`` > 1 build of ``store_path`` is
    sure to need it: the store does not exist yet, so every article is new. ``build``
    stops it when it is done, whether or not any article reached the workers.
    """
    if jobs > 1 and not Path(store_path).exists():
        start_forkserver(model)


def stop_forkserver() -> None:
    """Stop the forkserver newsgraph started, if it runs: it holds a model and the
    gazetteer.

    It is killed rather than asked to exit: a clean exit tears down the spaCy pipeline,
    the city index and the lexicon object by object, ~0.4 s the build would wait for at
    its end, and the server holds nothing that needs closing (its workers are gone, it
    never opened the store). ``_stop`` then reaps it and resets multiprocessing's state.
    """
    global _OURS
    if not _OURS:
        return
    _OURS = False
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is None:  # pragma: no cover - a Python without the private API
        return
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:  # pragma: no cover - already gone
            pass
    try:
        stop()
    except OSError:  # pragma: no cover - already gone
        pass
