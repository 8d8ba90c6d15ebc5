from __future__ import annotations

import io

import openpyxl
import pytest

from saferelease.actionplans.evidence import MAX_EVIDENCE_BYTES, evidence_problem
from saferelease.actionplans.tests import evidence_files
from saferelease.core.tests import hostile
from saferelease.core.uploads import MB


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.pdf", evidence_files.pdf()),
        ("photo.PNG", evidence_files.png()),
        ("photo.jpg", evidence_files.jpeg()),
        ("minutes.docx", evidence_files.word()),
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
    assert evidence_problem("big.pdf", MAX_EVIDENCE_BYTES, evidence_files.pdf()) is None
    assert "smaller than 10 MB" in (evidence_problem("big.pdf", MAX_EVIDENCE_BYTES + 1, b"") or "")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "minutes.pdf",
            b"%PDF-1.4\n" + evidence_files.executable(),
            "minutes.pdf is not a valid PDF: it cannot be opened",
        ),
        (
            "minutes.pdf",
            evidence_files.executable(),
            "minutes.pdf is not a valid PDF: its content is application/x-msdownload",
        ),
        (
            "notes.txt",
            b"MZ" + b"x" * 100,
            "notes.txt is not a valid text file: its content is application/x-msdownload",
        ),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n" + evidence_files.executable(),
            "photo.png is not a valid PNG image: it cannot be decoded",
        ),
        (
            "photo.png",
            evidence_files.png()[:-20],
            "photo.png is not a valid PNG image: it cannot be decoded",
        ),
        (
            "photo.jpg",
            evidence_files.png(),
            "photo.jpg is not a valid JPEG image: its content is image/png",
        ),
        (
            "minutes.docx",
            b"PK\x03\x04" + evidence_files.executable(),
            "minutes.docx is not a valid Word document: its content is",
        ),
        (
            "tracker.xlsx",
            evidence_files.workbook_with_macros(),
            "tracker.xlsx is not a valid Excel workbook: it contains macros",
        ),
        ("notes.txt", "Brontë".encode("cp1252"), "notes.txt is not a valid text file: it is not"),
    ],
)
def test_content_is_checked_by_type_and_structure_not_first_bytes(name, data, message):
    problem = evidence_problem(name, len(data), data)
    assert problem is not None and problem.startswith(message), problem


def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded():
    data = evidence_files.png_claiming(6000, 5000)
    assert evidence_problem("photo.png", len(data), data) == (
        "photo.png: The image is too large to open: it has more than 25,000,000 pixels, the "
        "limit for an evidence file"
    )


def test_a_pdf_bomb_is_refused_as_evidence():
    data = hostile.pdf_with_stream_of(101 * MB)
    problem = evidence_problem("minutes.pdf", len(data), data) or ""
    assert "larger than 100 MB unzipped, the limit for an evidence file" in problem
