"""Hostile files for the upload tests and the upload measurements, built on the fly.

Each is small as sent and costly to parse: a .docx of millions of empty paragraphs, an
.xlsx of a million rows, a zip of many members, a zip whose header lies about a member's
size, a PDF whose one stream inflates to hundreds of megabytes, and a CSV over the size
limit. Written in chunks, so building one costs little memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

_CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_CHUNK = 1 << 20


def _write_member(archive: zipfile.ZipFile, name: str, parts: Iterator[bytes]) -> None:
    with archive.open(name, "w") as member:
        buffered = bytearray()
        for part in parts:
            buffered += part
            if len(buffered) >= _CHUNK:
                member.write(buffered)
                buffered.clear()
        member.write(buffered)


def _zip(members: dict[str, Iterator[bytes] | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in members.items():
            if isinstance(content, str):
                archive.writestr(name, content)
            else:
                _write_member(archive, name, content)
    return buffer.getvalue()


def docx_of_empty_paragraphs(paragraphs: int) -> bytes:
    """A Word document whose body is ``paragraphs`` empty paragraphs (3,500,000 are about
    21 MB of XML in about 60 KB)."""

    def body() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            b'main"><w:body>'
        )
        block = b"<w:p/>" * 10_000
        for _ in range(paragraphs // 10_000):
            yield block
        yield b"<w:p/>" * (paragraphs % 10_000)
        yield b"</w:body></w:document>"

    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES_DOCX,
            "_rels/.rels": _RELS_DOCX,
            "word/document.xml": body(),
        }
    )


def xlsx_of_rows(rows: int) -> bytes:
    """A workbook whose one sheet has ``rows`` rows of one short text cell each."""

    def sheet() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>"
        )
        for number in range(1, rows + 1):
            yield b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (
                number,
                number,
            )
        yield b"</sheetData></worksheet>"

    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES_XLSX,
            "_rels/.rels": _RELS_XLSX,
            "xl/workbook.xml": _WORKBOOK,
            "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": sheet(),
        }
    )


def zip_of_members(count: int) -> bytes:
    """A zip of ``count`` empty members, stored as a .docx would be."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(count - 1):
            archive.writestr(f"word/media/{number}.bin", b"")
    return buffer.getvalue()


def zip_with_lying_size(real_bytes: int, declared_bytes: int) -> bytes:
    """A .docx-named zip whose one member holds ``real_bytes`` of zeros but whose headers
    (local and central) declare ``declared_bytes``."""
    data = _zip({"word/document.xml": iter([b"\0" * real_bytes])})
    real = struct.pack("<L", real_bytes)
    declared = struct.pack("<L", declared_bytes)
    # The uncompressed size sits 22 bytes into a local header and 24 into a central one.
    patched = bytearray(data)
    local = patched.find(b"PK\x03\x04")
    central = patched.find(b"PK\x01\x02")
    assert patched[local + 22 : local + 26] == real
    assert patched[central + 24 : central + 28] == real
    patched[local + 22 : local + 26] = declared
    patched[central + 24 : central + 28] = declared
    return bytes(patched)


def pdf_with_stream_of(inflated_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated_bytes`` of spaces."""
    compressor = zlib.compressobj(6)
    parts = [compressor.compress(b" " * _CHUNK) for _ in range(inflated_bytes // _CHUNK)]
    stream = b"".join(parts) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def pdf_of_pages(pages: int) -> bytes:
    """A PDF of ``pages`` blank pages."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        *(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" for _ in range(pages)),
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def prisoner_csv_of_size(size: int) -> bytes:
    """A prisoner file at least ``size`` bytes long: one row, again and again."""
    header = (
        b"prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
        b"sentence_type\n"
    )
    line = b"A1234BC,John,Smith,1980-02-01,LTI,2024-01-10,remand\n"
    return header + line * (size // len(line) + 1)
