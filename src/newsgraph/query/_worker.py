"""Entry point of the query child process: ``python -m newsgraph.query._worker``.

Reads one pickled request on stdin, writes one pickled answer on stdout. Anything else
that would print goes to stderr so it cannot corrupt the answer.
"""

from __future__ import annotations

import sys

from .run import execute_request


def main() -> None:
    """Serve one request."""
    answer_stream = sys.stdout.buffer
    sys.stdout = sys.stderr
    answer = execute_request(sys.stdin.buffer.read())
    answer_stream.write(answer)
    answer_stream.flush()


if __name__ == "__main__":
    main()
