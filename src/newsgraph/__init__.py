"""newsgraph: news stories in, a knowledge graph of actors, places and events out."""

__version__ = "0.1.0"
