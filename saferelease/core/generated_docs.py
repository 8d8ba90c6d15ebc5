"""The tables in ``docs/`` that are generated from the code, and rewriting them.

Each generated table sits between ``<!-- BEGIN GENERATED: name() -->`` and
``<!-- END GENERATED: name() -->`` in its document; :data:`GENERATED` says which function
writes it (imported by dotted path, so this module depends on no product app). The
``saferelease docs`` command rewrites them all (``--check`` only reports), and each
table's own test fails when its document is out of date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True, slots=True)
class GeneratedTable:
    #: The document, relative to the repository root.
    document: str
    #: The function that writes the table (``package.module.function``).
    function: str

    @property
    def name(self) -> str:
        return self.function.rsplit(".", 1)[1]

    @property
    def begin(self) -> str:
        return f"<!-- BEGIN GENERATED: {self.name}() -->\n"

    @property
    def end(self) -> str:
        return f"\n<!-- END GENERATED: {self.name}() -->"

    def text(self) -> str:
        write: Callable[[], str] = import_string(self.function)
        return write()


GENERATED: Final = (
    GeneratedTable("docs/deadline-rules.md", "saferelease.deadlines.docs.rules_markdown_table"),
    GeneratedTable(
        "docs/deadline-rules.md", "saferelease.release_planning.quality.quality_markdown_table"
    ),
    GeneratedTable("docs/metrics.md", "saferelease.metrics.catalogue.docs.metrics_markdown_tables"),
)


class MarkersMissing(ValueError):
    pass


def rewritten(document: str, table: GeneratedTable) -> str:
    """``document`` with the table between its markers replaced by what the code writes."""
    if table.begin not in document or table.end not in document:
        raise MarkersMissing(f"{table.document}: no {table.begin.strip()} ... markers")
    before, rest = document.split(table.begin, 1)
    _, after = rest.split(table.end, 1)
    return before + table.begin + table.text() + table.end + after


def regenerate(root: Path | None = None, *, write: bool = True) -> list[str]:
    """Rewrite every generated table (or, with ``write=False``, only compare); the
    documents that were (or would be) changed."""
    base = Path(settings.BASE_DIR) if root is None else root
    changed = []
    for path in dict.fromkeys(table.document for table in GENERATED):
        file = base / path
        original = file.read_text(encoding="utf-8")
        text = original
        for table in GENERATED:
            if table.document == path:
                text = rewritten(text, table)
        if text != original:
            changed.append(path)
            if write:
                file.write_text(text, encoding="utf-8")
    return changed
