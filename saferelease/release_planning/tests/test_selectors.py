import datetime as dt

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
    # Released men are not in the caseload.
    make_prisoner(prison_number="A2222AA", released_on=dt.date(2026, 1, 1))
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
def test_releases_board_groups_by_month_high_risk_first(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 4, 20), rosh="medium")
    make_prisoner(prison_number="A2222AA", crd=dt.date(2026, 4, 25), rosh="very_high")
    make_prisoner(prison_number="A3333AA", crd=dt.date(2026, 6, 2), rosh="low")
    make_prisoner(prison_number="A4444AA", crd=dt.date(2026, 9, 2))  # beyond six months
    user = make_user("governor", ("LTI",))
    months = selectors.releases_board(user, establishment=littlehey, as_of=AS_OF)
    assert [m.month for m in months] == [dt.date(2026, m, 1) for m in range(3, 9)]
    april = months[1]
    assert [c.prisoner.prison_number for c in april.cases] == ["A2222AA", "A1111AA"]
    assert [c.prisoner.prison_number for c in months[3].cases] == ["A3333AA"]
    assert all(c.prisoner.prison_number != "A4444AA" for m in months for c in m.cases)


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
