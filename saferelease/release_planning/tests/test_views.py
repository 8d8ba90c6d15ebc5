import datetime as dt

import pytest
from django.urls import reverse

from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment
from saferelease.release_planning import services
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner


@pytest.mark.django_db
def test_prisoner_page_shows_deadlines_and_audits_the_view(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", mappa_category=1, given_name="Fictional")
    client.force_login(littlehey_pom)
    response = client.get("/prisoners/A1111AA/?as_of=2026-03-01")
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        '1 September 2026</strong> (from the <abbr title="conditional release date">CRD</abbr>)'
        in content
    )
    assert ">MAPPA level set</th>" in content
    assert (
        "due 1 March 2026: ERD 1 September 2026 (CRD) minus 6 months; MAPPA category 1" in content
    )
    entry = AuditEntry.objects.get(action="view")
    assert entry.actor == littlehey_pom
    assert entry.object_repr == "A1111AA"


@pytest.mark.django_db
def test_littlehey_user_gets_404_for_dartmoor_prisoner_page_and_api(
    client, api_client, littlehey_pom
):
    make_prisoner(prison_number="D1111AA", establishment=Establishment.objects.get(code="DAI"))
    client.force_login(littlehey_pom)
    assert client.get("/prisoners/D1111AA/").status_code == 404
    api_client.force_authenticate(littlehey_pom)
    assert api_client.get("/api/v1/prisoners/D1111AA/").status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()


@pytest.mark.django_db
def test_inspector_gets_404_for_caseload_and_prisoner(client, make_user):
    make_prisoner(prison_number="A1111AA")
    client.force_login(make_user("inspector", ()))
    assert client.get("/caseload/").status_code == 404
    assert client.get("/prisoners/A1111AA/").status_code == 404
    assert b"Caseload" not in client.get("/").content


