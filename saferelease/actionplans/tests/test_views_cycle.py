"""Pages of the inspection cycle: status, key content, permissions (403), scope (404), forms
that refuse bad input and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.models import (
    Inspection,
    Judgement,
    Recommendation,
    ReviewOfProgress,
    UrgentNotification,
)
from saferelease.actionplans.services_reports import inspection_report_import
from saferelease.actionplans.services_urgent import urgent_notification_record
from saferelease.actionplans.tests.cycle_documents import REPORT_2015, REVIEW_2016
from saferelease.actionplans.tests.documents import SEED
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


@pytest.fixture
def inspection():
    inspection_report_import(actor=COMMAND_LINE, data=REPORT_2015.encode(), filename="report.txt")
    return services.action_plan_import(
        actor=COMMAND_LINE, data=SEED, filename="littlehey.txt"
    ).plan.inspection


@pytest.fixture
def inspector(make_user, client):
    user = make_user("inspector", (), username="inspector.one")
    client.force_login(user)
    return user


@pytest.fixture
def governor(make_user, client):
    user = make_user("governor", ("LTI",), username="governor.lti")
    client.force_login(user)
    return user


def test_inspection_page_compares_report_and_plan(client, governor, inspection):
    html = client.get(reverse("actionplans:inspection", args=[inspection.pk])).content.decode()
    assert "The report and the action plan" in html
    assert "Not answered by the action plan: <strong>1</strong>" in html
    assert "Answered, reworded by the plan: <strong>1</strong>" in html
    assert "Rehabilitation and release planning: 2 – not sufficiently good" in html
    assert "Record a review of progress" not in html  # governors do not record reviews
    unanswered = Recommendation.objects.get(report_ref="5.99")
    page = client.get(reverse("actionplans:recommendation", args=[unanswered.pk])).content.decode()
    assert "The action plan does not answer this recommendation of the report." in page
    reworded = Recommendation.objects.get(report_ref="5.6")
    page = client.get(reverse("actionplans:recommendation", args=[reworded.pk])).content.decode()
    assert "The action plan words this recommendation differently from the report" in page
    assert "a named care manager" in page


def test_inspection_pages_are_scoped(client, make_user, inspection):
    client.force_login(make_user("governor", ("SFI",)))
    assert client.get(reverse("actionplans:inspection", args=[inspection.pk])).status_code == 404
    assert client.get(reverse("actionplans:establishment-lineage", args=["LTI"])).status_code == 404
    assert client.get(reverse("actionplans:establishment-reviews", args=["LTI"])).status_code == 404
    assert client.get(reverse("actionplans:report-source", args=[inspection.pk])).status_code == 404


def test_report_upload_by_an_inspector(client, inspector):
    response = client.post(
        reverse("actionplans:report-import"),
        {"file": SimpleUploadedFile("report.txt", REPORT_2015.encode())},
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("actionplans:inspection", args=[inspection.pk])
    assert Recommendation.objects.filter(in_report=True).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "Imported the report for Littlehey (HMP)" in page
    source = client.get(reverse("actionplans:report-source", args=[inspection.pk]))
    assert b"".join(source.streaming_content) == REPORT_2015.encode()


def test_report_upload_refusals(client, inspector, make_user):
    response = client.post(
        reverse("actionplans:report-import"), {"file": SimpleUploadedFile("r.txt", b"nothing here")}
    )
    assert response.status_code == 200
    assert "no recommendations were found" in response.content.decode()
    assert Inspection.objects.count() == 0
    client.force_login(make_user("caseworker", ("LTI",)))
    assert client.get(reverse("actionplans:report-import")).status_code == 403


def test_review_entered_by_an_inspector(client, inspector, inspection):
    records = {r.report_ref: r for r in Recommendation.objects.filter(in_report=True)}
    url = reverse("actionplans:review-new", args=[inspection.pk])
    assert "Recommendations followed up" in client.get(url).content.decode()
    bad = client.post(url, {"start_date": "", "inspectors": ""})
    assert "Enter the first day of the review" in bad.content.decode()
    words_only = client.post(
        url,
        {"start_date": "09/05/2016", "inspectors": "A", f"words_{records['5.1'].pk}": "Fictional."},
    )
    assert "Choose the judgement of 5.1" in words_only.content.decode()
    assert ReviewOfProgress.objects.count() == 0
    response = client.post(
        url,
        {
            "start_date": "09/05/2016",
            "end_date": "11/05/2016",
            "inspectors": "Fictional Inspector One\nFictional Inspector Two",
            f"outcome_{records['5.48'].pk}": "insufficient_progress",
            f"words_{records['5.48'].pk}": "Fictional: a third out of date.",
            f"outcome_{records['5.99'].pk}": "no_meaningful_progress",
        },
    )
    assert response.status_code == 302
    review = ReviewOfProgress.objects.get()
    assert Judgement.objects.filter(review=review).count() == 2
    page = client.get(reverse("actionplans:review", args=[review.pk])).content.decode()
    assert "Claimed versus verified, item by item" in page
    assert "Fictional: a third out of date." in page
    report = client.get(reverse("actionplans:establishment-reviews", args=["LTI"])).content.decode()
    assert "Claimed complete against reviews of progress" in report
    assert "Insufficient progress" in report


def test_review_import_page(client, inspector, inspection):
    url = reverse("actionplans:review-import", args=[inspection.pk])
    response = client.post(url, {"file": SimpleUploadedFile("review.txt", REVIEW_2016.encode())})
    review = ReviewOfProgress.objects.get()
    assert response["Location"] == reverse("actionplans:review", args=[review.pk])
    broken = client.post(
        url,
        {
            "file": SimpleUploadedFile(
                "r.txt", b"Report on nothing\nRecommendation 5.1\nNo verdict."
            )
        },
    )
    assert "has no judgement" in broken.content.decode()


def test_review_forms_are_for_inspectors(client, governor, inspection):
    assert client.get(reverse("actionplans:review-new", args=[inspection.pk])).status_code == 403
    assert client.get(reverse("actionplans:review-import", args=[inspection.pk])).status_code == 403
    assert client.get(reverse("actionplans:urgent-new", args=[inspection.pk])).status_code == 403


@pytest.fixture
def dartmoor():
    return services.inspection_create(
        actor=COMMAND_LINE,
        establishment=Establishment.objects.get(code="DAI"),
        kind="full_unannounced",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 16),
        as_of=dt.date(2026, 10, 20),
    )


def test_urgent_notification_pages(client, inspector, dartmoor, make_user, settings):
    url = reverse("actionplans:urgent-new", args=[dartmoor.pk])
    bad = client.post(url, {"issued_on": "21/10/2026", "concerns": ""})
    assert "Enter the concerns the notification raises" in bad.content.decode()
    response = client.post(
        url, {"issued_on": "21/10/2026", "concerns": "Fictional one.\n\nFictional two."}
    )
    notification = UrgentNotification.objects.get()
    assert response["Location"] == reverse("actionplans:urgent", args=[notification.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Fictional two." in page and "18 November 2026" in page
    dashboard = client.get(reverse("actionplans:urgent-dashboard")).content.decode()
    assert "Dartmoor (HMP)" in dashboard
    governor = make_user("governor", ("DAI",))
    client.force_login(governor)
    response = client.post(
        reverse("actionplans:urgent-response", args=[notification.pk]),
        {"published_on": "15/11/2026", "summary": "Fictional response."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("actionplans:urgent-commitment", args=[notification.pk]),
        {"text": "Fictional commitment.", "owner": "Governor", "target_date": "01/12/2026"},
    )
    assert response.status_code == 302
    page = client.get(reverse("actionplans:urgent", args=[notification.pk])).content.decode()
    assert "Fictional commitment." in page and "Governor: 1 December 2026" in page
    client.force_login(make_user("governor", ("LTI",)))
    assert client.get(reverse("actionplans:urgent", args=[notification.pk])).status_code == 404


def test_dashboard_shows_open_and_late_urgent_notifications(client, inspector, dartmoor):
    urgent_notification_record(
        actor=inspector,
        inspection=dartmoor,
        issued_on=dt.date(2026, 10, 21),
        concerns="Fictional.",
        as_of=dt.date(2026, 10, 21),
    )
    html = client.get(reverse("actionplans:dashboard")).content.decode()
    assert "Urgent notifications awaiting a response" in html
    assert "Inspection readiness forecast" in html


def test_lineage_page(client, governor, inspection):
    html = client.get(reverse("actionplans:establishment-lineage", args=["LTI"])).content.decode()
    assert "Concerns across the inspection cycle" in html
    assert "raised 2015, plan did not answer it 2015" in html
    assert "No inspection has been followed by another yet." in html


def test_readiness_is_for_inspectors(client, inspector, inspection, make_user):
    html = client.get(reverse("actionplans:readiness")).content.decode()
    assert "A heuristic, not a prediction of the inspectors' verdict" in html
    assert "Last rehabilitation and release planning grade" in html
    assert "graded 2 (not sufficiently good) at the last inspection" in html
    client.force_login(make_user("governor", ("LTI",)))
    assert client.get(reverse("actionplans:readiness")).status_code == 403


def test_inspectors_never_see_prisoner_records_from_these_pages(client, inspector, inspection):
    html = client.get(reverse("actionplans:inspection", args=[inspection.pk])).content.decode()
    assert "/prisoners/" not in html
