"""The benchmark and maintenance scripts still start: their imports follow the code.

Why: they run outside the test suite (``make bench``, by hand), so a module they import
can be renamed without anything failing until the next benchmark run. Session 8 found
``benchmarks/analysis.py`` importing ``RDFS`` from a module that no longer had it.
``--help`` imports everything a script imports at the top and runs nothing else.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(
    p
    for folder in ("benchmarks", "scripts")
    for p in (ROOT / folder).glob("*.py")
    if not p.name.startswith("_")
)


def test_the_scripts_are_found() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"analysis.py", "build_throughput.py", "queries.py", "make_saved_verdicts.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_starts(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()
