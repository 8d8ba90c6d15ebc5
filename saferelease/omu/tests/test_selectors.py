"""COM report requests read through the scoping selector; overdue ones for the digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from saferelease.establishments.models import Establishment
from saferelease.omu import selectors
from saferelease.omu.rules import ReportStatus
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 10)


def test_rows_are_scoped_and_ordered_overdue_first(littlehey_pom, make_user) -> None:
    here = make_prisoner(prison_number="A1111AA")
    elsewhere = make_prisoner(
        prison_number="B2222BB", establishment=Establishment.objects.get(code="SFI")
    )
    awaited = make_com_report(here, due_on=dt.date(2026, 11, 20))
    overdue_a_little = make_com_report(here, due_on=dt.date(2026, 11, 8))
    overdue_more = make_com_report(here, due_on=dt.date(2026, 11, 1))
    received = make_com_report(here, due_on=dt.date(2026, 11, 5), received_on=dt.date(2026, 11, 4))
    hidden = make_com_report(elsewhere)
    rows = selectors.com_report_rows(littlehey_pom, as_of=AS_OF)
    assert [r.request for r in rows] == [overdue_more, overdue_a_little, awaited, received]
    assert [r.days_overdue for r in rows] == [9, 2, 0, 0]
    assert rows[3].status == ReportStatus.RECEIVED_ON_TIME
    overdue = selectors.com_report_rows(littlehey_pom, as_of=AS_OF, status="overdue")
    assert [r.request for r in overdue] == [overdue_more, overdue_a_little]
    with pytest.raises(Http404):
        selectors.com_report_get(littlehey_pom, hidden.pk)
    inspector = make_user("inspector", ())
    assert selectors.com_report_rows(inspector, as_of=AS_OF) == []


def test_overdue_for_a_pom_leaves_out_released_men_and_other_poms(littlehey_pom, make_user):
    other = make_user("caseworker", ("LTI",), username="pom.other")
    mine = make_prisoner(prison_number="A1111AA", pom=littlehey_pom)
    released = make_prisoner(
        prison_number="A2222AA", pom=littlehey_pom, released_on=dt.date(2026, 11, 2)
    )
    transferred = make_prisoner(
        prison_number="A4444AA", pom=littlehey_pom, transferred_out_on=dt.date(2026, 11, 2)
    )
    theirs = make_prisoner(prison_number="A3333AA", pom=other)
    late = make_com_report(mine)
    make_com_report(released)
    make_com_report(transferred)
    make_com_report(theirs)
    rows = selectors.overdue_com_reports(as_of=AS_OF, pom=littlehey_pom)
    assert [r.request for r in rows] == [late]
    assert rows[0].days_overdue == 9


def test_reports_on_time_by_pdu(littlehey_pom) -> None:
    prisoner = make_prisoner(prison_number="A1111AA")
    elsewhere = make_prisoner(
        prison_number="B2222BB", establishment=Establishment.objects.get(code="SFI")
    )
    norfolk = "Norfolk PDU"
    make_com_report(
        prisoner, pdu=norfolk, due_on=dt.date(2026, 10, 1), received_on=dt.date(2026, 10, 1)
    )
    make_com_report(
        prisoner, pdu=norfolk, due_on=dt.date(2026, 10, 2), received_on=dt.date(2026, 10, 9)
    )
    make_com_report(prisoner, pdu=norfolk, due_on=dt.date(2026, 11, 1))
    make_com_report(prisoner, pdu="", due_on=dt.date(2026, 10, 5), received_on=dt.date(2026, 10, 5))
    make_com_report(
        prisoner, pdu=norfolk, requested_on=dt.date(2025, 9, 1), due_on=dt.date(2025, 9, 30)
    )  # due before the period
    make_com_report(elsewhere, pdu=norfolk, due_on=dt.date(2026, 10, 1))
    lti = Establishment.objects.filter(code="LTI").values("id")
    figures = selectors.com_reports_on_time_by_pdu(
        establishment_ids=lti, start=dt.date(2025, 11, 11), end=AS_OF, as_of=AS_OF
    )
    assert [(f.pdu, f.due, f.on_time, f.late, f.outstanding) for f in figures] == [
        ("Norfolk PDU", 3, 1, 1, 1),
        ("Not recorded", 1, 1, 0, 0),
        ("All units", 4, 2, 1, 1),
    ]
    assert figures[-1].on_time_share == 0.5
