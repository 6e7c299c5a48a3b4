"""Exports: one module per format, found by name in a registry with aliases."""

from .registry import Exporter, available_formats, get_exporter, register

__all__ = ["Exporter", "available_formats", "get_exporter", "register"]
