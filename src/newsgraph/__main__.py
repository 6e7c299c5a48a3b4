"""``python -m newsgraph``."""

from newsgraph.cli import run

if __name__ == "__main__":
    run()