@pytest.mark.django_db
def test_caseload_page_lists_and_filters(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", family_name="Fakename", mappa_category=1)
    make_prisoner(
        prison_number="A2222AA",
        family_name="Other",
        crd=dt.date(2030, 1, 1),
        sed=dt.date(2031, 1, 1),
    )
    client.force_login(littlehey_pom)
    response = client.get("/caseload/?as_of=2026-03-01&scope=establishment")
    assert response.status_code == 200
    assert b"FAKENAME" in response.content and b"OTHER" in response.content
    filtered = client.get(
        "/caseload/?as_of=2026-03-01&scope=establishment&rule=mappa-level-set&status=due_soon"
    )
    assert b"FAKENAME" in filtered.content and b"OTHER" not in filtered.content


@pytest.mark.django_db
def test_caseload_filter_form_shows_the_scope_in_use(client, littlehey_pom):
    """A POM with cases sees his own by default, and the form says so, also when the
    query string leaves the scope out (a sort link, an as_of)."""
    make_prisoner(prison_number="A1111AA", family_name="Mine", pom=littlehey_pom)
    make_prisoner(prison_number="A2222AA", family_name="Colleagues")
    client.force_login(littlehey_pom)
    selected_mine = '<option value="mine" selected>My cases</option>'
    for url in ("/caseload/", "/caseload/?sort=name", "/caseload/?as_of=2026-03-01"):
        content = client.get(url).content.decode()
        assert "MINE" in content and "COLLEAGUES" not in content, url
        assert selected_mine in content, url
        assert '<option value="LTI" selected>' in content, url
    everyone = client.get("/caseload/?scope=establishment").content.decode()
    assert "MINE" in everyone and "COLLEAGUES" in everyone
    assert '<option value="establishment" selected>' in everyone


@pytest.mark.django_db
def test_deadline_form_errors_then_saves(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", mappa_category=1)
    client.force_login(littlehey_pom)
    url = reverse("release_planning:deadline", args=["A1111AA", "mappa-level-set"])
    response = client.post(url, {"action": "complete", "completed_on": "31/02/2026"})
    assert response.status_code == 200
    assert b"Date completed must be a real date" in response.content
    response = client.post(url, {"action": "complete", "completed_on": "20/2/2026", "version": 1})
    assert response.status_code == 302
    page = client.get(response["Location"] + "?as_of=2026-03-01")
    assert b"Met on 20 February 2026" in page.content


@pytest.mark.django_db
def test_releases_board_and_pdf_pack(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 4, 20), family_name="Soon")
    client.force_login(littlehey_pom)
    board = client.get("/releases/?as_of=2026-03-01")
    assert board.status_code == 200
    assert b"Past their release date, still in custody" in board.content
    assert b"Week of 23 February 2026" in board.content  # the week of as_of, on page 1
    assert b"SOON" not in board.content
    later = client.get("/releases/?as_of=2026-03-01&page=3")
    assert b"Week of 20 April 2026" in later.content and b"SOON" in later.content
    pdf = client.get("/releases/irmt-pack.pdf?as_of=2026-03-01")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pack = AuditEntry.objects.get(action="export")  # one entry for the whole pack
    assert pack.summary == "Exported IRMT pack (PDF)"
    assert pack.changes["prison_numbers"] == ["A1111AA"]


# --- a record changed while someone was editing it ---------------------------------------


def _changed_by_a_colleague(make_user, **changes):
    colleague = make_user(
        "omu_manager", ("LTI",), username="sam", first_name="Sam", last_name="Green"
    )
    services.prisoner_update(
        actor=colleague, prisoner=Prisoner.objects.get(prison_number="A1111AA"), changes=changes
    )
    return colleague


@pytest.mark.django_db
def test_deadline_form_carries_the_version_and_shows_a_conflict_with_both_values(
    client, littlehey_pom, make_user
):
    make_prisoner(prison_number="A1111AA", oasys_completed_date=None)
    client.force_login(littlehey_pom)
    url = reverse("release_planning:deadline", args=["A1111AA", "oasys-current"])
    form = client.get(url).content.decode()
    assert form.count('<input type="hidden" name="version" value="1">') == 1
    _changed_by_a_colleague(make_user, oasys_completed_date=dt.date(2026, 2, 10))
    response = client.post(url, {"action": "complete", "completed_on": "20/2/2026", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "This record was changed by Sam Green at " in page
    assert "while you were editing" in page
    assert '<td class="govuk-table__cell">10 February 2026</td>' in page  # theirs
    assert '<td class="govuk-table__cell">20 February 2026</td>' in page  # yours
    assert "OASys last completed: Not recorded to 10 February 2026" in page
    # Nothing was overwritten; the form now holds the current version and the user's date.
    prisoner = Prisoner.objects.get(prison_number="A1111AA")
    assert prisoner.oasys_completed_date == dt.date(2026, 2, 10)
    assert '<input type="hidden" name="version" value="2">' in page
    assert 'value="20/2/2026"' in page
    # Saving again is a deliberate choice: it keeps the user's value.
    again = client.post(url, {"action": "complete", "completed_on": "20/2/2026", "version": 2})
    assert again.status_code == 302
    assert Prisoner.objects.get(prison_number="A1111AA").oasys_completed_date == dt.date(
        2026, 2, 20
    )


@pytest.mark.django_db
def test_a_form_without_its_version_is_refused(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", oasys_completed_date=None)
    client.force_login(littlehey_pom)
    url = reverse("release_planning:deadline", args=["A1111AA", "oasys-current"])
    response = client.post(url, {"action": "complete", "completed_on": "20/2/2026"})
    assert b"This page is out of date: go back and open it again" in response.content
    assert Prisoner.objects.get(prison_number="A1111AA").oasys_completed_date is None


@pytest.mark.django_db
def test_release_form_shows_a_conflict_and_saves_nothing(client, littlehey_pom, make_user):
    make_prisoner(prison_number="A1111AA")
    client.force_login(littlehey_pom)
    url = reverse("release_planning:release", args=["A1111AA"])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    _changed_by_a_colleague(make_user, rosh="low")
    response = client.post(
        url,
        {"released_on": "27/2/2026", "accommodation_on_release": "none", "version": 1},
    )
    page = response.content.decode()
    assert "This record was changed by Sam Green at " in page
    assert "RoSH: High to Low" in page  # what they changed
    assert '<td class="govuk-table__cell">27 February 2026</td>' in page  # yours
    assert Prisoner.objects.get(prison_number="A1111AA").released_on is None


@pytest.mark.django_db
def test_pom_allocation_shows_a_conflict_on_its_own_page(client, make_user):
    head = make_user("omu_manager", ("LTI",), username="head", first_name="Ann", last_name="Hall")
    pom = make_user("caseworker", ("LTI",), username="pom", first_name="Kim", last_name="Lee")
    make_prisoner(prison_number="A1111AA")
    client.force_login(head)
    detail = client.get(reverse("release_planning:prisoner", args=["A1111AA"])).content.decode()
    assert 'name="version" value="1"' in detail
    _changed_by_a_colleague(make_user, rosh="low")
    url = reverse("release_planning:assign", args=["A1111AA"])
    response = client.post(url, {"pom": str(pom.pk), "version": 1})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This record was changed by Sam Green at " in page
    assert '<td class="govuk-table__cell">Kim Lee</td>' in page  # yours
    assert Prisoner.objects.get(prison_number="A1111AA").pom is None
    saved = client.post(url, {"pom": str(pom.pk), "version": 2})
    assert saved.status_code == 302
    assert Prisoner.objects.get(prison_number="A1111AA").pom == pom


@pytest.mark.django_db
def test_a_man_past_his_release_date_is_never_shown_nothing_due(client, littlehey_pom):
    done = dict.fromkeys(
        (
            "mappa_level_set_date",
            "com_allocated_date",
            "irmt_review_date",
            "ap_application_date",
            "duty_to_refer_date",
            "resettlement_plan_date",
            "resettlement_transfer_date",
            "licence_approved_date",
            "accommodation_confirmed_date",
        ),
        dt.date(2025, 12, 1),
    )
    make_prisoner(
        prison_number="A1111AA",
        confirmed_release_date=dt.date(2026, 1, 23),
        family_name="Passed",
        pom=littlehey_pom,
        **done,
    )
    client.force_login(littlehey_pom)
    caseload = client.get("/caseload/?as_of=2026-12-04").content.decode()
    assert "Release date passed" in caseload
    assert "Nothing due" not in caseload
    page = client.get("/prisoners/A1111AA/?as_of=2026-12-04").content.decode()
    assert "moj-alert--error" in page
    assert "Release date passed: record the release or correct the date" in page
    assert "315 days ago" in page
    board = client.get("/releases/?as_of=2026-12-04").content.decode()
    past = board.index("Past their release date, still in custody")
    assert board.index("PASSED") > past
    assert "Nothing due" not in board


@pytest.mark.django_db
def test_caseload_tag_names_the_most_urgent_item(client, littlehey_pom):
    # MAPPA category 1, RoSH high, CRD 1 September 2026: on 1 April 2026 the MAPPA level and
    # the approved premises application (high severity, both due 1 March; the MAPPA rule
    # comes first), the IRMT review, the handover and OASys are overdue.
    make_prisoner(prison_number="A1111AA", mappa_category=1, oasys_completed_date=None)
    client.force_login(littlehey_pom)
    content = client.get("/caseload/?as_of=2026-04-01&scope=establishment").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">MAPPA level overdue</strong>' in content
    assert "+4 more" in content


@pytest.mark.django_db
def test_prisoner_page_lifts_alerts_with_the_arithmetic_one_click_away(client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", mappa_category=1, ped=dt.date(2026, 1, 5))
    client.force_login(littlehey_pom)
    content = client.get("/prisoners/A1111AA/?as_of=2026-04-01").content.decode()
    needs = content.index("Needs doing now")
    every = content.index("All release-planning deadlines")
    mappa = content.index("MAPPA</abbr> level: 31 days overdue, due 1 March 2026")
    assert needs < mappa < every
    assert '<details class="govuk-details' in content[needs:every]
    assert "ERD 1 September 2026 (CRD) minus 6 months" in content[needs:every]
    assert "PED passed on 5 January 2026 without release" in content


@pytest.mark.django_db
def test_a_manager_chooses_the_establishment_rather_than_opening_the_first(client, make_user):
    manager = make_user("regional_manager", (), username="regional.choose")
    make_prisoner()
    client.force_login(manager)
    for url in ("/caseload/", "/releases/"):
        page = client.get(url).content.decode()
        assert "choose an establishment" in page
        assert "?establishment=LTI" in page
    assert (
        "choose an establishment" not in client.get("/caseload/?establishment=LTI").content.decode()
    )


def test_irmt_pack_takes_the_boards_filters_and_page(client, littlehey_pom):
    mine = {"pom": littlehey_pom, "rosh": "low", "offence_category": "other"}
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 3, 20), **mine)
    make_prisoner(prison_number="A2222AA", crd=dt.date(2026, 3, 21), rosh="very_high")
    make_prisoner(prison_number="A3333AA", crd=dt.date(2026, 7, 1), **mine)
    client.force_login(littlehey_pom)

    def packed(query: str) -> set[str]:
        seen = AuditEntry.objects.count()
        pdf = client.get(f"/releases/irmt-pack.pdf?as_of=2026-03-01&{query}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        [entry] = AuditEntry.objects.order_by("id")[seen:]  # one entry for the whole pack
        assert entry.summary == "Exported IRMT pack (PDF)"
        return set(entry.changes["prison_numbers"])

    assert packed("") == {"A1111AA", "A2222AA", "A3333AA"}
    assert packed("show=mine") == {"A1111AA", "A3333AA"}
    assert packed("show=mine&page=1") == {"A1111AA"}  # the first four weeks only
    assert packed("show=high_risk") == {"A2222AA"}
    assert packed("show=high_risk&show=mine") == set()
    board = client.get("/releases/?as_of=2026-03-01&show=mine").content.decode()
    assert "irmt-pack.pdf?as_of=2026-03-01&amp;show=mine" in board  # the links keep the filters
