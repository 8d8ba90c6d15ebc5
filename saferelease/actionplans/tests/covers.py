"""Action-plan covers written each way the HMIP templates (2015, 2018, 2019, 2020) write them,
built as text and as Word documents. All names, dates and text are fictional."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HEADER = [
    "Ref",
    "Recommendation",
    "Agreed / Partly Agreed / Not Agreed",
    "Response",
    "Responsible owner",
    "Target date",
]
ROW = [
    "S1",
    "Fictional: leaders should act. (S1)",
    "Agreed",
    "They will.",
    "Governor",
    "March 2021",
]


@dataclass(frozen=True)
class Cover:
    """A cover's lines and what a careful reader takes from it (None: not on the cover)."""

    name: str
    lines: list[str]
    establishment: str | None
    kind: str | None
    start: str | None
    end: str | None
    published: str | None
    submitted: str | None
    warned: set[str] = field(default_factory=set)


COVERS = [
    Cover(
        "2019 template, no colons",
        [
            "Action Plan: HMP Fenwick",
            "Action Plan Submitted 05 November 2019",
            "A Response to the HMIP Inspection 23 April – 3 May 2019",
            "Report Published 20 August 2019",
        ],
        "HMP Fenwick",
        None,
        "2019-04-23",
        "2019-05-03",
        "2019-08-20",
        "2019-11-05",
        {"inspection_kind"},
    ),
    Cover(
        "2020 template, ordinals and a split visit",
        [
            "Action Plan: HMP Harlow Fen",
            "Action Plan Submitted: 26th August 2020",
            "A Response to the HMIP Inspection: 24-25th February; 2-6th March 2020",
            "Report Published: 17th June 2020",
        ],
        "HMP Harlow Fen",
        None,
        "2020-02-24",
        "2020-03-06",
        "2020-06-17",
        "2020-08-26",
        {"inspection_kind"},
    ),
    Cover(
        "ordinals split off by a PDF",
        [
            "Action Plan: HMP Harlow Fen",
            "Action Plan Submitted: 26 th August 2020",
            "A Response to the HMIP Inspection: 24-25 th February; 2-6 th March 2020",
            "Report Published: 17 th June 2020",
        ],
        "HMP Harlow Fen",
        None,
        "2020-02-24",
        "2020-03-06",
        "2020-06-17",
        "2020-08-26",
        {"inspection_kind"},
    ),
    Cover(
        "split visit in one month",
        [
            "Action Plan: HMP/YOI Brackenfield",
            "Action Plan Submitted: 21 March 2019",
            "A Response to the HMIP Inspection: 6-7, 20-23 August 2018",
            "Report Published: 10 January 2019",
        ],
        "HMP/YOI Brackenfield",
        None,
        "2018-08-06",
        "2018-08-23",
        "2019-01-10",
        "2019-03-21",
        {"inspection_kind"},
    ),
    Cover(
        "split visit across the new year",
        [
            "Action Plan: HMP Ashby Lees",
            "Action Plan Submitted 9 July 2019",
            "A Response to the HMIP Inspection 17, 18 December & 7-11 January 2019",
            "Report Published 21 May 2019",
        ],
        "HMP Ashby Lees",
        None,
        "2018-12-17",
        "2019-01-11",
        "2019-05-21",
        "2019-07-09",
        {"inspection_kind"},
    ),
    Cover(
        "2015 template run onto one line, a range without a year",
        [
            "ACTION PLAN: HMCIP REPORT",
            "ESTABLISHMENT: HMP KIRKBRIDGE TIMETABLE DATE STATUS OF THIS RETURN Full Unannounced"
            " inspection 11-22 May Report published 20 October 2015 Action Plan Submitted 18"
            " January 2016 Attached",
        ],
        "HMP KIRKBRIDGE",
        "full_unannounced",
        "2015-05-11",
        "2015-05-22",
        "2015-10-20",
        "2016-01-18",
    ),
    Cover(
        "2018 template run onto one line, no inspection dates",
        [
            "Action Plan: HMP Westgate A response to the HMCIP Inspection Report Published 19th"
            " January 2018",
            "ACTION PLAN: HMCIP REPORT",
            "ESTABLISHMENT: HMP WESTGATE",
        ],
        "HMP Westgate",
        None,
        None,
        None,
        "2018-01-19",
        None,
        {"inspection_kind", "inspection_start", "inspection_end", "action_plan_submitted"},
    ),
    Cover(
        "an inspection label with no dates, the next label on the next line",
        [
            "Action Plan: HMP Oakham Moor",
            "Action Plan Submitted 1 August 2018",
            "A Response to the HMIP Inspection",
            "Report Published 22 May 2018",
        ],
        "HMP Oakham Moor",
        None,
        None,
        None,
        "2018-05-22",
        "2018-08-01",
        {"inspection_kind", "inspection_start", "inspection_end"},
    ),
    Cover(
        "labels and values on separate lines",
        [
            "Action Plan:",
            "HMP Fenwick",
            "Action Plan Submitted",
            "05 November 2019",
            "A Response to the HMIP Inspection",
            "23 April – 3 May 2019",
            "Report Published",
            "20 August 2019",
        ],
        "HMP Fenwick",
        None,
        "2019-04-23",
        "2019-05-03",
        "2019-08-20",
        "2019-11-05",
        {"inspection_kind"},
    ),
    Cover(
        "labels and values separated by tabs",
        [
            "ESTABLISHMENT:\tHMP Tabley",
            "TIMETABLE\tDATE\tSTATUS OF THIS RETURN",
            "Full announced inspection\t4 – 15 March 2019\t",
            "Report published\t2 August 2019\t",
            "Action Plan Submitted\t1 October 2019\tAttached",
            "POSITION AS AT: OCTOBER 2019",
        ],
        "HMP Tabley",
        "full_announced",
        "2019-03-04",
        "2019-03-15",
        "2019-08-02",
        "2019-10-01",
    ),
    Cover(
        "a whole cover run onto one line with colons",
        [
            "Action Plan: HMP The Moorings Action Plan Submitted: 30 June 2020 A Response to the"
            " HMIP Inspection: 10-21 February 2020 Report Published: 03 June 2020",
        ],
        "HMP The Moorings",
        None,
        "2020-02-10",
        "2020-02-21",
        "2020-06-03",
        "2020-06-30",
        {"inspection_kind"},
    ),
    Cover(
        "a name holding a kind word",
        [
            "Action Plan: HMP Full Sutton Full unannounced inspection 1-12 July 2019 Report"
            " Published 3 October 2019",
        ],
        "HMP Full Sutton",
        "full_unannounced",
        "2019-07-01",
        "2019-07-12",
        "2019-10-03",
        None,
        {"action_plan_submitted"},
    ),
    Cover(
        "a range without a year and no other date",
        ["Establishment: HMP Kirkbridge", "Full Unannounced inspection 11-22 May"],
        "HMP Kirkbridge",
        "full_unannounced",
        None,
        None,
        None,
        None,
        {"inspection_start", "inspection_end", "report_published", "action_plan_submitted"},
    ),
    Cover(
        "a publication date without a day",
        [
            "Action Plan: HMP Fenwick",
            "A Response to the HMIP Inspection: 2-6 March 2020",
            "Report Published: June 2020",
            "Action Plan Submitted: 1 September 2020",
        ],
        "HMP Fenwick",
        None,
        "2020-03-02",
        "2020-03-06",
        None,
        "2020-09-01",
        {"inspection_kind", "report_published"},
    ),
    Cover(
        "an independent review of progress",
        [
            "Establishment: HMYOI Wexcombe",
            "Independent Review of Progress: 14-16 January 2020",
            "Report published: 1 April 2020",
            "Action plan submitted: 1 June 2020",
        ],
        "HMYOI Wexcombe",
        "independent_review_of_progress",
        "2020-01-14",
        "2020-01-16",
        "2020-04-01",
        "2020-06-01",
    ),
    Cover(
        "no establishment, a kind that does not say announced or not",
        [
            "Full inspection: 2-13 March 2015",
            "Report published: 31 July 2015",
            "Action plan submitted: 16 October 2015",
        ],
        None,
        None,
        "2015-03-02",
        "2015-03-13",
        "2015-07-31",
        "2015-10-16",
        {"establishment", "inspection_kind"},
    ),
]


