"""spaCy pipeline construction: one Language, built once per process."""

from .pipeline import load_pipeline, model_description

__all__ = ["load_pipeline", "model_description"]
