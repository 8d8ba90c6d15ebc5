"""The demo loader: loads the world, idempotent, audited once per establishment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from saferelease.accounts.models import User
from saferelease.actionplans import selectors, selectors_cycle
from saferelease.actionplans.models import Recommendation, ReviewOfProgress, UrgentNotification
from saferelease.audit.models import AuditEntry
from saferelease.demo import services
from saferelease.demo.tests.conftest import AS_OF, cached_world
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner


@pytest.fixture
def fast_world(monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "demo_world", cached_world)


@pytest.mark.django_db
def test_demo_load_is_idempotent(fast_world: None, world: Any) -> None:
    services.demo_load(as_of=AS_OF)
    count = Prisoner.objects.count()
    assert count == len(world)
    audit_count = AuditEntry.objects.count()
    snapshot = list(Prisoner.objects.order_by("prison_number").values())

    result = services.demo_world_load(as_of=AS_OF)
    services.demo_load(as_of=AS_OF)

    assert not result.changed
    assert Prisoner.objects.count() == count
    assert AuditEntry.objects.count() == audit_count
    assert list(Prisoner.objects.order_by("prison_number").values()) == snapshot


@pytest.mark.django_db
def test_demo_load_sets_establishments_users_and_audit(fast_world: None) -> None:
    services.demo_load(as_of=AS_OF)
    littlehey = Establishment.objects.get(code="LTI")
    assert littlehey.programme_places == 136
    assert not littlehey.designated_resettlement
    assert set(
        Establishment.objects.filter(designated_resettlement=True).values_list("code", flat=True)
    ) >= {"PBI", "NMI"}
    pom = User.objects.get(username="pom.littlehey")
    assert 60 <= Prisoner.objects.in_custody().filter(pom=pom).count() <= 110
    team = User.objects.filter(username__startswith="pom", username__endswith=".littlehey")
    assert team.count() == 14
    assert not any(
        user.has_usable_password()
        for user in team.exclude(pk=pom.pk).exclude(username="pom2.littlehey")
    )
    assert pom.has_usable_password()
    loaded = AuditEntry.objects.filter(summary__startswith="Demo data loaded")
    assert sorted(loaded.values_list("establishment_code", flat=True)) == sorted(
        ["LTI", "SFI", "DAI", "PBI", "NMI"]
    )


@pytest.mark.django_db
def test_demo_load_replaces_stale_demo_prisoners(fast_world: None, world: Any) -> None:
    services.demo_load(as_of=AS_OF)
    first = Prisoner.objects.filter(establishment__code="LTI").order_by("prison_number").first()
    assert first is not None
    first.crd = None
    first.save()
    result = services.demo_world_load(as_of=AS_OF)
    assert result.updated["LTI"] == 1
    assert Prisoner.objects.count() == len(world)


@pytest.mark.django_db
def test_demo_inspection_cycle_after_the_review_of_progress(media_root: Any) -> None:
    """From 12 November 2026 the demo holds the fictional review of progress of the 2025
    Littlehey inspection, which drives claimed versus verified; idempotent."""
    services.demo_users_load()
    day = dt.date(2026, 12, 4)
    services.demo_action_plans_load(as_of=day)
    services.demo_action_plans_load(as_of=day)
    review = ReviewOfProgress.objects.get()
    assert (review.start_date, review.inspection.start_date) == (
        dt.date(2026, 11, 10),
        dt.date(2025, 9, 8),
    )
    summary = selectors_cycle.review_summary(selectors_cycle.review_lines(review))
    assert (summary.followed_up, summary.claimed_complete, summary.contradicted) == (6, 3, 3)
    inspector = User.objects.get(username="inspector")
    littlehey = review.inspection.establishment
    _, counts = selectors.dashboard(inspector, as_of=day, establishment=littlehey)
    assert counts.cvv.contradicted >= 3
    unanswered = Recommendation.objects.get(inspection=review.inspection, report_ref="6")
    assert unanswered.action_plan_id is None
    assert Recommendation.objects.get(inspection=review.inspection, report_ref="2").reworded
    [urgent] = selectors_cycle.urgent_rows(inspector, as_of=day)
    assert (urgent.notification.inspection.establishment.code, urgent.status) == ("DAI", "late")


@pytest.mark.django_db
def test_demo_before_the_review_has_neither_review_nor_notification(media_root: Any) -> None:
    services.demo_users_load()
    services.demo_action_plans_load(as_of=AS_OF)
    assert ReviewOfProgress.objects.count() == 0
    assert UrgentNotification.objects.count() == 0
