"""Pages: status, key content, permissions, forms that refuse bad input and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.models import (
    ActionPlan,
    Inspection,
    Judgement,
    ProgressUpdate,
    TargetDateChange,
)
from saferelease.actionplans.tests import evidence_files
from saferelease.actionplans.tests.documents import SEED, seed_revised
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    RecommendationFactory,
)
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="littlehey.txt").plan


@pytest.fixture
def governor(make_user, client):
    user = make_user("governor", ("LTI",), username="governor.lti")
    client.force_login(user)
    return user


def _page(client, name, *args, **query):
    response = client.get(reverse(f"actionplans:{name}", args=args), query)
    return response, response.content.decode()


def test_navigation_has_inspections_for_every_signed_in_user(client, littlehey_pom):
    client.force_login(littlehey_pom)
    response, html = _page(client, "dashboard")
    assert response.status_code == 200
    assert 'href="/inspections/"' in html and ">Inspections<" in html.replace("\n", "").replace(
        "  ", ""
    )


def test_dashboard_and_establishment_pages(client, governor, plan):
    response, html = _page(client, "dashboard")
    assert response.status_code == 200
    assert "Littlehey (HMP)" in html
    assert "Import an action plan" in html
    response, html = _page(client, "establishment", "LTI")
    assert response.status_code == 200
    assert "Full unannounced inspection" in html
    assert "2 March 2015 to 13 March 2015" in html
    assert reverse("actionplans:plan", args=[plan.pk]) in html


def test_plan_page_shows_reconciliation_counts_and_table(client, governor, plan):
    response, html = _page(client, "plan", plan.pk)
    assert response.status_code == 200
    assert "does not agree with its rows" in html
    assert "Recommendations: the summary states 58 in total but 57 rows were found." in html
    assert "Housekeeping points: the summary states 6 accepted but 7 rows were found." in html
    assert "Showing 64 of 64 recommendations" in html
    assert "16 October 2015" in html  # submitted, govuk_date
    assert 'aria-sort="ascending"' in html


def test_plan_table_filters_and_sorts(client, governor, plan):
    _, html = _page(client, "plan", plan.pk, decision="rejected")
    assert "Showing 3 of 64 recommendations" in html
    _, html = _page(client, "plan", plan.pk, owner="Head of Equalities", sort="area", dir="desc")
    assert "Showing 9 of 64" in html
    assert 'aria-sort="descending"' in html


def test_recommendation_page(client, governor, plan):
    five_six = plan.recommendations.get(ref="5.6")
    response, html = _page(client, "recommendation", five_six.pk)
    assert response.status_code == 200
    assert "Assessment, care in custody and teamwork (ACCT) supervision" in html
    assert "Repeated recommendation 3.32 of the previous report" in html
    assert "Head of Safer Custody" in html and "31 March 2016" in html
    assert "Add a progress update" in html
    assert "Record a judgement" not in html


def test_out_of_scope_is_404_on_every_page(client, make_user, plan):
    client.force_login(make_user("governor", ("DAI",)))
    recommendation = plan.recommendations.first()
    assert recommendation is not None
    for name, arg in [
        ("plan", plan.pk),
        ("plan-report", plan.pk),
        ("plan-source", plan.pk),
        ("recommendation", recommendation.pk),
        ("progress-add", recommendation.pk),
        ("target-change", recommendation.owner_lines.first().pk),
        ("judgement-add", recommendation.pk),
    ]:
        assert client.get(reverse(f"actionplans:{name}", args=[arg])).status_code == 404, name
    assert client.get(reverse("actionplans:establishment", args=["LTI"])).status_code == 404
    assert client.get(reverse("actionplans:plan-export", args=[plan.pk, "csv"])).status_code == 404


def test_inspector_reads_everywhere_and_judges_but_cannot_add_progress(client, make_user, plan):
    client.force_login(make_user("inspector", ()))
    recommendation = plan.recommendations.get(ref="5.6")
    _, html = _page(client, "recommendation", recommendation.pk)
    assert "Record a judgement" in html and "Add a progress update" not in html
    assert (
        client.get(reverse("actionplans:progress-add", args=[recommendation.pk])).status_code == 403
    )
    url = reverse("actionplans:judgement-add", args=[recommendation.pk])
    response = client.post(
        url,
        {
            "kind": "follow_up_inspection",
            "outcome": "partially_achieved",
            "date": "15/03/2019",
            "notes": "Fictional.",
        },
    )
    assert response.status_code == 302
    assert Judgement.objects.get().outcome == "partially_achieved"


def test_judgement_form_is_403_for_a_governor(client, governor, plan):
    url = reverse("actionplans:judgement-add", args=[plan.recommendations.first().pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"kind": "follow_up_inspection", "outcome": "achieved", "date": "01/01/2016"}
        ).status_code
        == 403
    )
    assert Judgement.objects.count() == 0


def test_judgement_with_the_wrong_scale_shows_an_error(client, make_user, plan):
    client.force_login(make_user("inspector", ()))
    url = reverse("actionplans:judgement-add", args=[plan.recommendations.first().pk])
    html = client.post(
        url, {"kind": "review_of_progress", "outcome": "achieved", "date": "01/01/2016"}
    ).content.decode()
    assert "govuk-error-summary" in html
    assert (
        "Achieved is a judgement at a later inspection: at an independent review of "
        "progress, choose no meaningful progress, insufficient progress, reasonable progress "
        "or good progress" in html
    )


def test_progress_form_saves_with_evidence(client, governor, plan):
    recommendation = plan.recommendations.get(ref="5.6")
    url = reverse("actionplans:progress-add", args=[recommendation.pk])
    assert client.get(url).status_code == 200
    evidence = [
        SimpleUploadedFile("minutes.pdf", evidence_files.pdf(), "application/pdf"),
        SimpleUploadedFile("notes.txt", b"Fictional notes", "text/plain"),
    ]
    response = client.post(
        url,
        {
            "date": "01/05/2016",
            "status": "in_progress",
            "narrative": "Fictional: training delivered.",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_files.count() == 2
    html = client.get(
        reverse("actionplans:recommendation", args=[recommendation.pk])
    ).content.decode()
    assert "Fictional: training delivered." in html
    assert "minutes.pdf" in html
    evidence_file = update.evidence_files.get(original_name="minutes.pdf")
    download = client.get(reverse("actionplans:evidence", args=[evidence_file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == evidence_files.pdf()
    assert download["Content-Type"] == "application/pdf"
    viewed = AuditEntry.objects.get(
        action="view", object_type="actionplans.evidencefile", object_id=str(evidence_file.pk)
    )
    assert viewed.actor == governor


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter what has been done"),
        (
            {"narrative": "x", "status": "complete", "date": "31/02/2016"},
            "Date of the update must be a real date",
        ),
        (
            {"narrative": "x", "status": "complete", "date": "01/01/2099"},
            "must be today or in the past",
        ),
        (
            {
                "narrative": "x",
                "status": "complete",
                "date": "01/01/2016",
                "evidence": [SimpleUploadedFile("run.exe", b"MZ")],
            },
            "run.exe must be a PDF",
        ),
    ],
)
def test_progress_form_errors_show_a_summary_and_save_nothing(
    client, governor, plan, data, message
):
    url = reverse("actionplans:progress-add", args=[plan.recommendations.first().pk])
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error:" in html
    assert ProgressUpdate.objects.count() == 0


def test_target_change_requires_a_reason(client, governor, plan):
    line = plan.recommendations.get(ref="5.6").owner_lines.get()
    url = reverse("actionplans:target-change", args=[line.pk])
    html = client.post(url, {"new_date": "30/06/2016", "reason": "  "}).content.decode()
    assert "Enter the reason for changing the target date" in html
    assert TargetDateChange.objects.count() == 0
    response = client.post(
        url, {"new_date": "30/06/2016", "reason": "Staff shortages", "version": line.version}
    )
    assert response.status_code == 302
    html = client.get(
        reverse("actionplans:recommendation", args=[line.recommendation_id])
    ).content.decode()
    assert "Reason: Staff shortages" in html and "30 June 2016" in html


def test_decide_by_and_metrics_forms(client, governor, plan):
    partial = plan.recommendations.filter(decision="partially_accepted").first()
    url = reverse("actionplans:decide-by", args=[partial.pk])
    assert client.get(url).status_code == 200
    html = client.post(
        url, {"decide_by": "01/09/2016", "resolved_on": "01/05/2016"}
    ).content.decode()
    assert "Enter what was decided about the open part" in html
    assert client.post(url, {"decide_by": "01/09/2016", "version": 1}).status_code == 302
    partial.refresh_from_db()
    assert partial.decide_by == dt.date(2016, 9, 1)
    metric_url = reverse("actionplans:metric-add", args=[partial.pk])
    assert client.post(metric_url, {"metric_code": "Bad code"}).status_code == 200
    assert client.post(metric_url, {"metric_code": "released_homeless_share"}).status_code == 302
    html = client.get(reverse("actionplans:recommendation", args=[partial.pk])).content.decode()
    assert "released_homeless_share" in html
    link = partial.metrics.get()
    assert client.post(reverse("actionplans:metric-remove", args=[link.pk])).status_code == 302
    assert not partial.metrics.exists()


def test_inspection_edit_records_grades(client, governor, plan):
    url = reverse("actionplans:inspection-edit", args=[plan.inspection.pk])
    response = client.post(
        url,
        {
            "kind": "full_unannounced",
            "end_date": "13/03/2015",
            "report_published": "31/07/2015",
            "grade_safety": "3",
            "version": plan.inspection.version,
        },
    )
    assert response.status_code == 302
    plan.inspection.refresh_from_db()
    assert plan.inspection.grade_safety == 3
    assert (
        "3 – reasonably good"
        in client.get(reverse("actionplans:establishment", args=["LTI"])).content.decode()
    )


def test_caseworker_reads_but_cannot_manage(client, littlehey_pom, plan):
    client.force_login(littlehey_pom)
    recommendation = plan.recommendations.first()
    assert client.get(reverse("actionplans:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("actionplans:import")).status_code == 403
    assert (
        client.get(reverse("actionplans:progress-add", args=[recommendation.pk])).status_code == 403
    )
    assert (
        client.get(reverse("actionplans:inspection-edit", args=[plan.inspection.pk])).status_code
        == 403
    )


# --- upload, preview, confirm ------------------------------------------------------------


def _upload(client, data=SEED, name="littlehey.txt", **fields):
    return client.post(
        reverse("actionplans:import"), {"file": SimpleUploadedFile(name, data), **fields}
    )


def test_upload_preview_confirm(client, governor):
    response = _upload(client)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Check the action plan before saving" in html
    assert "Littlehey (HMP) (LTI), matched from “HMP LITTLEHEY” in the document" in html
    assert "the summary states 58 in total but 57 rows were found" in html
    assert "A new action plan" in html
    assert Inspection.objects.count() == 0  # nothing saved before confirming
    confirmed = client.post(response["Location"])
    plan = ActionPlan.objects.get()
    assert confirmed["Location"] == reverse("actionplans:plan", args=[plan.pk])
    assert plan.recommendations.count() == 64
    assert client.get(response["Location"]).status_code == 404  # the upload is used up


def test_preview_lists_what_the_cover_does_not_say(client, governor):
    unclear = SEED.replace(b"Report published\t31 July 2015", b"")
    response = _upload(client, data=unclear)
    html = client.get(response["Location"]).content.decode()
    assert "Some details could not be read from the document" in html
    assert "<strong>Report published</strong>: the cover gives no report publication date" in html
    clear = client.get(_upload(client)["Location"]).content.decode()
    assert "Some details could not be read" not in clear


def test_upload_of_the_same_plan_again_says_no_changes(client, governor, plan):
    response = _upload(client)
    html = client.get(response["Location"]).content.decode()
    assert "No changes" in html and "the same file" in html
    assert "Confirm and save" not in html


def test_upload_of_a_revised_plan_shows_the_changes_first(client, governor, plan):
    response = _upload(client, data=seed_revised(), name="revised.txt")
    html = client.get(response["Location"]).content.decode()
    assert "What the revised plan changes" in html
    assert "Changes to 5.6" in html
    assert (
        "Head of Safer Custody: 31 March 2016" in html
        and "Head of Safer Custody: 30 June 2016" in html
    )
    assert "5.64 (kept with their history" in html
    assert ActionPlan.objects.get().revision == 1
    client.post(response["Location"])
    assert ActionPlan.objects.get().revision == 2


def test_upload_errors_name_the_line_and_save_nothing(client, governor):
    broken = SEED.replace(b"31 March 2016", b"31 Febtember 2016", 1)
    html = _upload(client, data=broken, name="broken.txt").content.decode()
    assert "govuk-error-summary" in html
    assert "broken.txt: line" in html and "Febtember" in html
    html = client.post(reverse("actionplans:import"), {}).content.decode()
    assert "Choose the action plan file" in html
    assert Inspection.objects.count() == 0


def test_upload_with_a_chosen_establishment_and_start(client, make_user):
    client.force_login(make_user("admin", ()))
    data = b"ref,text,decision\n1.1,Fictional: keep records.,Agreed\n"
    html = _upload(client, data=data, name="flat.csv").content.decode()
    assert "matches no establishment you can see" in html
    html = _upload(client, data=data, name="flat.csv", establishment="DAI").content.decode()
    assert "enter the date the inspection started" in html
    response = _upload(
        client, data=data, name="flat.csv", establishment="DAI", inspection_start="01/06/2020"
    )
    assert response.status_code == 302
    client.post(response["Location"])
    assert Inspection.objects.get().establishment == Establishment.objects.get(code="DAI")


def test_exports(client, governor, plan):
    for export_format, start in [("csv", b"\xef\xbb\xbfRef,"), ("xlsx", b"PK"), ("pdf", b"%PDF")]:
        response = client.get(reverse("actionplans:plan-export", args=[plan.pk, export_format]))
        assert response.status_code == 200
        assert response.content.startswith(start)
    assert client.get(reverse("actionplans:plan-export", args=[plan.pk, "doc"])).status_code == 404


def test_source_file_download(client, governor, plan):
    response = client.get(reverse("actionplans:plan-source", args=[plan.pk]))
    assert b"".join(response.streaming_content) == SEED


def test_report_page(client, governor, plan):
    response, html = _page(client, "plan-report", plan.pk)
    assert response.status_code == 200
    for heading in ["By decision", "By owner", "By area", "By status"]:
        assert heading in html
    assert "Head of Learning and Skills" in html


def test_removed_recommendations_are_listed(client, governor, plan):
    services.action_plan_import(actor=COMMAND_LINE, data=seed_revised(), filename="revised.txt")
    _, html = _page(client, "plan", plan.pk)
    assert "No longer in the plan" in html
    removed = plan.recommendations.get(ref="5.64")
    _, html = _page(client, "recommendation", removed.pk)
    assert "A revised plan no longer lists this recommendation" in html
    assert "Add a progress update" not in html


def test_factory_plan_without_submission_renders(client, governor):
    plan = ActionPlanFactory.create(inspection=InspectionFactory.create(), submitted=None)
    RecommendationFactory.create(action_plan=plan)
    assert client.get(reverse("actionplans:plan", args=[plan.pk])).status_code == 200


# --- a record changed while someone was editing it ---------------------------------------


def test_target_change_form_shows_a_conflict_with_both_dates(client, governor, plan, make_user):
    line = plan.recommendations.get(ref="5.6").owner_lines.get()
    url = reverse("actionplans:target-change", args=[line.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    colleague = make_user("governor", ("LTI",), first_name="Ann", last_name="Hall")
    services.target_date_change(
        actor=colleague, owner_line=line, new_date=dt.date(2016, 6, 30), reason="Staff shortages"
    )
    response = client.post(
        url, {"new_date": "30/09/2016", "reason": "Contractor late", "version": 1}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This record was changed by Ann Hall at " in html
    assert '<td class="govuk-table__cell">30 June 2016</td>' in html  # theirs
    assert '<td class="govuk-table__cell">30 September 2016</td>' in html  # yours
    assert "Target date: 31 March 2016 to 30 June 2016" in html
    assert 'name="version" value="2"' in html
    assert TargetDateChange.objects.count() == 1
    again = client.post(url, {"new_date": "30/09/2016", "reason": "Contractor late", "version": 2})
    assert again.status_code == 302
    latest = TargetDateChange.objects.latest("id")
    assert (latest.old_date, latest.new_date) == (dt.date(2016, 6, 30), dt.date(2016, 9, 30))


def test_decide_by_and_inspection_forms_show_a_conflict(client, governor, plan, make_user):
    colleague = make_user("governor", ("LTI",), first_name="Ann", last_name="Hall")
    partial = plan.recommendations.filter(decision="partially_accepted").first()
    services.recommendation_decide_by_update(
        actor=colleague,
        recommendation=partial,
        decide_by=dt.date(2016, 10, 1),
        as_of=dt.date(2016, 6, 1),
    )
    html = client.post(
        reverse("actionplans:decide-by", args=[partial.pk]),
        {"decide_by": "01/09/2016", "version": 1},
    ).content.decode()
    assert "This record was changed by Ann Hall at " in html
    assert '<td class="govuk-table__cell">1 October 2016</td>' in html
    assert '<td class="govuk-table__cell">1 September 2016</td>' in html
    partial.refresh_from_db()
    assert partial.decide_by == dt.date(2016, 10, 1)

    inspection = plan.inspection
    services.inspection_update(actor=colleague, inspection=inspection, grade_safety=2)
    html = client.post(
        reverse("actionplans:inspection-edit", args=[inspection.pk]),
        {"kind": inspection.kind, "grade_safety": "4", "version": 1},
    ).content.decode()
    assert "This record was changed by Ann Hall at " in html
    assert '<td class="govuk-table__cell">2 – not sufficiently good</td>' in html
    assert '<td class="govuk-table__cell">4 – good</td>' in html
    inspection.refresh_from_db()
    assert inspection.grade_safety == 2
