"""The prisoner import pages (upload → preview → confirm) and its API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferelease.audit.models import AuditEntry
from saferelease.release_planning.models import KeyDateChange, Prisoner
from saferelease.release_planning.prisoner_import import prisoners_import
from saferelease.release_planning.tests.factories import make_prisoner
from saferelease.release_planning.views_import import SESSION_KEY, UPLOAD_FOLDER

pytestmark = pytest.mark.django_db

HEADER = (
    "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
    "sentence_type,crd,rosh\r\n"
)
GOOD = (
    HEADER
    + "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01,high\r\n"
    + "B2222BB,Adam,Jones,1985-02-01,,2024-01-10,recall,,medium\r\n"
)
BAD = (
    HEADER
    + "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,31/02/2026,high\r\n"
    + "B2222BB,Adam,Jones,1985-02-01,LTI,2024-01-10,recall,,extreme\r\n"
)

IMPORT_URL = "/prisoners/import/"
API_URL = "/api/v1/prisoners/import/"


@pytest.fixture(autouse=True)
def _uploads_kept_apart(media_root):
    return media_root


@pytest.fixture
def head_of_omu(make_user):
    return make_user("omu_manager", ("LTI",), username="omu.lti")


@pytest.fixture
def existing_prisoner():
    return make_prisoner(
        prison_number="A1111AA",
        given_name="John",
        family_name="Smith",
        date_of_birth=dt.date(1980, 2, 1),
        reception_date=dt.date(2024, 1, 10),
        crd=dt.date(2026, 9, 1),
        rosh="high",
    )


def upload(text: str, name: str = "prisoners.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def stored_files(media_root) -> list:
    folder = media_root / UPLOAD_FOLDER
    return sorted(folder.glob("*.csv")) if folder.exists() else []


# --- pages --------------------------------------------------------------------------------


def test_the_routes_are_named():
    assert reverse("release_planning:import") == IMPORT_URL
    assert reverse("release_planning:import-preview") == "/prisoners/import/preview/"
    assert reverse("release_planning:import-confirm") == "/prisoners/import/confirm/"
    assert reverse("api:prisoner-import") == API_URL


def test_a_caseworker_may_not_open_the_import_page(client, littlehey_pom):
    client.force_login(littlehey_pom)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(GOOD)}).status_code == 403


def test_the_upload_page_offers_only_the_users_establishments(client, head_of_omu):
    client.force_login(head_of_omu)
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="file"' in content
    assert 'enctype="multipart/form-data"' in content
    assert '<option value="LTI" selected>Littlehey (HMP) (LTI)</option>' in content
    assert "DAI" not in content


def test_an_establishment_out_of_scope_cannot_be_chosen(client, head_of_omu):
    client.force_login(head_of_omu)
    response = client.post(IMPORT_URL, {"file": upload(GOOD), "establishment": "DAI"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Prisoner.objects.count() == 0


def test_upload_preview_and_confirm_saves_the_file(
    client, head_of_omu, existing_prisoner, media_root
):
    client.force_login(head_of_omu)
    response = client.post(IMPORT_URL, {"file": upload(GOOD), "establishment": "LTI"})
    assert response.status_code == 302
    assert response["Location"] == "/prisoners/import/preview/"
    assert len(stored_files(media_root)) == 1
    assert Prisoner.objects.count() == 1

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "Check the prisoner import" in content
    assert '<dd class="govuk-summary-list__value" id="count-created">1</dd>' in content
    assert '<dd class="govuk-summary-list__value" id="count-updated">1</dd>' in content
    assert '<dd class="govuk-summary-list__value" id="count-unchanged">0</dd>' in content
    assert "Conditional release date (CRD)" in content
    assert "1 September 2026" in content and "1 October 2026" in content
    assert "B2222BB" in content
    assert Prisoner.objects.count() == 1  # still nothing saved

    sha256 = client.session[SESSION_KEY]["sha256"]
    confirmed = client.post(reverse("release_planning:import-confirm"), {"sha256": sha256})
    assert confirmed.status_code == 302
    assert Prisoner.objects.count() == 2
    existing_prisoner.refresh_from_db()
    assert existing_prisoner.crd == dt.date(2026, 10, 1)
    assert Prisoner.objects.get(prison_number="B2222BB").establishment.code == "LTI"
    assert KeyDateChange.objects.get().source == "import"
    assert {e.channel for e in AuditEntry.objects.all()} == {"web"}
    assert stored_files(media_root) == []
    assert SESSION_KEY not in client.session
    page = client.get(confirmed["Location"]).content.decode()
    assert "Prisoner file imported: 1 new prisoner, 1 prisoner updated, 0 unchanged" in page


def test_the_file_is_read_twice_upload_and_confirm_not_again_for_the_preview(
    client, head_of_omu, existing_prisoner, media_root, monkeypatch
):
    from saferelease.release_planning import views_import

    runs: list[bool] = []

    def counting(**kwargs):
        runs.append(kwargs.get("dry_run", False))
        return prisoners_import(**kwargs)

    monkeypatch.setattr(views_import, "prisoners_import", counting)
    client.force_login(head_of_omu)
    client.post(IMPORT_URL, {"file": upload(GOOD), "establishment": "LTI"})
    assert len(list((media_root / UPLOAD_FOLDER).glob("*.json"))) == 1
    for _ in range(2):  # reloading the preview does not run the import either
        content = client.get(reverse("release_planning:import-preview")).content.decode()
        assert '<dd class="govuk-summary-list__value" id="count-created">1</dd>' in content
        assert "1 September 2026" in content and "1 October 2026" in content
        assert "B2222BB" in content
    assert runs == [True]
    sha256 = client.session[SESSION_KEY]["sha256"]
    client.post(reverse("release_planning:import-confirm"), {"sha256": sha256})
    assert runs == [True, False]
    assert Prisoner.objects.count() == 2
    assert not list((media_root / UPLOAD_FOLDER).iterdir())  # file and preview removed


def test_the_preview_runs_the_dry_run_when_its_summary_has_gone(client, head_of_omu, media_root):
    client.force_login(head_of_omu)
    client.post(IMPORT_URL, {"file": upload(GOOD), "establishment": "LTI"})
    for summary in (media_root / UPLOAD_FOLDER).glob("*.json"):
        summary.unlink()
    content = client.get(reverse("release_planning:import-preview")).content.decode()
    assert '<dd class="govuk-summary-list__value" id="count-created">2</dd>' in content


def test_a_file_with_errors_lists_them_by_row_and_keeps_nothing(client, head_of_omu, media_root):
    client.force_login(head_of_omu)
    response = client.post(IMPORT_URL, {"file": upload(BAD), "establishment": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Import prisoners – Safe Release</title>" in content
    assert "govuk-error-summary" in content
    assert "The file has 2 errors. Nothing has been imported." in content
    assert (
        "Row 2, crd: &#x27;31/02/2026&#x27; is not a date in the form YYYY-MM-DD or DD/MM/YYYY"
        in content
    )
    assert "Row 3, rosh: &#x27;extreme&#x27; is not allowed" in content
    assert 'href="#id_file"' in content
    assert "The selected file has 2 errors: correct the file and upload it again" in content
    assert stored_files(media_root) == []
    assert Prisoner.objects.count() == 0


def test_choosing_no_file_is_an_error(client, head_of_omu):
    client.force_login(head_of_omu)
    response = client.post(IMPORT_URL, {"establishment": "LTI"})
    assert "Select a prisoner file" in response.content.decode()


def test_confirm_needs_the_previewed_file(client, head_of_omu):
    client.force_login(head_of_omu)
    client.post(IMPORT_URL, {"file": upload(GOOD), "establishment": "LTI"})
    response = client.post(reverse("release_planning:import-confirm"), {"sha256": "0" * 64})
    assert response.status_code == 302
    assert Prisoner.objects.count() == 0
    assert client.get(reverse("release_planning:import-confirm")).status_code == 405


def test_preview_without_an_upload_goes_back_to_the_upload_page(client, head_of_omu):
    client.force_login(head_of_omu)
    response = client.get(reverse("release_planning:import-preview"))
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL


def test_a_file_already_up_to_date_has_nothing_to_save(client, head_of_omu):
    client.force_login(head_of_omu)
    text = HEADER + "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01,high\r\n"
    client.post(IMPORT_URL, {"file": upload(text), "establishment": ""})
    sha256 = client.session[SESSION_KEY]["sha256"]
    client.post(reverse("release_planning:import-confirm"), {"sha256": sha256})
    client.post(IMPORT_URL, {"file": upload(text), "establishment": ""})
    content = client.get(reverse("release_planning:import-preview")).content.decode()
    assert "there is nothing to save" in content
    assert "Save the changes" not in content


# --- API ----------------------------------------------------------------------------------


def test_api_dry_run_answers_the_counts_and_changes(api_client, head_of_omu, existing_prisoner):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        API_URL,
        {"file": upload(GOOD), "establishment": "LTI", "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "dry_run": True,
        "rows": 2,
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "key_date_changes": 1,
        "created_prison_numbers": ["B2222BB"],
        "changes": [
            {
                "row": 2,
                "prison_number": "A1111AA",
                "fields": {"crd": {"old": "2026-09-01", "new": "2026-10-01"}},
            }
        ],
    }
    assert Prisoner.objects.count() == 1


def test_api_import_saves_and_is_audited_as_api(api_client, head_of_omu):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        API_URL, {"file": upload(GOOD), "establishment": "LTI"}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["created"] == 2
    assert Prisoner.objects.count() == 2
    assert {e.channel for e in AuditEntry.objects.all()} == {"api"}


def test_api_errors_use_the_error_format_with_row_numbered_fields(api_client, head_of_omu):
    api_client.force_authenticate(head_of_omu)
    text = BAD.replace("DAI", "") + "C3333CC,Tom,Brown,1985-02-01,DAI,2024-01-10,remand,,\r\n"
    response = api_client.post(API_URL, {"file": upload(text)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "The file has 3 errors: nothing was imported.",
            "fields": {
                "rows": {
                    "2": {
                        "crd": ["'31/02/2026' is not a date in the form YYYY-MM-DD or DD/MM/YYYY"]
                    },
                    "3": {
                        "rosh": [
                            "'extreme' is not allowed: use one of low, medium, high, very_high"
                        ]
                    },
                    "4": {
                        "establishment": [
                            "you cannot import into Dartmoor (HMP) (DAI): it is not one of "
                            "your establishments"
                        ]
                    },
                }
            },
        }
    }
    assert Prisoner.objects.count() == 0


def test_api_without_a_file_is_a_400_on_the_file_field(api_client, head_of_omu):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(API_URL, {"establishment": "LTI"}, format="multipart")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert "file" in body["fields"]


def test_api_refuses_a_caseworker_and_hides_other_establishments(
    api_client, littlehey_pom, head_of_omu
):
    api_client.force_authenticate(littlehey_pom)
    response = api_client.post(API_URL, {"file": upload(GOOD)}, format="multipart")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        API_URL, {"file": upload(GOOD), "establishment": "DAI"}, format="multipart"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Prisoner.objects.count() == 0


def test_api_needs_authentication(api_client):
    response = api_client.post(API_URL, {"file": upload(GOOD)}, format="multipart")
    assert response.status_code == 401
