"""The export format registry (pattern of rdflib's plugin registry / catalogue).

Format modules register themselves on import; the registry imports the known modules
lazily so ``newsgraph --help`` stays fast.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from ..errors import UnknownFormatError
from ..store import GraphStore

__all__ = ["Exporter", "register", "get_exporter", "available_formats"]


def _format_modules() -> list[str]:
    """Every module of this package except the registry: each registers its formats."""
    from . import __path__ as package_path

    return sorted(
        m.name
        for m in pkgutil.iter_modules(package_path)
        if m.name not in {"registry"} and not m.name.startswith("_")
    )


WriteFn = Callable[[GraphStore, BinaryIO], None]


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, aliases and the function that writes it."""

    name: str
    write: WriteFn
    description: str
    aliases: tuple[str, ...] = field(default=())
    extension: str = ""


_REGISTRY: dict[str, Exporter] = {}
_ALIASES: dict[str, str] = {}
_loaded = False


def register(exporter: Exporter) -> Exporter:
    """Add an exporter under its name and aliases."""
    _REGISTRY[exporter.name] = exporter
    for alias in exporter.aliases:
        _ALIASES[alias] = exporter.name
    return exporter


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in _format_modules():
            importlib.import_module(f"{__package__}.{module}")
        _loaded = True


def available_formats() -> list[Exporter]:
    _load()
    return sorted(_REGISTRY.values(), key=lambda e: e.name)


def get_exporter(name: str) -> Exporter:
    """The exporter for ``name`` or an alias; a helpful error listing the formats if none."""
    _load()
    key = name.lower()
    key = _ALIASES.get(key, key)
    if key not in _REGISTRY:
        names = ", ".join(e.name for e in available_formats())
        raise UnknownFormatError(f"unknown format {name!r}; available: {names}")
    return _REGISTRY[key]
