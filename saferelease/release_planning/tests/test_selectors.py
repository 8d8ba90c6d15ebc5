import datetime as dt
from itertools import pairwise

import pytest
from django.http import Http404

from saferelease.deadlines import RULES, Status
from saferelease.establishments.models import Establishment
from saferelease.release_planning import selectors
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_littlehey_user_cannot_get_dartmoor_prisoner(make_user):
    dartmoor = Establishment.objects.get(code="DAI")
    make_prisoner(prison_number="D1234AA", establishment=dartmoor)
    make_prisoner(prison_number="L1234AA")
    user = make_user("caseworker", ("LTI",))
    assert selectors.prisoner_get(user, "l1234aa").prison_number == "L1234AA"
    with pytest.raises(Http404):
        selectors.prisoner_get(user, "D1234AA")


@pytest.mark.django_db
def test_inspector_sees_no_individual_records(make_user):
    make_prisoner(prison_number="L1234AA")
    inspector = make_user("inspector", ())
    assert selectors.prisoners_visible_to(inspector).count() == 0
    with pytest.raises(Http404):
        selectors.prisoner_get(inspector, "L1234AA")


@pytest.mark.django_db
def test_caseload_filters_by_rule_status_and_window(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    # MAPPA category 1, ERD 1 September 2026: mappa-level-set due 1 March 2026 (due today).
    due = make_prisoner(prison_number="A1111AA", mappa_category=1)
    # Released men are not in the caseload, nor men the sync marked transferred out.
    make_prisoner(prison_number="A2222AA", released_on=dt.date(2026, 1, 1))
    make_prisoner(prison_number="A4444AA", mappa_category=1, transferred_out_on=dt.date(2026, 2, 1))
    # Far-off release: nothing due soon for MAPPA.
    far = make_prisoner(prison_number="A3333AA", crd=dt.date(2029, 1, 1), sed=dt.date(2030, 1, 1))
    user = make_user("omu_manager", ("LTI",))
    every = selectors.caseload(
        user, establishment=littlehey, as_of=AS_OF, filters=selectors.CaseloadFilter()
    )
    assert [c.prisoner.prison_number for c in every] == [due.prison_number, far.prison_number]
    mappa_due = selectors.caseload(
        user,
        establishment=littlehey,
        as_of=AS_OF,
        filters=selectors.CaseloadFilter(rule="mappa-level-set", status=Status.DUE_SOON),
    )
    assert [c.prisoner.prison_number for c in mappa_due] == [due.prison_number]
    within_year = selectors.caseload(
        user,
        establishment=littlehey,
        as_of=AS_OF,
        filters=selectors.CaseloadFilter(release_within_days=365),
    )
    assert [c.prisoner.prison_number for c in within_year] == [due.prison_number]


@pytest.mark.django_db
def test_caseload_mine_shows_only_my_cases(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    pom = make_user("caseworker", ("LTI",), username="mine")
    make_prisoner(prison_number="A1111AA", pom=pom)
    make_prisoner(prison_number="A2222AA")
    cases = selectors.caseload(
        pom, establishment=littlehey, as_of=AS_OF, filters=selectors.CaseloadFilter(scope="mine")
    )
    assert [c.prisoner.prison_number for c in cases] == ["A1111AA"]


@pytest.mark.django_db
def test_releases_board_groups_by_week_high_risk_first(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 4, 20), rosh="medium")
    make_prisoner(prison_number="A2222AA", crd=dt.date(2026, 4, 25), rosh="very_high")
    make_prisoner(prison_number="A3333AA", crd=dt.date(2026, 6, 2), rosh="low")
    make_prisoner(prison_number="A4444AA", crd=dt.date(2026, 9, 2))  # beyond six months
    user = make_user("governor", ("LTI",))
    board = selectors.releases_board(user, establishment=littlehey, as_of=AS_OF)
    # Weeks from the Monday of as_of's week (Sunday 1 March 2026) to six months on.
    assert board.weeks[0].start == dt.date(2026, 2, 23)
    assert board.weeks[-1].start == dt.date(2026, 8, 31)
    assert all(b.start - a.start == dt.timedelta(days=7) for a, b in pairwise(board.weeks))
    week = next(w for w in board.weeks if w.start == dt.date(2026, 4, 20))
    assert [c.prisoner.prison_number for c in week.cases] == ["A2222AA", "A1111AA"]
    assert board.upcoming == 3
    # The API's months: every month from March to August, empty ones included.
    months = board.months
    assert [m.month for m in months] == [dt.date(2026, m, 1) for m in range(3, 9)]
    assert [c.prisoner.prison_number for c in months[1].cases] == ["A2222AA", "A1111AA"]
    assert all(c.prisoner.prison_number != "A4444AA" for m in months for c in m.cases)


@pytest.mark.django_db
def test_men_past_their_release_date_have_their_own_section(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    # A confirmed release date of 23 January 2026, still in custody on 1 March 2026.
    make_prisoner(prison_number="A1111AA", confirmed_release_date=dt.date(2026, 1, 23))
    # A CRD that passed a week ago.
    make_prisoner(prison_number="A2222AA", crd=dt.date(2026, 2, 22))
    # A PED that passed with no ARD or CRD: past, but not a release date.
    make_prisoner(prison_number="A3333AA", crd=None, ped=dt.date(2025, 12, 1))
    # A PED that passed with a CRD later: his ERD is the CRD, not past.
    make_prisoner(prison_number="A4444AA", ped=dt.date(2026, 1, 5), crd=dt.date(2026, 5, 4))
    # Released: never listed.
    make_prisoner(
        prison_number="A5555AA",
        confirmed_release_date=dt.date(2026, 1, 23),
        released_on=dt.date(2026, 1, 23),
    )
    user = make_user("omu_manager", ("LTI",))
    past = selectors.past_release_date(user, establishment=littlehey, as_of=AS_OF)
    assert [c.prisoner.prison_number for c in past] == ["A1111AA", "A2222AA", "A3333AA"]
    assert [c.release_date_passed for c in past] == [True, True, False]
    assert past[0].days_past_release == 37
    board = selectors.releases_board(user, establishment=littlehey, as_of=AS_OF)
    assert [c.prisoner.prison_number for c in board.past] == ["A1111AA", "A2222AA", "A3333AA"]
    upcoming = [c for w in board.weeks for c in w.cases]
    assert [c.prisoner.prison_number for c in upcoming] == ["A4444AA"]
    assert upcoming[0].ped_passed == dt.date(2026, 1, 5)
    assert upcoming[0].erd is not None and upcoming[0].erd.date == dt.date(2026, 5, 4)
    # Another prison's men are not his.
    dartmoor_user = make_user("omu_manager", ("DAI",), username="dartmoor")
    with pytest.raises(Http404):
        selectors.past_release_date(
            dartmoor_user,
            establishment=selectors.establishment_for_caseload(dartmoor_user, "LTI"),
            as_of=AS_OF,
        )


@pytest.mark.django_db
def test_releases_board_filters_mine_high_risk_and_alerts(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    pom = make_user("caseworker", ("LTI",), username="pom")
    # Mine, low risk, nothing overdue (every deadline met).
    done = {
        name: dt.date(2026, 1, 20)
        for name in (
            "mappa_level_set_date",
            "com_allocated_date",
            "irmt_review_date",
            "ap_application_date",
            "duty_to_refer_date",
            "resettlement_plan_date",
            "resettlement_transfer_date",
            "licence_approved_date",
            "accommodation_confirmed_date",
        )
    }
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 4, 20), rosh="low", pom=pom, **done)
    # Not mine, very high risk, handover overdue.
    make_prisoner(prison_number="A2222AA", crd=dt.date(2026, 4, 21), rosh="very_high")
    # Mine, past his confirmed release date: an alert.
    make_prisoner(
        prison_number="A3333AA", confirmed_release_date=dt.date(2026, 2, 2), rosh="low", pom=pom
    )

    def shown(**filters):
        board = selectors.releases_board(
            pom,
            establishment=littlehey,
            as_of=AS_OF,
            filters=selectors.BoardFilter(**filters),
        )
        return sorted(c.prisoner.prison_number for c in [*board.past, *board.upcoming_cases])

    assert shown() == ["A1111AA", "A2222AA", "A3333AA"]
    assert shown(mine=True) == ["A1111AA", "A3333AA"]
    assert shown(high_risk=True) == ["A2222AA"]
    assert shown(alerts_only=True) == ["A2222AA", "A3333AA"]
    assert shown(mine=True, alerts_only=True) == ["A3333AA"]


@pytest.mark.django_db
def test_milestones_cover_every_rule_for_men_in_custody():
    make_prisoner(prison_number="A1111AA")
    make_prisoner(prison_number="A2222AA", released_on=dt.date(2026, 1, 1))
    rows = list(selectors.milestones(as_of=AS_OF))
    assert {m.prison_number for m in rows} == {"A1111AA"}
    assert len(rows) == len(RULES)
    assert {m.result.rule for m in rows} >= {"oasys-current", "release-address"}


@pytest.mark.django_db
def test_fast_facts_match_model_facts():
    prisoner = make_prisoner(prison_number="A1111AA", mappa_category=2, rosh="")
    row = (
        type(prisoner)
        .objects.filter(pk=prisoner.pk)
        .values("establishment__designated_resettlement", *selectors.FACT_FIELDS)
        .get()
    )
    assert selectors.facts_from_values(row) == prisoner.facts()


@pytest.mark.django_db
def test_caseload_default_order_is_most_urgent_first(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    # Nothing outstanding soon: a release far off, OASys current.
    make_prisoner(prison_number="A1111AA", crd=dt.date(2029, 1, 1), sed=dt.date(2030, 1, 1))
    # MAPPA level due 1 March 2026 (today): due soon.
    make_prisoner(prison_number="A2222AA", mappa_category=1, crd=dt.date(2026, 9, 1))
    # Overdue by a little: MAPPA level due 20 February 2026.
    make_prisoner(prison_number="A3333AA", mappa_category=1, crd=dt.date(2026, 8, 20))
    # Overdue by more: MAPPA level due 1 January 2026.
    make_prisoner(prison_number="A4444AA", mappa_category=1, crd=dt.date(2026, 7, 1))
    # Past his confirmed release date: first, whatever else.
    make_prisoner(prison_number="A5555AA", confirmed_release_date=dt.date(2026, 2, 27))
    user = make_user("omu_manager", ("LTI",))
    cases = selectors.caseload(
        user, establishment=littlehey, as_of=AS_OF, filters=selectors.CaseloadFilter()
    )
    assert [c.prisoner.prison_number for c in cases] == [
        "A5555AA",
        "A4444AA",
        "A3333AA",
        "A2222AA",
        "A1111AA",
    ]
    assert cases[0].release_date_passed
    # Within a man, alerts are ordered by status, then severity, then due date.
    alerts = cases[1].alerts
    assert [r.status for r in alerts] == sorted(
        (r.status for r in alerts), key=selectors.STATUS_ORDER.__getitem__
    )
    overdue = [r for r in alerts if r.status == Status.OVERDUE]
    ranks = [r.definition.severity.rank for r in overdue]
    assert ranks == sorted(ranks)
