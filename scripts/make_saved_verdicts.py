"""Write src/newsgraph/query/saved_verdicts.json: the query guard's verdicts on queries/.

Why: the guard parses every request with rdflib before it runs (~0.3 s to import the
parser, up to ~0.5 s to parse a long saved query), which for most saved queries costs
more than running them. The verdicts on the shipped queries are worked out here instead,
once, and looked up by the SHA-256 of the text (newsgraph/query/guard.py). Run it again
after editing or adding a saved query; ``tests/test_query_guard.py`` fails until then.

    .venv/bin/python scripts/make_saved_verdicts.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.query.guard import SAVED_VERDICTS, saved_verdicts  # noqa: E402
from newsgraph.query.saved import list_saved_queries  # noqa: E402


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    queries = list_saved_queries()
    SAVED_VERDICTS.write_text(
        saved_verdicts((q.path.name, q.text) for q in queries), encoding="utf-8"
    )
    print(f"{SAVED_VERDICTS}: {len(queries)} saved queries")


if __name__ == "__main__":
    main()
