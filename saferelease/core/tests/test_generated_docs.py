"""The generated tables in docs/ and the `saferelease docs` command that rewrites them."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from saferelease.core.generated_docs import GENERATED, MarkersMissing, regenerate, rewritten


def _copy_docs(tmp_path: Path) -> Path:
    for path in {table.document for table in GENERATED}:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(settings.BASE_DIR) / path, tmp_path / path)
    return tmp_path


def test_every_generated_table_in_the_docs_is_up_to_date():
    assert regenerate(write=False) == []


def test_a_stale_table_is_rewritten_and_nothing_else_changes(tmp_path):
    root = _copy_docs(tmp_path)
    table = GENERATED[-1]
    path = root / table.document
    current = path.read_text(encoding="utf-8")
    path.write_text(current.replace(table.begin, table.begin + "| stale |\n"), encoding="utf-8")

    assert regenerate(root, write=False) == [table.document]
    assert "| stale |" in path.read_text(encoding="utf-8")
    assert regenerate(root) == [table.document]
    assert path.read_text(encoding="utf-8") == current
    assert regenerate(root) == []


def test_missing_markers_are_an_error():
    with pytest.raises(MarkersMissing, match="BEGIN GENERATED"):
        rewritten("# A document without markers\n", GENERATED[0])


def test_the_command_checks_without_writing():
    out = StringIO()
    call_command("docs", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_the_command_reports_a_stale_document(tmp_path, settings):
    root = _copy_docs(tmp_path)
    table = GENERATED[0]
    path = root / table.document
    path.write_text(
        path.read_text(encoding="utf-8").replace(table.begin, table.begin + "| stale |\n"),
        encoding="utf-8",
    )
    settings.BASE_DIR = root
    with pytest.raises(CommandError, match=r"Out of date: docs/deadline-rules\.md"):
        call_command("docs", "--check")
    out = StringIO()
    call_command("docs", stdout=out)
    assert "rewrote docs/deadline-rules.md" in out.getvalue()
    assert "| stale |" not in path.read_text(encoding="utf-8")
