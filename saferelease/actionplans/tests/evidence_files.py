"""Small, real evidence files for the tests (all fictional), and near-misses of each."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from PIL import Image

from saferelease.core.tests.hostile import pdf_of_pages


def pdf() -> bytes:
    """A one-page PDF (blank: the fictional minutes are in its name)."""
    return pdf_of_pages(1)


def png(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 112, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (29, 112, 184)).save(buffer, "JPEG")
    return buffer.getvalue()


def word() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Fictional minutes of the safer custody meeting")
    document.save(buffer)
    return buffer.getvalue()


def workbook() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def executable() -> bytes:
    """The start of a Windows executable (fictional: no code in it)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels."""
    data = bytearray(png())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def workbook_with_macros() -> bytes:
    """A workbook that also carries a VBA project, as an .xlsm would."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"fictional macros")
    return buffer.getvalue()
