"""Quality assurance sampling, reviews and supervision, through the services and the
`saferelease qa sample` command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from saferelease.audit.models import AuditEntry
from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.omu import services
from saferelease.omu.models import QaReview, QaSample, SupervisionSession
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def drawn_today(monkeypatch) -> None:
    """Samples are drawn at noon on TODAY (a review cannot be dated before its sample)."""
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 4, 12, tzinfo=clock.LONDON))


@pytest.fixture
def littlehey() -> Establishment:
    return Establishment.objects.get(code="LTI")


@pytest.fixture
def staff(make_user):
    head = make_user("omu_manager", ("LTI",), username="head.omu")
    senior = make_user("caseworker", ("LTI",), username="senior.pom")
    pom = make_user("caseworker", ("LTI",), username="pom.one")
    return head, senior, pom


def _assessments(pom, count: int, day: dt.date = dt.date(2026, 11, 10), letter: str = "A") -> None:
    for index in range(count):
        make_prisoner(prison_number=f"{letter}{index:04d}QA", oasys_completed_date=day, pom=pom)


def test_draw_samples_last_month_once_and_assigns_reviewers(littlehey, staff) -> None:
    head, senior, pom = staff
    services.omu_settings_update(
        actor=head,
        establishment=littlehey,
        qa_sample_percent=10,
        senior_pom_ids=[senior.pk],
        expected_version=1,
    )
    _assessments(pom, 60)
    _assessments(
        head, 3, dt.date(2026, 11, 30), letter="C"
    )  # head of OMU wrote 3: never his own review
    make_prisoner(prison_number="B0001QA", oasys_completed_date=dt.date(2026, 10, 31), pom=pom)
    sample, created = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
    )
    assert created
    assert (sample.population, sample.size, sample.percent) == (63, 7, 10)
    assert sample.due_on == dt.date(2026, 12, 31)
    reviews = list(sample.reviews.all())
    assert len(reviews) == 7
    assert all(r.reviewer_id in (head.pk, senior.pk) for r in reviews)
    assert all(r.reviewer_id != r.author_id for r in reviews)
    again, created = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 15), today=TODAY
    )
    assert (again.pk, created) == (sample.pk, False)
    entry = AuditEntry.objects.get(object_type="omu.qasample")
    assert entry.changes["seed"] == [None, sample.seed]
    assert sorted(entry.changes["sample"][1]) == sorted(r.prisoner.prison_number for r in reviews)


def test_the_same_population_and_seed_give_the_same_sample_in_a_new_database(
    littlehey, staff
) -> None:
    head, _, pom = staff
    _assessments(pom, 30)
    sample, _ = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
    )
    first = sorted(sample.reviews.values_list("prisoner__prison_number", flat=True))
    # Forget the sample (as if drawn in another copy of the data) and draw again.
    QaSample.objects.all().delete()
    sample, created = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
    )
    assert created
    assert sorted(sample.reviews.values_list("prisoner__prison_number", flat=True)) == first


def test_draw_refuses_a_month_not_ended_and_other_roles(littlehey, staff, make_user) -> None:
    head, _, pom = staff
    with pytest.raises(ValidationError):
        services.qa_sample_draw(
            actor=head, establishment=littlehey, month=dt.date(2026, 12, 1), today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.qa_sample_draw(
            actor=pom, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
        )
    assert not QaSample.objects.exists()


def test_command_draws_then_shows_the_same_sample(littlehey, staff) -> None:
    _, _, pom = staff
    _assessments(pom, 12)
    first, second = io.StringIO(), io.StringIO()
    args = ("qa", "sample", "--establishment", "lti", "--month", "2026-11", "--as-of", "2026-12-04")
    call_command(*args, stdout=first)
    call_command(*args, stdout=second)
    assert first.getvalue().startswith("Drew LTI 2026-11: 5 of 12 OASys assessments (10%")
    assert second.getvalue().startswith("Already drawn on")
    assert first.getvalue().splitlines()[1:] == second.getvalue().splitlines()[1:]
    assert len(first.getvalue().splitlines()) == 6
    assert "reviewer head.omu" in first.getvalue()
    with pytest.raises(CommandError, match="not a month"):
        call_command("qa", "sample", "--establishment", "LTI", "--month", "November")
    with pytest.raises(CommandError, match="No establishment"):
        call_command("qa", "sample", "--establishment", "XXX", "--month", "2026-11")


def test_review_needs_every_item_and_never_the_author(littlehey, staff) -> None:
    head, _senior, pom = staff
    _assessments(pom, 1)
    sample, _ = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
    )
    review = sample.reviews.get()
    assert review.reviewer == head
    items = services.qa_checklist_ensure(littlehey)
    assert len(items) == 4
    with pytest.raises(PermissionDenied):
        services.qa_review_complete(
            actor=pom,
            review=review,
            ratings={},
            summary="",
            completed_on=TODAY,
            today=TODAY,
            expected_version=1,
        )
    with pytest.raises(ValidationError) as error:
        services.qa_review_complete(
            actor=head,
            review=review,
            ratings={items[0].pk: ("met", "")},
            summary="",
            completed_on=TODAY,
            today=TODAY,
            expected_version=1,
        )
    assert len(error.value.message_dict) == 3
    ratings = {item.pk: ("met", "Clear") for item in items}
    ratings[items[2].pk] = ("not_met", "No healthcare input")
    done = services.qa_review_complete(
        actor=head,
        review=review,
        ratings=ratings,
        summary="Good analysis",
        completed_on=TODAY,
        today=TODAY,
        expected_version=1,
    )
    assert (done.completed_on, done.version) == (TODAY, 2)
    assert [a.rating for a in done.answers.all()] == ["met", "met", "not_met", "met"]
    entry = AuditEntry.objects.get(object_type="omu.qareview")
    assert entry.changes["completed_on"] == [None, "2026-12-04"]
    assert QaReview.objects.get().answers.count() == 4


def test_checklist_is_managed_by_the_establishment(littlehey, staff) -> None:
    head, _, pom = staff
    item = services.qa_checklist_item_add(
        actor=head, establishment=littlehey, text="Victim issues considered"
    )
    assert [i.text for i in services.qa_checklist_ensure(littlehey)][
        -1
    ] == "Victim issues considered"
    services.qa_checklist_item_remove(actor=head, item=item)
    assert len(services.qa_checklist_ensure(littlehey)) == 4
    with pytest.raises(PermissionDenied):
        services.qa_checklist_item_add(actor=pom, establishment=littlehey, text="x")


def test_supervision_sessions(littlehey, staff) -> None:
    head, _, pom = staff
    session = services.supervision_session_create(
        actor=head,
        establishment=littlehey,
        pom=pom,
        supervisor=head,
        held_on=dt.date(2026, 11, 20),
        notes="Caseload review",
        today=TODAY,
    )
    assert SupervisionSession.objects.get() == session
    assert AuditEntry.objects.filter(object_type="omu.supervisionsession").count() == 1
    with pytest.raises(ValidationError) as error:
        services.supervision_session_create(
            actor=head,
            establishment=littlehey,
            pom=pom,
            supervisor=pom,
            held_on=dt.date(2026, 12, 5),
            notes="",
            today=TODAY,
        )
    assert set(error.value.message_dict) == {"supervisor", "held_on"}


def test_qa_figures(littlehey, staff) -> None:
    from saferelease.omu import selectors

    head, _senior, pom = staff
    _assessments(pom, 6)
    sample, _ = services.qa_sample_draw(
        actor=head, establishment=littlehey, month=dt.date(2026, 11, 1), today=TODAY
    )
    items = services.qa_checklist_ensure(littlehey)
    reviews = list(sample.reviews.order_by("pk"))
    for review, rating in zip(reviews[:2], ("met", "not_met"), strict=True):
        services.qa_review_complete(
            actor=head,
            review=review,
            ratings={item.pk: (rating, "") for item in items},
            summary="",
            completed_on=TODAY,
            today=TODAY,
            expected_version=1,
        )
    services.supervision_session_create(
        actor=head,
        establishment=littlehey,
        pom=pom,
        supervisor=head,
        held_on=dt.date(2026, 11, 2),
        notes="",
        today=TODAY,
    )
    figures = selectors.qa_figures(littlehey, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    assert (figures.reviews_due, figures.completed_on_time) == (5, 2)
    assert figures.on_time_share == 0.4
    assert (figures.completed, figures.meeting_standard, figures.standard_share) == (2, 1, 0.5)
    # 2 caseworkers (senior.pom, pom.one), 1 session, 3 calendar months = 1 quarter.
    assert figures.poms == 2
    assert figures.sessions_per_pom_per_quarter == 0.5
    # The same figures as the catalogue's, for the establishment and the period.
    from saferelease.metrics.periods import Period
    from saferelease.metrics.selectors import metric_values, scope_of

    values = metric_values(scope_of(littlehey), Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31)))
    assert values["qa_completed_on_time_share"] == 0.4
    assert values["qa_meeting_standard_share"] == 0.5
    assert values["supervision_sessions_per_pom_per_quarter"] == 0.5
