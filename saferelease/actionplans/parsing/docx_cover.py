"""Cover text a Word document keeps outside its body paragraphs: text boxes and page headers.

HMPPS cover pages often place "Action Plan: HMP Example" and the dates in a text box or in the
first page's header; python-docx's paragraphs do not include either.  Text boxes are read where
they are anchored, once each (Word stores a DrawingML text box and a VML copy of it for older
readers; the copy, inside ``mc:Fallback``, is skipped).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_TEXT, _TAB, _BREAKS = qn("w:t"), qn("w:tab"), {qn("w:br"), qn("w:cr")}


def _text(paragraph: Any) -> str:
    """A paragraph element's text: its runs' text, tabs and line breaks (not the tab stops of
    its properties)."""
    parts: list[str] = []
    for node in (child for run in paragraph.iter(qn("w:r")) for child in run):
        if node.tag == _TEXT:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag in _BREAKS:
            parts.append("\n")
    return "".join(parts)


def text_box_lines(element: Any) -> list[str]:
    """The paragraphs of the text boxes anchored in a body paragraph (or table), in order."""
    lines: list[str] = []
    for box in element.iter(qn("w:txbxContent")):
        if any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
            continue
        lines.extend(_text(paragraph) for paragraph in box.iter(qn("w:p")))
    return [line for line in lines if line.strip()]


def header_lines(document: Any) -> list[str]:
    """The first section's page headers (the first page's own header first), paragraphs and
    table cells, without repeats."""
    if not document.sections:
        return []
    section = document.sections[0]
    headers = [section.first_page_header] if section.different_first_page_header_footer else []
    headers.append(section.header)
    lines: list[str] = []
    for header in headers:
        if header.is_linked_to_previous:
            continue
        element = header._element
        for paragraph in element.iter(qn("w:p")):
            text = _text(paragraph)
            if text.strip() and text not in lines:
                lines.append(text)
    return lines
