"""The home page's release-planning reads: named items, most urgent first, scoped."""

import datetime as dt

import pytest

from saferelease.deadlines import RuleResult, Status
from saferelease.establishments.models import Establishment
from saferelease.release_planning import selectors_home as home
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 12, 4)


def _result(status, due, **extra):
    return RuleResult("mappa-level-set", status, AS_OF, due, None, None, None, **extra)


def test_items_are_named_with_due_date_and_days():
    overdue = _result(Status.OVERDUE, dt.date(2026, 11, 3), days_overdue=31)
    assert home.item_text(overdue) == "MAPPA level not set: due 3 November 2026, 31 days overdue"
    soon = _result(Status.DUE_SOON, dt.date(2026, 12, 5), days_until_due=1)
    assert home.item_text(soon) == "MAPPA level not set: due 5 December 2026, in 1 day"
    today = _result(Status.DUE_SOON, AS_OF, days_until_due=0)
    assert home.item_text(today) == "MAPPA level not set: due today"


def test_every_rule_has_words_for_its_outstanding_item():
    from saferelease.deadlines import RULES

    assert all(home.outstanding_words(rule.code) == rule.outstanding for rule in RULES)
    assert home.outstanding_words("mappa-level-set") == "MAPPA level not set"


@pytest.mark.django_db
def test_pom_sees_only_his_men_most_overdue_first(littlehey_pom, make_user):
    other = make_user("caseworker", ("LTI",), username="pom.other")
    lti = Establishment.objects.get(code="LTI")
    # OASys last done long ago: overdue by more than his neighbour's.
    long_overdue = make_prisoner(pom=littlehey_pom, oasys_completed_date=dt.date(2023, 1, 1))
    recent = make_prisoner(pom=littlehey_pom, oasys_completed_date=dt.date(2025, 9, 1))
    make_prisoner(pom=other, oasys_completed_date=dt.date(2020, 1, 1))
    view = home.overview(littlehey_pom, establishment=lti, as_of=AS_OF, pom=littlehey_pom)
    men = home.men_with_work_due(view.cases, as_of=AS_OF)
    names = [m.case.prisoner.prison_number for m in men]
    assert names[:2] == [long_overdue.prison_number, recent.prison_number]
    assert len(names) == 2
    assert any("OASys assessment out of date" in item.text for item in men[0].items)


@pytest.mark.django_db
def test_men_past_their_release_date_and_released_without_address(littlehey_pom):
    lti = Establishment.objects.get(code="LTI")
    past = make_prisoner(pom=littlehey_pom, crd=dt.date(2026, 9, 1))
    make_prisoner(pom=littlehey_pom, crd=dt.date(2027, 9, 1))
    homeless = make_prisoner(
        pom=littlehey_pom,
        released_on=AS_OF - dt.timedelta(days=2),
        accommodation_on_release="none",
    )
    make_prisoner(
        pom=littlehey_pom,
        released_on=AS_OF - dt.timedelta(days=2),
        accommodation_on_release="settled",
    )
    make_prisoner(
        pom=littlehey_pom,
        released_on=AS_OF - dt.timedelta(days=20),
        accommodation_on_release="none",
    )
    view = home.overview(littlehey_pom, establishment=lti, as_of=AS_OF)
    (man,) = home.past_release_date(view.cases, as_of=AS_OF)
    assert man.case.prisoner.prison_number == past.prison_number
    assert man.text.startswith("release date (CRD) 1 September 2026 passed 94 days ago")
    released = home.released_without_address(littlehey_pom, establishment=lti, as_of=AS_OF)
    assert [r.prisoner.prison_number for r in released] == [homeless.prison_number]


@pytest.mark.django_db
def test_head_of_omu_sees_unallocated_and_load_by_pom(make_user, littlehey_pom):
    head = make_user("omu_manager", ("LTI",), username="omu.lti")
    lti = Establishment.objects.get(code="LTI")
    make_prisoner(pom=None)
    make_prisoner(pom=littlehey_pom, oasys_completed_date=dt.date(2020, 1, 1))
    view = home.overview(head, establishment=lti, as_of=AS_OF)
    assert len(home.unallocated(view.cases)) == 1
    (load,) = home.overdue_by_pom(view.cases)
    assert load.pom == littlehey_pom and load.men == 1 and load.overdue >= 1


@pytest.mark.django_db
def test_another_prisons_men_are_not_read(make_user):
    stafford_pom = make_user("caseworker", ("SFI",), username="pom.sfi")
    make_prisoner(pom=None)  # at Littlehey
    lti = Establishment.objects.get(code="LTI")
    view = home.overview(stafford_pom, establishment=lti, as_of=AS_OF)
    assert view.cases == []
