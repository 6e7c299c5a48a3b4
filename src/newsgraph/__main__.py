"""``python -m newsgraph``."""

from newsgraph.cli import main

if __name__ == "__main__":
    main()
