"""Render a template to PDF with xhtml2pdf (pure Python; see docs/adr/0004)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from xhtml2pdf import pisa


def pdf_bytes(template_name: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template_name, context)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF rendering failed for {template_name}")
    return output.getvalue()


def render_pdf(template_name: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
