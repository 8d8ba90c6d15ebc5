"""Quality assurance and supervision pages: draw, review, settings; scope and roles."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.core import clock
from saferelease.omu.models import QaChecklistItem, QaReview, QaSample, SupervisionSession
from saferelease.omu.rules import previous_month
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    head = make_user("omu_manager", ("LTI",), username="head.omu")
    pom = make_user("caseworker", ("LTI",), username="pom.one")
    month = previous_month(clock.today())
    for index in range(6):
        make_prisoner(
            prison_number=f"A{index:04d}QA",
            oasys_completed_date=month + dt.timedelta(days=3),
            pom=pom,
        )
    return head, pom


def test_head_of_omu_draws_reviews_and_manages_the_checklist(client, team) -> None:
    head, pom = team
    client.force_login(head)
    page = client.get("/omu/qa/")
    assert page.status_code == 200
    assert "Draw the sample for" in page.content.decode()
    assert client.post("/omu/qa/LTI/draw/").status_code == 302
    assert client.post("/omu/qa/LTI/draw/").status_code == 302  # drawn once
    sample = QaSample.objects.get()
    assert (sample.size, sample.population) == (5, 6)
    text = client.get("/omu/qa/?establishment=LTI").content.decode()
    assert f"seed {sample.seed}" in text and "Draw the sample for" not in text
    review = QaReview.objects.first()
    assert review is not None and review.reviewer == head
    form = client.get(f"/omu/qa/reviews/{review.pk}/")
    assert form.status_code == 200
    items = list(QaChecklistItem.objects.filter(active=True))
    data = {"version": "1", "completed_on": clock.today().isoformat(), "summary": "Fine"}
    response = client.post(f"/omu/qa/reviews/{review.pk}/", data)
    assert response.status_code == 200
    assert (
        "Select met, partly met or not met for: Risk of serious harm" in response.content.decode()
    )
    for item in items:
        data[f"item_{item.pk}"] = "partly_met"
    assert client.post(f"/omu/qa/reviews/{review.pk}/", data).status_code == 302
    review.refresh_from_db()
    assert review.completed_on == clock.today()
    assert client.get("/omu/qa/LTI/settings/").status_code == 200
    response = client.post("/omu/qa/LTI/settings/", {"action": "add_item", "text": "Victim issues"})
    assert response.status_code == 302
    response = client.post(
        "/omu/qa/LTI/settings/",
        {"action": "settings", "version": "1", "qa_sample_percent": "20", "senior_poms": [pom.pk]},
    )
    assert response.status_code == 302
    assert (
        client.post("/omu/qa/LTI/settings/", {"action": "remove_item", "item": "x"}).status_code
        == 404
    )
    response = client.post(
        "/omu/qa/LTI/settings/", {"action": "settings", "version": "2", "qa_sample_percent": "0"}
    )
    assert "The share must be at least 1%" in response.content.decode()


def test_an_author_cannot_review_and_a_pom_cannot_draw(client, team) -> None:
    head, pom = team
    client.force_login(head)
    client.post("/omu/qa/LTI/draw/")
    review = QaReview.objects.first()
    assert review is not None
    client.force_login(pom)
    assert client.post("/omu/qa/LTI/draw/").status_code == 403
    page = client.get(f"/omu/qa/reviews/{review.pk}/")
    assert page.status_code == 200 and "Not reviewed yet" in page.content.decode()
    assert client.post(f"/omu/qa/reviews/{review.pk}/", {"version": "1"}).status_code == 403
    assert client.get("/omu/qa/LTI/settings/").status_code == 403
    assert client.get("/omu/qa/?establishment=SFI").status_code == 404


def test_supervision_sessions_page(client, team, make_user) -> None:
    head, pom = team
    client.force_login(head)
    assert client.get("/omu/supervision/").status_code == 200
    response = client.post(
        "/omu/supervision/?establishment=LTI",
        {"pom": pom.pk, "supervisor": head.pk, "held_on": clock.today().isoformat(), "notes": "x"},
    )
    assert response.status_code == 302
    assert SupervisionSession.objects.count() == 1
    response = client.post(
        "/omu/supervision/?establishment=LTI",
        {"pom": pom.pk, "supervisor": pom.pk, "held_on": "2026-02-30"},
    )
    assert "Date of the session must be a real date" in response.content.decode()
    response = client.post(
        "/omu/supervision/?establishment=LTI",
        {"pom": pom.pk, "supervisor": pom.pk, "held_on": "2026-02-20"},
    )
    assert "The supervisor cannot be the POM supervised" in response.content.decode()
    client.force_login(make_user("governor", ("LTI",), username="gov.lti"))
    page = client.get("/omu/supervision/?establishment=LTI")
    assert page.status_code == 200 and "Record a session" not in page.content.decode()


def test_a_supervision_session_is_changed_and_a_stale_save_shows_both(client, team, make_user):
    head, pom = team
    other = make_user("caseworker", ("LTI",), username="pom.two")
    session = SupervisionSession.objects.create(
        establishment=pom.establishments.get(),
        pom=pom,
        supervisor=head,
        held_on=clock.today() - dt.timedelta(days=10),
    )
    client.force_login(head)
    url = f"/omu/supervision/{session.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Change the supervision session" in page.content.decode()
    day = (clock.today() - dt.timedelta(days=3)).isoformat()
    data = {"pom": other.pk, "supervisor": head.pk, "held_on": day, "notes": "Moved", "version": 1}
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.pom, session.notes, session.version) == (other, "Moved", 2)
    # A save begun from version 1 is refused: the form shows both values.
    stale = client.post(url, {**data, "pom": pom.pk, "notes": "Mine"})
    assert stale.status_code == 200
    text = stale.content.decode()
    assert "changed" in text and "Moved" in text
    session.refresh_from_db()
    assert session.notes == "Moved"
    # Another establishment's staff do not see it; a governor may not change it.
    client.force_login(make_user("omu_manager", ("SFI",), username="head.sfi"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("governor", ("LTI",), username="gov.lti"))
    assert client.get(url).status_code == 403


def test_a_start_is_recorded_on_the_programme_page(client, team, make_user):
    from saferelease.omu.models import Programme, ProgrammeNeed

    head, _pom = team
    establishment = head.establishments.get()
    programme = Programme.objects.create(
        establishment=establishment, name="Thinking Skills Programme", places_per_year=70
    )
    man = make_prisoner(prison_number="A9999PS")
    need = ProgrammeNeed.objects.create(
        programme=programme, prisoner=man, assessed_on=clock.today() - dt.timedelta(days=40)
    )
    client.force_login(head)
    board = client.get("/omu/programmes/?establishment=LTI").content.decode()
    assert f"/omu/programmes/needs/{need.pk}/" in board and "Places against need" in board
    url = f"/omu/programmes/needs/{need.pk}/"
    assert "Record that he started" in client.get(url).content.decode()
    future = (clock.today() + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, {"started_on": future, "version": 1})
    assert "not in the future" in refused.content.decode()
    started = (clock.today() - dt.timedelta(days=1)).isoformat()
    assert client.post(url, {"started_on": started, "version": 1}).status_code == 302
    need.refresh_from_db()
    assert (need.started_on, need.version) == (clock.today() - dt.timedelta(days=1), 2)
    stale = client.post(url, {"started_on": "", "version": 1})
    assert stale.status_code == 200 and "changed" in stale.content.decode()
    assert client.post(url, {"started_on": "", "version": 2}).status_code == 302
    need.refresh_from_db()
    assert need.started_on is None
    client.force_login(make_user("omu_manager", ("SFI",), username="head.sfi"))
    assert client.get(url).status_code == 404
