"""bench/load.py's core, small: 3 concurrent sessions in one Chromium commit 2 dates each on a real server, and
every page ends up showing exactly the dates it committed, with no error and no traceback in the server log."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:  # the bench scripts import each other as top-level modules
    sys.path.insert(0, str(BENCH))

import load  # noqa: E402

pytestmark = pytest.mark.e2e


def test_three_sessions_committing_at_once_each_see_their_own_dates():
    figures = load.run(sessions=3, commits=2)
    assert figures["load_sessions"] == 3 and figures["load_commits"] == 6
    assert figures["load_errors"] == 0
    assert figures["load_wrong_dates"] == 0
    assert figures["load_tracebacks"] == 0
    assert figures["load_feed_latency_median_ms"] > 0  # the feed was seen after each commit, on one clock
    assert figures["server_cpu_ms_per_commit"] > 0
