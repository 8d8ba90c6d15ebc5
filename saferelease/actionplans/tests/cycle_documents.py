"""Inspection reports and reviews of progress built in the tests, to the layouts of HMIP's
reports (to May 2022 and since). All text is fictional."""

from __future__ import annotations

import io

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

#: A fictional report of the Littlehey 2015 inspection (the seed plan answers it): 5.1 in the
#: same words, 5.6 reworded by the plan (the plan drops "and a named care manager"), 5.47
#: matched by text although the report numbers it 5.48, 5.99 not answered by the plan.
REPORT_2015 = """Report on an unannounced inspection of
HMP Littlehey
by HM Chief Inspector of Prisons
2–13 March 2015

Published: 31 July 2015
Safety
Fictional: violence was low. Overall, outcomes for prisoners were good against this
healthy prison test.
Respect
Overall, outcomes for prisoners were reasonably good against this healthy prison test.
Purposeful activity
Overall, outcomes for prisoners were reasonably good against this healthy prison test.
Resettlement
Overall, outcomes for prisoners were not sufficiently good against this healthy prison test.

Section 5. Summary of recommendations and good practice
The following is a listing of repeated and new recommendations.
Main recommendations To the governor
5.1 The prison should work with the provider to develop accreditation opportunities for all
vocational workshops, with a target of level 2 achievement for most learners to give them a
better chance of employment on release. (S42)
Recommendations To the governor
Self-harm and suicide
5.6 Assessment, care in custody and teamwork (ACCT) supervision should be improved by
ensuring a consistency of care manager and a named care manager, increased interaction with
prisoners and wider representation of departments at reviews. (1.21, repeated recommendation
3.32)
Page 91
Section 5. Summary of recommendations and good practice
Offender management and planning
5.48 All prisoners should have an up-to-date offender assessment (OASys) and sentence plan
that accurately reflects their risk of harm, and identifies the work to be undertaken to
address these concerns and how.
5.99 Fictional: men who maintain their innocence should be offered work to reduce their risk. (4.40)
Examples of good practice
5.100 Fictional: the peer mentoring scheme was excellent. (2.20)
Appendix I: Inspection team
"""

#: A fictional report in the form used since May 2022.
REPORT_2023 = """Report on an unannounced inspection of HMP Harlow Fen
by HM Chief Inspector of Prisons
6–17 March 2023
Healthy prison outcomes
Safety\tNot sufficiently good
Respect\t3\tReasonably good
Purposeful activity\tPoor
Rehabilitation and release planning\t2 - not sufficiently good
Summary of key concerns and recommendations
Priority concerns
1. Fictional: too many men were released without a settled address.
Recommendation: Leaders should make sure that every man has a release address
confirmed well before release.
2. Fictional: MAPPA levels were not confirmed in time.
Recommendation: MAPPA levels should be confirmed six months before release.
Key concerns
3. Fictional: OASys assessments were out of date for a third of men.
Recommendation: Assessments should be kept up to date.
Section 2. Leadership
"""

#: A fictional report with no summary list: recommendations only in its sections.
REPORT_SECTIONS = """Report on an announced inspection of HMP Fenwick
by HM Chief Inspector of Prisons
4–15 March 2019
Section 1. Safety
Recommendations
1.14 The prison should address prisoner concerns about debt.
1.15 The management of victims of bullying should be
improved.
Fictional findings follow here and are not recommendations.
Section 4. Rehabilitation and release planning
Recommendation
4.12 All prisoners should have an up-to-date OASys assessment. (repeated recommendation 4.9)
"""

#: A fictional review of progress of the Littlehey 2015 inspection.
REVIEW_2016 = """Report on an independent review of progress at
HMP Littlehey
by HM Chief Inspector of Prisons
9–11 May 2016
Inspectors: Fictional Inspector One, Fictional Inspector Two
Recommendation 5.1
The prison should work with the provider to develop accreditation opportunities.
What progress had been made?
Fictional: level 2 courses ran in every workshop.
We judged that there had been good progress against this recommendation.
Recommendation 5.47
All prisoners should have an up-to-date offender assessment (OASys).
Fictional: a third of assessments were still out of date.
We judged that there had been insufficient progress against this recommendation.
"""


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) > 1:
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    story = [
        Paragraph(line.replace("&", "&amp;").replace("\t", "  ") or "&nbsp;", style)
        for line in text.splitlines()
    ]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
