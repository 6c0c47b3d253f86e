"""The architecture rules of DESIGN.md, checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "frontline").rglob("*.py"))


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_streamlit(path):
    tree = ast.parse(path.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"streamlit", "streamlit_folium"}


def test_only_io_reads_files():
    offenders = []
    for path in CORE:
        if "io" in path.relative_to(ROOT / "frontline").parts or path.name in {"cli.py", "paths.py"}:
            continue
        text = path.read_text()
        if "open(" in text or ".read_text(" in text or ".read_bytes(" in text or ".write_bytes(" in text:
            offenders.append(str(path))
    assert offenders == []


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme[: readme.index("\n## ", readme.index("Quick start"))]
    assert "make run" in quick and "make test" in quick
    assert "make run" in (ROOT / "Makefile").read_text() or "run:" in (ROOT / "Makefile").read_text()
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")
