"""Containers (.docx, .xlsx, .pdf): checked against the limits before anything parses them.

A .docx or .xlsx file is a zip of XML files. A few kilobytes of it can decompress to
gigabytes (a "zip bomb"), or to millions of empty paragraphs or rows that take minutes and
gigabytes to parse. So, before a parser sees the file:

1. the end of central directory record gives the member count: over the limit, refused
   without reading the directory itself;
2. the central directory gives each member's declared size: added up, over the limit,
   refused without decompressing anything;
3. every member is decompressed in chunks and counted as it streams (a header can lie
   about the size: the real bytes are what is counted), and the ``<`` of each XML member
   is counted on the way (one per tag: what parsing it would cost). Over a limit, refused
   at that point, with memory bounded by one chunk.

A PDF compresses its content streams the same way, and its reader (pdfminer) decompresses
each stream whole: so every Flate stream is decompressed here first, in chunks, against
the same limit, and the page tree is walked only as far as the page limit. (A stream
under encryption, or under another filter, is not measured here: the time budget of the
parse still bounds it.)
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Final

from saferelease.core.uploads.limits import UploadLimits, UploadRefused, format_bytes

_EOCD_SIGNATURE: Final = b"PK\x05\x06"
_EOCD_SIZE: Final = 22
_MAX_COMMENT: Final = 0xFFFF
_CHUNK: Final = 1024 * 1024
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")


_PDF_STREAM_RE: Final = re.compile(rb"(?<![A-Za-z])stream\r?\n")
_PDF_END_STREAM: Final = b"endstream"


class Unreadable(ValueError):
    """The file is not a readable container of its kind (damaged, encrypted, truncated)."""


@dataclass(frozen=True, slots=True)
class ZipContents:
    """What a zip container holds, once it has passed the checks."""

    names: frozenset[str]
    uncompressed_bytes: int
    xml_tags: int


def _declared_member_count(data: bytes) -> int | None:
    """The member count in the end of central directory record (``None``: no record, so
    not a zip file). A zip64 archive says 0xFFFF here: at least that many, as far as the
    limits go."""
    tail_start = max(0, len(data) - _EOCD_SIZE - _MAX_COMMENT)
    position = data.rfind(_EOCD_SIGNATURE, tail_start)
    if position < 0 or position + _EOCD_SIZE > len(data):
        return None
    (_, _, _, _, total, _, _, _) = struct.unpack("<4s4H2LH", data[position : position + _EOCD_SIZE])
    return int(total)


def _refused(limits: UploadLimits, detail: str) -> UploadRefused:
    return UploadRefused(
        f"The file is too large or too complex to read: {detail}, the limit for {limits.what}"
    )


def _larger_than(limits: UploadLimits) -> UploadRefused:
    return _refused(
        limits, f"its content is larger than {format_bytes(limits.max_uncompressed_bytes)} unzipped"
    )


def inspect_zip(data: bytes, limits: UploadLimits) -> ZipContents:
    """Check the zip container ``data`` against ``limits``, decompressing every member in
    chunks without keeping it.

    Raises ``UploadRefused`` naming the limit exceeded, or ``Unreadable`` when the file is
    not a readable zip container (damaged, encrypted, or with a member whose content does
    not match its checksum).
    """
    count = _declared_member_count(data)
    if count is None:
        raise Unreadable("it is not a zip file")
    if count > limits.max_members:
        raise _refused(limits, f"it holds more than {limits.max_members:,} files")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as error:
        raise Unreadable(str(error)) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise _refused(limits, f"it holds more than {limits.max_members:,} files")
        cap = limits.max_uncompressed_bytes
        if sum(member.file_size for member in members) > cap:
            raise _larger_than(limits)
        total = tags = 0
        for member in members:
            is_xml = member.filename.lower().endswith(_XML_SUFFIXES)
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > cap:
                            raise _larger_than(limits)
                        if is_xml:
                            tags += chunk.count(b"<")
                            if tags > limits.max_xml_tags:
                                raise _refused(
                                    limits,
                                    f"it holds more than {limits.max_xml_tags:,} XML tags "
                                    "(paragraphs, rows, cells, formatting)",
                                )
            except (
                zipfile.BadZipFile,
                RuntimeError,
                NotImplementedError,
                OSError,
                EOFError,
                zlib.error,
            ) as error:
                # Encrypted members, unsupported compression, truncated data, bad checksums.
                raise Unreadable(str(error)) from None
        return ZipContents(frozenset(archive.namelist()), total, tags)


def _flate_stream_bytes(data: bytes, limits: UploadLimits) -> int:
    """Every Flate stream of a PDF decompressed in chunks and counted, against the limit.
    Streams that are not Flate data (images, encrypted streams) are passed over."""
    cap = limits.max_uncompressed_bytes
    view = memoryview(data)
    total = position = 0
    while match := _PDF_STREAM_RE.search(data, position):
        start = match.end()
        end = data.find(_PDF_END_STREAM, start)
        position = end if end >= 0 else len(data)
        decompressor = zlib.decompressobj()
        pending: bytes | memoryview = view[start:position]
        try:
            while pending:
                total += len(decompressor.decompress(pending, _CHUNK))
                if total > cap:
                    raise _larger_than(limits)
                pending = decompressor.unconsumed_tail
        except zlib.error:
            continue
    return total


def inspect_pdf(data: bytes, limits: UploadLimits) -> int:
    """Check the PDF ``data`` against ``limits``; its page count.

    Raises ``UploadRefused`` naming the limit exceeded (decompressed content, pages), or
    ``Unreadable`` when it is not a readable PDF.
    """
    if not data.lstrip()[:5] == b"%PDF-":
        raise Unreadable("it does not start as a PDF does")
    _flate_stream_bytes(data, limits)
    from pdfminer.pdfpage import PDFPage

    try:
        pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(data), maxpages=limits.max_pages + 1))
    except Exception as error:  # pdfminer raises many kinds: any is an unreadable PDF
        raise Unreadable(str(error) or type(error).__name__) from None
    if pages > limits.max_pages:
        raise _refused(limits, f"it has more than {limits.max_pages:,} pages")
    if pages == 0:
        raise Unreadable("it has no pages")
    return pages
