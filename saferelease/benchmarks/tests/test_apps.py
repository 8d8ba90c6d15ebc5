"""The benchmarks are a tool: no product app imports them or the demo world."""

from __future__ import annotations

import re
from pathlib import Path

import saferelease

TOOLS = {"benchmarks", "demo"}
IMPORT = re.compile(r"^\s*(?:from|import) saferelease\.(benchmarks|demo)\b", re.MULTILINE)


def test_product_apps_import_neither_the_benchmarks_nor_the_demo() -> None:
    root = Path(saferelease.__file__).parent
    found = [
        f"{path.relative_to(root)}: {match.group(0).strip()}"
        for path in root.rglob("*.py")
        if path.relative_to(root).parts[0] not in TOOLS
        for match in IMPORT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
