"""The upload kit: limits, reading, containers, the time budget, decoding and staging."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from saferelease.core.api import PayloadTooLarge, refuse_large_body, upload_error
from saferelease.core.tests import hostile
from saferelease.core.uploads import (
    DEFAULT_LIMITS,
    MB,
    ParseBudget,
    StagingArea,
    Unreadable,
    UploadLimits,
    UploadRefused,
    decode_text,
    format_bytes,
    inspect_pdf,
    inspect_zip,
    limits_for,
    read_path,
    read_upload,
)
from saferelease.core.uploads.forms import BoundedFileField, UploadedContent

PLAN = DEFAULT_LIMITS["action_plan"]
NOW = dt.datetime(2026, 3, 16, 12, 0, tzinfo=dt.UTC)


def small(**changes: object) -> UploadLimits:
    return dataclasses.replace(PLAN, **changes)  # type: ignore[arg-type]


# --- limits -------------------------------------------------------------------------------


def test_every_kind_has_defaults_and_the_settings_override_them(settings):
    assert limits_for("prisoner_file").max_bytes == 50 * MB
    assert limits_for("action_plan").max_bytes == 20 * MB
    assert limits_for("evidence").max_bytes == 10 * MB
    settings.SAFERELEASE_UPLOAD_LIMITS = {"action_plan": {"max_bytes": MB, "max_rows": 9}}
    limits = limits_for("action_plan")
    assert (limits.max_bytes, limits.max_rows) == (MB, 9)
    assert limits.max_members == PLAN.max_members
    assert limits_for("evidence").max_bytes == 10 * MB


@pytest.mark.parametrize(
    ("count", "text"),
    [(50 * MB, "50 MB"), (MB + MB // 2, "1.5 MB"), (512 * 1024, "512 KB"), (900, "900 bytes")],
)
def test_limits_are_written_as_people_read_them(count, text):
    assert format_bytes(count) == text


def test_too_large_names_the_limit_and_the_kind():
    error = DEFAULT_LIMITS["prisoner_file"].too_large()
    assert error.too_large
    assert error.message == "The file must be smaller than 50 MB (the limit for a prisoner file)"


# --- reading ------------------------------------------------------------------------------


def test_an_upload_within_the_limit_is_read_and_a_larger_one_is_not():
    limits = small(max_bytes=10)
    assert read_upload(SimpleUploadedFile("a.csv", b"0123456789"), limits) == b"0123456789"
    with pytest.raises(UploadRefused) as refused:
        read_upload(SimpleUploadedFile("a.csv", b"0123456789!"), limits)
    assert refused.value.too_large


class _LyingUpload(io.BytesIO):
    """An upload whose reported size is smaller than its content."""

    size = 1


def test_an_upload_that_reports_a_wrong_size_is_still_read_only_to_the_limit():
    with pytest.raises(UploadRefused):
        read_upload(_LyingUpload(b"x" * 11), small(max_bytes=10))


def test_a_path_is_read_within_the_limit(tmp_path: Path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"x" * 11)
    assert read_path(path, small(max_bytes=11)) == b"x" * 11
    with pytest.raises(UploadRefused, match="smaller than 10 bytes"):
        read_path(path, small(max_bytes=10))
    with pytest.raises(OSError):
        read_path(tmp_path / "missing.txt", PLAN)

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("opened")

    monkeypatch.setattr(Path, "open", must_not_open)  # refused from its size alone
    with pytest.raises(UploadRefused, match="smaller than 10 bytes"):
        read_path(path, small(max_bytes=10))


def test_the_form_field_gives_the_content_or_an_error_naming_the_limit(settings):
    settings.SAFERELEASE_UPLOAD_LIMITS = {"prisoner_file": {"max_bytes": 4}}
    field = BoundedFileField(kind="prisoner_file")
    assert field.clean(SimpleUploadedFile("p.csv", b"abcd")) == UploadedContent("p.csv", b"abcd")
    with pytest.raises(forms.ValidationError, match="smaller than 4 bytes"):
        field.clean(SimpleUploadedFile("p.csv", b"abcde"))
    assert BoundedFileField(kind="prisoner_file", required=False).clean(None) is None


def test_an_api_answers_413_for_a_file_too_large_and_400_for_other_refusals():
    too_large = upload_error(PLAN.too_large())
    assert isinstance(too_large, PayloadTooLarge)
    assert too_large.status_code == 413
    other = upload_error(UploadRefused("The file is not a text file"))
    assert isinstance(other, exceptions.ValidationError)
    assert other.detail == {"file": ["The file is not a text file"]}


def test_a_body_declaring_more_than_the_limit_is_refused_before_it_is_parsed():
    factory = APIRequestFactory()
    limits = small(max_bytes=1000)
    allowed = 1000 + 64 * 1024
    within = factory.post("/", data=b"x" * allowed, content_type="application/octet-stream")
    refuse_large_body(Request(within), limits)
    assert within.read(10) == b"x" * 10  # left for the parser
    for size, drained in ((allowed + 1, True), (2 * allowed, True), (2 * allowed + 1, False)):
        request = factory.post("/", data=b"x" * size, content_type="application/octet-stream")
        with pytest.raises(PayloadTooLarge):
            refuse_large_body(Request(request), limits)
        # Read and thrown away, so that the client gets the 413, unless far too large.
        assert (request.read(10) == b"") is drained
    odd = factory.post("/", data=b"x", content_type="application/octet-stream")
    odd.META["CONTENT_LENGTH"] = "not a number"
    refuse_large_body(Request(odd), limits)


# --- the time budget ----------------------------------------------------------------------


def test_the_budget_runs_out_after_its_seconds():
    now = [100.0]
    budget = ParseBudget(small(seconds=30), timer=lambda: now[0])
    now[0] = 130.0
    budget.check()
    now[0] = 130.5
    with pytest.raises(UploadRefused, match="longer than 30 seconds to read, the limit for an"):
        budget.check()


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Brontë".encode(),
        "\ufeffBrontë".encode(),
        "Brontë".encode("utf-16"),
        "Brontë".encode("cp1252"),
    ],
)
def test_text_is_decoded_from_the_encodings_excel_saves(data):
    assert decode_text(data) == "Brontë"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a\x00b", "not a text file"),
        ("a\x00b".encode("utf-16"), "not a text file"),
        (b"\xff\xfe\x00\xd8", "not readable UTF-16"),
        (b"\x81\x8d", "not UTF-8 or Windows-1252 text"),
    ],
)
def test_binary_or_undecodable_text_is_refused(data, message):
    with pytest.raises(UploadRefused, match=message):
        decode_text(data)


# --- zip containers -----------------------------------------------------------------------


def test_a_small_office_file_passes_and_its_members_are_listed():
    contents = inspect_zip(hostile.docx_of_empty_paragraphs(10), PLAN)
    assert "word/document.xml" in contents.names
    assert contents.xml_tags > 10


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_for_its_xml_tags():
    data = hostile.docx_of_empty_paragraphs(3_500_000)
    assert len(data) < 100 * 1024  # tens of kilobytes, 21 MB of XML
    with pytest.raises(UploadRefused) as refused:
        inspect_zip(data, PLAN)
    assert refused.value.message == (
        "The file is too large or too complex to read: it holds more than 500,000 XML tags "
        "(paragraphs, rows, cells, formatting), the limit for an action plan"
    )


def test_a_zip_of_many_members_is_refused_from_its_end_record():
    with pytest.raises(UploadRefused, match="more than 500 files, the limit for an action plan"):
        inspect_zip(hostile.zip_of_members(10_000), PLAN)


def test_a_zip_declaring_more_than_the_limit_unzipped_is_refused_before_decompressing():
    data = hostile.docx_of_empty_paragraphs(200_000)
    with pytest.raises(UploadRefused, match="larger than 1 MB unzipped"):
        inspect_zip(data, small(max_uncompressed_bytes=MB))


def test_a_header_that_lies_about_a_members_size_is_caught_as_it_streams():
    data = hostile.zip_with_lying_size(real_bytes=50 * MB, declared_bytes=1000)
    assert len(data) < 100 * 1024
    with pytest.raises(Unreadable, match="CRC"):
        inspect_zip(data, PLAN)


def test_the_real_bytes_are_counted_even_when_the_declared_ones_are_within_the_limit():
    data = hostile.zip_with_lying_size(real_bytes=3 * MB, declared_bytes=3 * MB - 1)
    with pytest.raises(UploadRefused, match="larger than 2 MB unzipped"):
        inspect_zip(data, small(max_uncompressed_bytes=2 * MB, max_xml_tags=10**9))


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", os.urandom(300), b""])
def test_a_file_that_is_not_a_zip_is_unreadable(data):
    with pytest.raises(Unreadable):
        inspect_zip(data, PLAN)


def test_an_encrypted_member_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" flag in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 1
    with pytest.raises(Unreadable):
        inspect_zip(bytes(data), PLAN)


# --- PDF ----------------------------------------------------------------------------------


def test_a_pdf_within_the_limits_gives_its_pages():
    assert inspect_pdf(hostile.pdf_of_pages(3), PLAN) == 3


def test_a_pdf_whose_stream_inflates_past_the_limit_is_refused():
    data = hostile.pdf_with_stream_of(60 * MB)
    assert len(data) < MB
    with pytest.raises(UploadRefused, match="larger than 50 MB unzipped, the limit for an"):
        inspect_pdf(data, PLAN)


def test_a_pdf_of_too_many_pages_is_refused():
    with pytest.raises(UploadRefused, match="more than 200 pages, the limit for an action plan"):
        inspect_pdf(hostile.pdf_of_pages(201), PLAN)
    assert inspect_pdf(hostile.pdf_of_pages(200), PLAN) == 200


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage", b"not a pdf at all"])
def test_a_broken_pdf_is_unreadable(data):
    with pytest.raises(Unreadable):
        inspect_pdf(data, PLAN)


# --- staging ------------------------------------------------------------------------------


def test_a_staged_file_is_read_back_only_with_its_checksum(media_root):
    area = StagingArea("kit-test", suffix=".csv")
    staged = area.stage(b"a,b\n", now=NOW, summary={"rows": 1})
    path = media_root / "kit-test" / f"{staged.token}.csv"
    assert path.read_bytes() == b"a,b\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert area.read(staged.token, staged.sha256) == b"a,b\n"
    assert area.read(staged.token, "0" * 64) is None
    assert area.summary(staged.token) == {"rows": 1}
    area.discard(staged.token)
    assert area.read(staged.token, staged.sha256) is None
    assert area.summary(staged.token) is None
    assert not list((media_root / "kit-test").iterdir())


@pytest.mark.parametrize("token", ["../../etc/passwd", "", "A" * 32, "0" * 31])
def test_a_token_that_is_not_one_of_ours_reads_nothing(media_root, token):
    area = StagingArea("kit-test", suffix=".csv")
    assert area.read(token, "") is None
    assert area.summary(token) is None
    area.discard(token)


def test_files_older_than_the_lifetime_are_swept_when_another_is_staged(media_root):
    area = StagingArea("kit-test", suffix=".upload")
    old = area.stage(b"old", now=NOW, summary={})
    stamp = (NOW - dt.timedelta(days=1, minutes=1)).timestamp()
    for path in (media_root / "kit-test").iterdir():
        os.utime(path, (stamp, stamp))
    recent = area.stage(b"new", now=NOW)
    assert area.read(old.token, old.sha256) is None
    assert area.read(recent.token, recent.sha256) == b"new"
    assert len(list((media_root / "kit-test").iterdir())) == 1
