from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return DATA / "mini.yaml"


@pytest.fixture(scope="session")
def mini_text(mini_path) -> str:
    return mini_path.read_text()
