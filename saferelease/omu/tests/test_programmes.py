"""Programmes, waiting lists by ERD, need unmet at release; engagement offers for men
maintaining innocence (recommendation 5.57)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.audit.models import AuditEntry
from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.omu import selectors, services
from saferelease.omu.models import EngagementOffer, Programme, ProgrammeNeed
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 12, 4)


def test_waiting_list_by_erd_and_men_released_before_they_start(make_user) -> None:
    head = make_user("omu_manager", ("LTI",))
    lti = Establishment.objects.get(code="LTI")
    programme = services.programme_create(
        actor=head, establishment=lti, name="Healthy Sex Programme", places_per_year=3
    )
    # Places every 121.67 days: starts at 0, 121, 243 days from as_of.
    late = make_prisoner(prison_number="A0003PP", crd=AS_OF + dt.timedelta(days=900))
    soon = make_prisoner(prison_number="A0001PP", crd=AS_OF + dt.timedelta(days=30))
    middle = make_prisoner(prison_number="A0002PP", crd=AS_OF + dt.timedelta(days=200))
    nodate = make_prisoner(prison_number="A0004PP", crd=None)
    for man in (late, soon, middle, nodate):
        services.programme_need_record(
            actor=head, programme=programme, prisoner=man, assessed_on=AS_OF, today=AS_OF
        )
    [board] = selectors.programme_boards(lti, as_of=AS_OF)
    assert [m.need.prisoner for m in board.waiting] == [soon, middle, late, nodate]
    assert [m.expected_start for m in board.waiting] == [
        AS_OF,
        AS_OF + dt.timedelta(days=121),
        AS_OF + dt.timedelta(days=243),
        AS_OF + dt.timedelta(days=365),
    ]
    assert [m.unmet for m in board.waiting] == [False, False, False, False]
    services.programme_start_record(
        actor=head, need=ProgrammeNeed.objects.get(prisoner=soon), started_on=AS_OF, today=AS_OF
    )
    third = make_prisoner(prison_number="A0005PP", crd=AS_OF + dt.timedelta(days=100))
    services.programme_need_record(
        actor=head, programme=programme, prisoner=third, assessed_on=AS_OF, today=AS_OF
    )
    [board] = selectors.programme_boards(lti, as_of=AS_OF)
    # third (ERD +100) waits behind nobody now: starts today; middle (ERD +200) starts at
    # +121: fine; late at +243; nodate last.
    assert [m.need.prisoner for m in board.waiting] == [third, middle, late, nodate]
    assert board.unmet == 0
    with pytest.raises(Exception, match="already recorded"):
        services.programme_need_record(
            actor=head, programme=programme, prisoner=late, assessed_on=AS_OF, today=AS_OF
        )
    assert AuditEntry.objects.filter(object_type="omu.programmeneed").count() == 6


def test_places_far_below_need_leave_men_released_first(make_user) -> None:
    head = make_user("omu_manager", ("LTI",))
    lti = Establishment.objects.get(code="LTI")
    programme = services.programme_create(
        actor=head, establishment=lti, name="Core", places_per_year=12
    )
    for index in range(10):  # one start a month; ERDs 20 days apart
        man = make_prisoner(
            prison_number=f"B{index:04d}PP", crd=AS_OF + dt.timedelta(days=20 * (index + 1))
        )
        services.programme_need_record(
            actor=head, programme=programme, prisoner=man, assessed_on=AS_OF, today=AS_OF
        )
    [board] = selectors.programme_boards(lti, as_of=AS_OF)
    # The k-th starts floor(k * 30.42) days on, ERD at 20 (k + 1): k = 2 starts on day 60,
    # his ERD (not unmet); from k = 3 (day 91, ERD day 80) released first.
    assert [m.unmet for m in board.waiting] == [False, False, False] + [True] * 7
    assert board.unmet == 7


def test_engagement_offers_and_men_without_one_in_twelve_months(make_user) -> None:
    pom = make_user("caseworker", ("LTI",))
    lti = Establishment.objects.get(code="LTI")
    never = make_prisoner(prison_number="C0001PP", maintains_innocence=True, family_name="Aa")
    old = make_prisoner(prison_number="C0002PP", maintains_innocence=True, family_name="Bb")
    recent = make_prisoner(prison_number="C0003PP", maintains_innocence=True, family_name="Cc")
    make_prisoner(prison_number="C0004PP", maintains_innocence=False)
    services.engagement_offer_record(
        actor=pom,
        prisoner=old,
        intervention="Group work",
        offered_on=dt.date(2025, 12, 3),
        outcome="declined",
        today=AS_OF,
    )
    services.engagement_offer_record(
        actor=pom,
        prisoner=recent,
        intervention="1:1 psychology",
        offered_on=dt.date(2025, 12, 4),
        outcome="taken_up",
        today=AS_OF,
    )
    rows = selectors.maintaining_innocence(lti, as_of=AS_OF)
    assert [(r.prisoner, r.offered_in_last_year) for r in rows] == [
        (never, False),
        (old, False),
        (recent, True),
    ]
    with pytest.raises(Exception, match="future"):
        services.engagement_offer_record(
            actor=pom,
            prisoner=never,
            intervention="x",
            offered_on=AS_OF + dt.timedelta(days=1),
            outcome="declined",
            today=AS_OF,
        )
    assert EngagementOffer.objects.count() == 2


def test_pages(client, make_user) -> None:
    head = make_user("omu_manager", ("LTI",))
    client.force_login(head)
    assert client.get("/omu/programmes/").status_code == 200
    response = client.post(
        "/omu/programmes/?establishment=LTI",
        {"action": "programme", "name": "Core SOTP", "places_per_year": "54"},
    )
    assert response.status_code == 302
    make_prisoner(prison_number="D0001PP", maintains_innocence=True)
    programme_id = str(Programme.objects.get().pk)
    response = client.post(
        "/omu/programmes/?establishment=LTI",
        {
            "action": "need",
            "prison_number": "D0001PP",
            "programme": programme_id,
            "assessed_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get("/omu/programmes/?establishment=LTI").content.decode()
    assert "Core SOTP: 54 places a year, 1 waiting" in page
    response = client.post(
        "/omu/programmes/?establishment=LTI",
        {"action": "programme", "name": "", "places_per_year": "-1"},
    )
    assert "Enter the programme" in response.content.decode()
    assert client.get("/omu/programmes/engagement/").status_code == 200
    response = client.post(
        "/omu/programmes/engagement/?establishment=LTI",
        {
            "prison_number": "D0001PP",
            "intervention": "Group",
            "offered_on": "2026-01-05",
            "outcome": "declined",
        },
    )
    assert response.status_code == 302
    assert client.get("/omu/programmes/?establishment=SFI").status_code == 404
    client.force_login(make_user("governor", ("LTI",), username="gov.lti"))
    assert (
        client.post(
            "/omu/programmes/engagement/?establishment=LTI", {"prison_number": "D0001PP"}
        ).status_code
        == 403
    )