def as_text(cover: Cover) -> bytes:
    """The cover above a 2019-layout table, as a tab-separated text rendering."""
    return "\n".join([*cover.lines, "", "\t".join(HEADER), "\t".join(ROW)]).encode("utf-8")


def _table(document: docx.document.Document) -> None:
    table = document.add_table(rows=0, cols=len(HEADER))
    for values in (HEADER, ROW):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_docx_paragraphs(cover: Cover) -> bytes:
    """One paragraph a line (tabs kept as tabs)."""
    document = docx.Document()
    for line in cover.lines:
        document.add_paragraph(line)
    _table(document)
    return _save(document)


def as_docx_line_breaks(cover: Cover) -> bytes:
    """The whole cover in one paragraph, its lines separated by line breaks."""
    document = docx.Document()
    run = document.add_paragraph().add_run()
    for index, line in enumerate(cover.lines):
        if index:
            run.add_break()
        run.add_text(line)
    _table(document)
    return _save(document)


def as_docx_cover_table(cover: Cover) -> bytes:
    """The cover as a table of its own, a line a row, tab-separated parts in separate cells."""
    document = docx.Document()
    parts = [line.split("\t") for line in cover.lines]
    width = max(len(cells) for cells in parts)
    table = document.add_table(rows=0, cols=width)
    for cells in parts:
        for cell, value in zip(
            table.add_row().cells, cells + [""] * (width - len(cells)), strict=True
        ):
            cell.text = value
    _table(document)
    return _save(document)


_TEXT_BOX = (
    '<w:r %s xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
    "<w:drawing><w:txbxContent>{paragraphs}</w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent>"
    "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def as_docx_text_box(cover: Cover) -> bytes:
    """The cover in a text box (with the VML copy Word writes for older readers)."""
    from xml.sax.saxutils import escape

    document = docx.Document()
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line.replace(chr(9), " "))}</w:t></w:r></w:p>'
        for line in cover.lines
    )
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(_TEXT_BOX.format(paragraphs=paragraphs) % nsdecls("w")))
    _table(document)
    return _save(document)


def as_docx_first_page_header(cover: Cover) -> bytes:
    """The cover in the first page's own header."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.paragraphs[0].text = cover.lines[0]
    for line in cover.lines[1:]:
        header.add_paragraph(line)
    _table(document)
    return _save(document)
