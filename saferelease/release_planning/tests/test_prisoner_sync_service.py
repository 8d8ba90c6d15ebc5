"""The Prisoner Search sync against a local fake of HMPPS Auth and Prisoner Search."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from saferelease.accounts.tests.factories import MakeUser
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import KeyDateChange, Prisoner, PrisonerSyncRun
from saferelease.release_planning.prisoner_sync.client import PrisonerSearchClient
from saferelease.release_planning.prisoner_sync.service import sync_establishment
from saferelease.release_planning.tests.factories import make_prisoner
from saferelease.release_planning.tests.prisoner_search_fake import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeHmpps,
    Fault,
    prisoner_record,
)

AS_OF = dt.date(2026, 6, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeHmpps]:
    with FakeHmpps() as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def client_for(fake: FakeHmpps, sleeps: list[float], **options: Any) -> PrisonerSearchClient:
    settings: dict[str, Any] = {
        "search_url": fake.url,
        "auth_url": fake.url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "page_size": 2,
        "max_seconds": 30,
        "backoff_seconds": 0.01,
        "sleep": sleeps.append,
    }
    settings.update(options)
    return PrisonerSearchClient(**settings)


def lti() -> Establishment:
    return Establishment.objects.get(code="LTI")


def five_men() -> list[dict[str, Any]]:
    return [
        # Determinate: ARD before CRD, so the ERD is the ARD.
        prisoner_record(
            "G1001AA",
            firstName="ALAN",
            lastName="ARCHER",
            automaticReleaseDate="2026-11-02",
            conditionalReleaseDate="2026-12-01",
            homeDetentionCurfewEligibilityDate="2026-08-01",
        ),
        # Determinate with a PED: the ERD is the PED.
        prisoner_record(
            "G1002AA",
            firstName="BEN",
            lastName="BAKER",
            paroleEligibilityDate="2026-10-10",
            conditionalReleaseDate="2027-06-01",
        ),
        # Indeterminate: tariff date in the future gives the ERD.
        prisoner_record(
            "G1003AA",
            firstName="CARL",
            lastName="CARTER",
            legalStatus="INDETERMINATE_SENTENCE",
            indeterminateSentence=True,
            tariffDate="2027-01-15",
            conditionalReleaseDate=None,
            licenceExpiryDate=None,
            sentenceExpiryDate=None,
            releaseDate=None,
        ),
        # Remand: no ERD; no key dates at all (fields left out, as the API does).
        prisoner_record(
            "G1004AA",
            firstName="DAN",
            lastName="DAVIS",
            legalStatus="REMAND",
            convictedStatus="Remand",
            sentenceStartDate=...,
            sentenceExpiryDate=...,
            licenceExpiryDate=...,
            conditionalReleaseDate=...,
            releaseDate=...,
            mostSeriousOffence=...,
        ),
        # Recall with a confirmed release date: that date is the ERD.
        prisoner_record(
            "G1005AA",
            firstName="ED",
            lastName="EVANS",
            legalStatus="RECALL",
            recall=True,
            confirmedReleaseDate="2026-07-20",
            topupSupervisionExpiryDate="2027-07-20",
        ),
    ]


def test_a_first_sync_creates_every_man_on_every_page(fake: FakeHmpps, sleeps: list[float]) -> None:
    fake.prisons["LTI"] = five_men()
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok, result.error
    assert (result.pages, result.records, result.created) == (3, 5, 5)
    assert fake.count("GET", "/prisoner-search/prison/LTI") == 3
    assert "aFieldAddedNextYear" in result.unknown_fields
    archer = Prisoner.objects.get(prison_number="G1001AA")
    assert (archer.given_name, archer.family_name) == ("ALAN", "ARCHER")
    assert archer.date_of_birth == dt.date(1980, 4, 2)
    assert archer.reception_date == dt.date(2024, 2, 20)
    assert archer.sentence_type == "determinate"
    assert (archer.ard, archer.crd, archer.hdced) == (
        dt.date(2026, 11, 2),
        dt.date(2026, 12, 1),
        dt.date(2026, 8, 1),
    )
    assert archer.sed == archer.led == dt.date(2029, 3, 1)
    assert archer.most_serious_offence == "Robbery"
    assert archer.establishment.code == "LTI"
    kinds = dict(Prisoner.objects.values_list("prison_number", "sentence_type"))
    assert kinds == {
        "G1001AA": "determinate",
        "G1002AA": "determinate",
        "G1003AA": "indeterminate",
        "G1004AA": "remand",
        "G1005AA": "recall",
    }
    davis = Prisoner.objects.get(prison_number="G1004AA")
    assert davis.sed is None and davis.most_serious_offence == ""
    assert davis.reception_date == dt.date(2024, 2, 20)
    run = PrisonerSyncRun.objects.get()
    assert run.succeeded and (run.created, run.records, run.pages) == (5, 5, 3)
    sync_entry = AuditEntry.objects.get(object_repr="Prisoner Search sync LTI")
    assert sync_entry.actor_username == "system"
    assert sync_entry.changes["created"] == 5
    assert AuditEntry.objects.filter(action="create", summary="Prisoner Search sync").count() == 5


def test_the_sync_is_idempotent(fake: FakeHmpps, sleeps: list[float]) -> None:
    fake.prisons["LTI"] = five_men()
    sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    versions = dict(Prisoner.objects.values_list("prison_number", "version"))
    entries = AuditEntry.objects.count()
    again = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert again.ok and (again.created, again.updated, again.moved, again.unchanged) == (0, 0, 0, 5)
    assert dict(Prisoner.objects.values_list("prison_number", "version")) == versions
    assert AuditEntry.objects.count() == entries + 1  # the run's own entry only


def test_an_update_changes_nomis_fields_only_raises_the_version_and_keeps_key_date_history(
    fake: FakeHmpps, sleeps: list[float]
) -> None:
    stored = make_prisoner(
        prison_number="G1001AA",
        given_name="Alan",
        family_name="Archer",
        crd=dt.date(2026, 9, 1),
        rosh="very_high",
        osp="high",
        oasys_completed_date=dt.date(2026, 1, 15),
        mappa_category=2,
        mappa_level=2,
        com_name="Pat Jones",
        accommodation_status="settled",
        programme_status="on_programme",
        licence_approved_date=dt.date(2026, 5, 1),
        offence_category="sexual",
    )
    fake.prisons["LTI"] = [
        prisoner_record(
            "G1001AA", firstName="Alan", lastName="Archer", conditionalReleaseDate="2026-10-01"
        )
    ]
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok and result.updated == 1 and result.key_date_changes >= 1
    stored_after = Prisoner.objects.get(pk=stored.pk)
    assert stored_after.crd == dt.date(2026, 10, 1)
    assert stored_after.version == stored.version + 1
    # Fields NOMIS does not hold are untouched.
    assert (stored_after.rosh, stored_after.osp, stored_after.mappa_level) == (
        "very_high",
        "high",
        2,
    )
    assert stored_after.oasys_completed_date == dt.date(2026, 1, 15)
    assert stored_after.com_name == "Pat Jones"
    assert stored_after.accommodation_status == "settled"
    assert stored_after.programme_status == "on_programme"
    assert stored_after.licence_approved_date == dt.date(2026, 5, 1)
    assert stored_after.offence_category == "sexual"
    change = KeyDateChange.objects.get(prisoner=stored, field="crd")
    assert change.source == "sync" and change.new_value == dt.date(2026, 10, 1)


def test_men_no_longer_returned_are_released_moved_or_transferred_out_never_deleted(
    fake: FakeHmpps, sleeps: list[float]
) -> None:
    make_prisoner(prison_number="G2001BB")  # NOMIS: released
    make_prisoner(prison_number="G2002BB")  # NOMIS: now at Whatton
    make_prisoner(prison_number="G2003BB")  # NOMIS does not know him
    make_prisoner(prison_number="G2004BB")  # NOMIS: in transfer
    fake.prisons["LTI"] = [prisoner_record("G1001AA")]
    fake.lookups["G2001BB"] = prisoner_record(
        "G2001BB", status="INACTIVE OUT", prisonId="OUT", lastMovementDate="2026-05-28"
    )
    fake.lookups["G2002BB"] = prisoner_record("G2002BB", prisonId="WTI")
    fake.lookups["G2004BB"] = prisoner_record("G2004BB", status="INACTIVE TRN", prisonId="TRN")
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok, result.error
    assert (result.created, result.released, result.transferred_out, result.moved_in) == (
        1,
        1,
        2,
        1,
    )
    assert result.moved == 4
    men = {p.prison_number: p for p in Prisoner.objects.all()}
    assert len(men) == 5
    assert men["G2001BB"].released_on == dt.date(2026, 5, 28)
    assert men["G2002BB"].establishment.code == "WTI" and men["G2002BB"].in_custody
    assert men["G2003BB"].transferred_out_on == AS_OF and not men["G2003BB"].in_custody
    assert men["G2004BB"].transferred_out_on == AS_OF
    assert set(
        Prisoner.objects.in_custody()
        .filter(establishment__code="LTI")
        .values_list("prison_number", flat=True)
    ) == {"G1001AA"}
    # Run again: nothing more moves.
    again = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert again.ok and again.moved == 0 and again.unchanged == 1


def test_a_man_who_comes_back_is_held_again(fake: FakeHmpps, sleeps: list[float]) -> None:
    make_prisoner(prison_number="G1001AA", transferred_out_on=dt.date(2026, 1, 1))
    fake.prisons["LTI"] = [prisoner_record("G1001AA")]
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok and result.moved_in == 1
    assert Prisoner.objects.get(prison_number="G1001AA").in_custody


def test_expired_tokens_are_fetched_again(sleeps: list[float]) -> None:
    with FakeHmpps(token_uses=2) as fake:
        fake.prisons["LTI"] = five_men()
        client = client_for(fake, sleeps)
        result = sync_establishment(establishment=lti(), client=client, as_of=AS_OF)
        assert result.ok, result.error
        assert result.created == 5
        assert client.tokens_fetched == 2  # the second after a 401 on page 3
        assert any(status == 401 for _, _, status in fake.log)


def test_a_token_is_reused_until_shortly_before_it_expires(sleeps: list[float]) -> None:
    now = [0.0]
    with FakeHmpps(expires_in=600) as fake:
        fake.prisons["LTI"] = five_men()
        client = client_for(fake, sleeps, monotonic=lambda: now[0], max_seconds=1000)
        assert len(list(client.pages("LTI"))) == 3
        assert client.tokens_fetched == 1
        now[0] = 545.0  # within a minute of expiry: fetched again before it is used
        list(client.pages("LTI"))
        assert client.tokens_fetched == 2


def test_transient_failures_are_retried_with_backoff_honouring_retry_after(
    fake: FakeHmpps, sleeps: list[float]
) -> None:
    fake.prisons["LTI"] = five_men()
    fake.faults = [
        Fault("/auth/oauth/token", 503),
        Fault("/prisoner-search/prison/LTI", 500, page=1),
        Fault("/prisoner-search/prison/LTI", 429, page=2, headers={"Retry-After": "3"}),
        Fault("/prisoner-search/prison/LTI", 0, page=2),  # connection dropped
    ]
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok, result.error
    assert result.created == 5
    assert 3.0 in sleeps  # Retry-After honoured
    assert len(sleeps) == 4


def test_a_permanent_failure_changes_nothing(fake: FakeHmpps, sleeps: list[float]) -> None:
    stored = make_prisoner(prison_number="G1001AA", crd=dt.date(2026, 9, 1))
    make_prisoner(prison_number="G2003BB")
    fake.prisons["LTI"] = five_men()
    fake.faults = [Fault("/prisoner-search/prison/LTI", 500, page=2, times=100)]
    result = sync_establishment(
        establishment=lti(), client=client_for(fake, sleeps, max_attempts=3), as_of=AS_OF
    )
    assert not result.ok
    assert "page 3" in result.error and "HTTP 500" in result.error
    assert Prisoner.objects.count() == 2
    after = Prisoner.objects.get(pk=stored.pk)
    assert after.crd == dt.date(2026, 9, 1) and after.version == stored.version
    assert Prisoner.objects.get(prison_number="G2003BB").in_custody
    run = PrisonerSyncRun.objects.get()
    assert not run.succeeded and "nothing changed" in run.message
    assert "failed, nothing changed" in result.summary()


def test_the_time_budget_bounds_the_retries(fake: FakeHmpps) -> None:
    fake.prisons["LTI"] = five_men()
    fake.faults = [Fault("/prisoner-search/prison/LTI", 503, times=100)]
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = client_for(
        fake,
        [],
        max_seconds=10,
        max_attempts=100,
        backoff_seconds=2,
        sleep=sleep,
        monotonic=lambda: now[0],
    )
    result = sync_establishment(establishment=lti(), client=client, as_of=AS_OF)
    assert not result.ok and "gave up after 10 seconds" in result.error
    assert now[0] < 10
    assert not Prisoner.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Bad gateway</html>", "not JSON"),
        (b'{"totalPages": 3, "last": false}', "no content list"),
        (b'{"content": [1, 2]}', "not a list of prisoners"),
    ],
)
def test_a_broken_page_is_an_error_not_a_crash(
    fake: FakeHmpps, sleeps: list[float], body: bytes, message: str
) -> None:
    fake.prisons["LTI"] = five_men()
    fake.raw_pages[1] = body
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert not result.ok and message in result.error
    assert not Prisoner.objects.exists()


def test_a_record_that_cannot_be_stored_stops_the_run(fake: FakeHmpps, sleeps: list[float]) -> None:
    fake.prisons["LTI"] = [*five_men(), prisoner_record("G1006AA", dateOfBirth="not a date")]
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert not result.ok and "G1006AA: dateOfBirth is not a date" in result.error
    assert not Prisoner.objects.exists()


def test_refused_credentials_are_a_clear_error(fake: FakeHmpps, sleeps: list[float]) -> None:
    result = sync_establishment(
        establishment=lti(),
        client=client_for(fake, sleeps, client_secret="wrong"),
        as_of=AS_OF,
    )
    assert not result.ok and "client id and secret were refused" in result.error


def test_a_dry_run_saves_nothing(fake: FakeHmpps, sleeps: list[float]) -> None:
    fake.prisons["LTI"] = five_men()
    result = sync_establishment(
        establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF, dry_run=True
    )
    assert result.ok and result.created == 5 and "dry run" in result.summary()
    assert not Prisoner.objects.exists() and not PrisonerSyncRun.objects.exists()


def _env(monkeypatch: pytest.MonkeyPatch, settings: Any, fake: FakeHmpps) -> None:
    settings.HMPPS_PRISONER_SEARCH_URL = fake.url
    settings.HMPPS_AUTH_URL = fake.url
    settings.HMPPS_CLIENT_ID = CLIENT_ID
    settings.HMPPS_CLIENT_SECRET = CLIENT_SECRET
    settings.HMPPS_PRISONER_SEARCH_PAGE_SIZE = 2


def test_the_command_then_milestones_give_the_key_dates_and_erds_the_records_imply(
    fake: FakeHmpps, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    _env(monkeypatch, settings, fake)
    fake.prisons["LTI"] = five_men()
    fake.faults = [
        Fault("/prisoner-search/prison/LTI", 500, page=1),  # a transient 500
    ]
    fake.token_uses = 2  # and a token that expires on the way
    out = io.StringIO()
    call_command("sync", "prisoners", establishment="LTI", stdout=out, stderr=io.StringIO())
    assert "5 created" in out.getvalue()
    out = io.StringIO()
    call_command("milestones", establishment="LTI", format="json", as_of="2026-06-01", stdout=out)
    rows = json.loads(out.getvalue())
    erds = {(row["prison_number"], row["earliest_release_date"], row["erd_source"]) for row in rows}
    assert erds == {
        ("G1001AA", "2026-11-02", "ard"),
        ("G1002AA", "2026-10-10", "ped"),
        ("G1003AA", "2027-01-15", "ted"),
        ("G1004AA", None, None),
        ("G1005AA", "2026-07-20", "confirmed_release_date"),
    }


def test_the_command_reports_a_failure_and_changes_nothing(
    fake: FakeHmpps, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    _env(monkeypatch, settings, fake)
    settings.HMPPS_SYNC_MAX_SECONDS = 0.5
    fake.prisons["LTI"] = five_men()
    fake.faults = [Fault("/prisoner-search/prison/LTI", 500, page=1, times=1000)]
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 establishment syncs failed"):
        call_command("sync", "prisoners", establishment="LTI", stdout=io.StringIO(), stderr=err)
    assert "failed, nothing changed" in err.getvalue()
    assert not Prisoner.objects.exists()


def test_the_command_needs_the_settings(settings: Any) -> None:
    settings.HMPPS_PRISONER_SEARCH_URL = ""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sync", "prisoners", establishment="LTI", stdout=io.StringIO(), stderr=err)
    assert "Set HMPPS_PRISONER_SEARCH_URL" in err.getvalue()


def test_the_command_refuses_an_unknown_establishment() -> None:
    with pytest.raises(CommandError, match="Unknown establishment code: XXX"):
        call_command("sync", "prisoners", establishment="xxx")


def test_the_establishment_page_shows_the_last_sync(
    fake: FakeHmpps, sleeps: list[float], client: Any, make_user: MakeUser
) -> None:
    client.force_login(make_user("omu_manager"))
    assert (
        "Not synced from Prisoner Search yet" in client.get("/establishments/LTI/").content.decode()
    )
    fake.prisons["LTI"] = five_men()
    sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    page = client.get("/establishments/LTI/").content.decode()
    assert (
        "Succeeded" in page
        and "5 prisoners read: 5 created, 0 updated, 0 moved, 0 unchanged" in page
    )


def test_a_new_man_without_any_reception_date_is_created_from_the_day_of_the_sync(
    fake: FakeHmpps, sleeps: list[float]
) -> None:
    fake.prisons["LTI"] = [
        prisoner_record("G1001AA", receptionDate=..., lastAdmissionDate=..., sentenceStartDate=...)
    ]
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok and result.created == 1
    assert result.reception_defaulted == ["G1001AA"]
    assert "1 new without a reception date" in result.summary()
    assert Prisoner.objects.get().reception_date == AS_OF


def test_an_auth_url_with_its_auth_path_and_a_lifetime_as_text(sleeps: list[float]) -> None:
    with FakeHmpps() as fake:
        fake.expires_in = "1200"  # type: ignore[assignment]
        fake.prisons["LTI"] = five_men()
        client = client_for(fake, sleeps, auth_url=f"{fake.url}/auth/")
        assert client.token_url == f"{fake.url}/auth/oauth/token"
        assert sum(len(page.content) for page in client.pages("LTI")) == 5
        assert client.tokens_fetched == 1


def test_a_sync_refreshes_the_stored_deadline_results_of_every_man_it_changes(
    fake: FakeHmpps, sleeps: list[float]
) -> None:
    from saferelease.release_planning.models import DeadlineResult
    from saferelease.release_planning.selectors_results import deadline_summary
    from saferelease.release_planning.services_results import deadline_results_rebuild

    make_prisoner(prison_number="G2001BB")  # NOMIS: released
    make_prisoner(prison_number="G2002BB")  # NOMIS: now at Whatton
    deadline_results_rebuild(as_of=AS_OF)
    fake.prisons["LTI"] = five_men()
    fake.lookups["G2001BB"] = prisoner_record(
        "G2001BB", status="INACTIVE OUT", prisonId="OUT", lastMovementDate="2026-05-28"
    )
    fake.lookups["G2002BB"] = prisoner_record("G2002BB", prisonId="WTI")
    result = sync_establishment(establishment=lti(), client=client_for(fake, sleeps), as_of=AS_OF)
    assert result.ok, result.error
    stored = dict(
        DeadlineResult.objects.filter(rule_code="com-allocated").values_list(
            "prisoner__prison_number", "establishment__code"
        )
    )
    # The five new men are stored; the released man is not; the moved man is at Whatton.
    assert stored == {**{f"G100{n}AA": "LTI" for n in range(1, 6)}, "G2002BB": "WTI"}
    chosen = list(Establishment.objects.filter(code__in=["LTI", "WTI"]))
    summary = deadline_summary(chosen, as_of=AS_OF)
    assert summary.stored == 2
    assert summary == deadline_summary(chosen, as_of=AS_OF, stored=False)
