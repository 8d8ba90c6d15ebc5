from __future__ import annotations

import io

import openpyxl
import pytest

from saferelease.actionplans.evidence import MAX_EVIDENCE_BYTES, evidence_problem


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.pdf", b"%PDF-1.4 fictional"),
        ("photo.PNG", b"\x89PNG\r\n\x1a\nrest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("notes.txt", "Fictional notes – ok".encode()),
        ("tracker.xlsx", _xlsx()),
    ],
)
def test_accepted_types(name, data):
    assert evidence_problem(name, len(data), data) is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "script.exe",
            b"MZ",
            "must be a PDF, Word (.docx), Excel (.xlsx), PNG, JPG or text (.txt) file",
        ),
        ("fake.pdf", b"<html>", "is not a valid PDF"),
        ("fake.docx", _xlsx(), "is not a valid Word document"),
        ("binary.txt", b"a\x00b", "is not a valid text file"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_refused_types(name, data, message):
    problem = evidence_problem(name, len(data), data)
    assert problem is not None and message in problem


def test_size_limit_is_10_mb():
    assert evidence_problem("big.pdf", MAX_EVIDENCE_BYTES, b"%PDF") is None
    assert "smaller than 10 MB" in (evidence_problem("big.pdf", MAX_EVIDENCE_BYTES + 1, b"") or "")
