"""Hostile files are refused with a message naming the limit, before or while they are read."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from saferelease.actionplans.parsing import ParseError, parse_action_plan
from saferelease.actionplans.tests.documents import SEED, flat_xlsx
from saferelease.core.tests import hostile
from saferelease.core.uploads import DEFAULT_LIMITS, MB

PLAN = DEFAULT_LIMITS["action_plan"]


def refused(data: bytes, name: str, **limits: object) -> str:
    chosen = dataclasses.replace(PLAN, **limits) if limits else None  # type: ignore[arg-type]
    with pytest.raises(ParseError) as caught:
        parse_action_plan(data, name, limits=chosen)
    return str(caught.value)


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_before_word_parses_it(monkeypatch):
    import docx

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx was called")

    monkeypatch.setattr(docx, "Document", must_not_parse)
    message = refused(hostile.docx_of_empty_paragraphs(3_500_000), "plan.docx")
    assert message == (
        "the file is too large or too complex to read: it holds more than 500,000 XML tags "
        "(paragraphs, rows, cells, formatting), the limit for an action plan"
    )


def test_a_docx_within_the_tags_is_stopped_at_the_row_limit():
    message = refused(hostile.docx_of_empty_paragraphs(2_000), "plan.docx", max_rows=1000)
    assert message == "the file has more than 1,000 rows, the limit for an action plan"


def test_a_million_row_workbook_is_refused_before_it_is_parsed():
    data = hostile.xlsx_of_rows(1_000_000)
    assert "larger than 50 MB unzipped, the limit for an action plan" in refused(data, "p.xlsx")


def test_a_workbook_is_read_row_by_row_and_stopped_at_the_row_limit():
    message = refused(hostile.xlsx_of_rows(2_000), "plan.xlsx", max_rows=1000)
    assert message == "the file has more than 1,000 rows, the limit for an action plan"


def test_a_workbook_claiming_the_whole_grid_is_read_as_the_cells_it_has():
    data = flat_xlsx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = content.index(b"<dimension ref=")
                end = content.index(b"/>", start) + 2
                content = content[:start] + b'<dimension ref="A1:XFD1048576"/>' + content[end:]
                assert b"XFD1048576" in content
            target.writestr(info, content)
    assert parse_action_plan(buffer.getvalue(), "plan.xlsx") == parse_action_plan(data, "p.xlsx")


def test_a_zip_of_many_members_is_refused():
    message = refused(hostile.zip_of_members(10_000), "plan.docx")
    assert "it holds more than 500 files, the limit for an action plan" in message


def test_a_zip_whose_header_lies_about_a_size_is_not_a_readable_document():
    data = hostile.zip_with_lying_size(real_bytes=50 * MB, declared_bytes=1000)
    assert "not a readable Word (.docx) document" in refused(data, "plan.docx")


def test_a_pdf_bomb_and_a_pdf_of_too_many_pages_are_refused():
    assert "larger than 50 MB unzipped" in refused(hostile.pdf_with_stream_of(60 * MB), "p.pdf")
    assert "more than 200 pages" in refused(hostile.pdf_of_pages(201), "plan.pdf")


def test_text_and_csv_are_stopped_at_the_row_limit():
    lines = b"\n".join(b"line\tof\ttext" for _ in range(20_001))
    assert "more than 20,000 rows" in refused(lines, "plan.txt")
    rows = b"\n".join(b"a,b,c" for _ in range(20_001))
    assert "more than 20,000 rows" in refused(rows, "plan.csv")


def test_a_row_of_too_many_values_is_refused():
    line = "\t".join(["x"] * 201).encode()
    assert refused(line, "plan.txt") == (
        "row 1 has more than 200 values, the limit for an action plan"
    )


def test_a_file_over_the_size_limit_is_refused_before_anything_else():
    message = refused(SEED, "plan.txt", max_bytes=1000)
    assert message == "the file must be smaller than 1,000 bytes (the limit for an action plan)"


def test_a_parse_out_of_time_is_refused():
    message = refused(SEED, "plan.txt", seconds=-1)
    assert message == (
        "the file took longer than -1 seconds to read, the limit for an action plan: it is "
        "too large or too complex"
    )


def test_the_seed_is_well_within_every_limit():
    assert len(parse_action_plan(SEED, "plan.txt").items) == 64


def test_inspection_reports_and_reviews_are_read_within_their_own_limits():
    from saferelease.actionplans.parsing.report import parse_inspection_report
    from saferelease.actionplans.parsing.review import parse_review_of_progress

    bomb = hostile.docx_of_empty_paragraphs(3_500_000)
    for parse in (parse_inspection_report, parse_review_of_progress):
        with pytest.raises(ParseError) as caught:
            parse(bomb, "report.docx")
        assert str(caught.value) == (
            "the file is too large or too complex to read: it holds more than 1,500,000 XML "
            "tags (paragraphs, rows, cells, formatting), the limit for an inspection report"
        )
    lines = b"\n".join(b"a line of the report" for _ in range(100_001))
    with pytest.raises(ParseError, match="more than 100,000 rows, the limit for an inspection"):
        parse_inspection_report(lines, "report.txt")
