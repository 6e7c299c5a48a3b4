"""What the ``build --jobs`` forkserver loads once, before it forks the workers.

``build`` starts its workers with the ``forkserver`` method (they must not inherit the
writer's RocksDB threads and locks). The forkserver imports this module first, so every
worker forked from it starts with spaCy and newsgraph imported, the gazetteer and its
city index loaded, the event lexicon read and the spaCy pipeline of the model named in
``$NEWSGRAPH_PRELOAD_MODEL`` built — shared copy-on-write instead of paid again by each
worker. Nothing here may fail the forkserver: whatever goes wrong is left for the worker
to do again, and report, itself. Importing this module *is* the preload: only the
forkserver may import it (``build`` takes the variable's name from ``pipeline``).
"""

from __future__ import annotations

import os

from .pipeline import PRELOAD_MODEL_ENV

__all__: list[str] = []


def _preload() -> None:
    try:
        from .. import build  # noqa: F401 - the workers' functions are unpickled from it
        from ..extract.extractor import Extractor
        from ..extract.gazetteer import get_gazetteer
        from ..extract.lexicon import load_lexicon

        get_gazetteer().load_cities()
        load_lexicon()
        model = os.environ.get(PRELOAD_MODEL_ENV)
        if model:
            Extractor(model)  # the pipeline is cached per process: workers reuse it
    except Exception:  # noqa: BLE001, S110 - a worker redoes (and reports) what failed
        pass


_preload()
