"""The command line as a user runs it: `python -m frontline …` in the project's directory, in a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frontline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)
