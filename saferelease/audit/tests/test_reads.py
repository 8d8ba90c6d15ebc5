"""Every read of personal data writes one audit entry.

The walk covers every URL pattern of the project (Django's URL resolver, so a new route is
walked as soon as it exists) and every project command. A route either writes exactly one
view or export entry for each answer it gives, or is in ``NO_PERSONAL_DATA`` with the
reason; an allowed route is also checked to show none of the prisoners' identifiers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.tests.factories import MakeUser
from saferelease.actionplans.tests.factories import (
    OwnerLineFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.audit.services import audit_read, audit_record
from saferelease.omu.models import (
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db

READS = [AuditAction.VIEW, AuditAction.EXPORT]

#: Views (by module, or module.function) that show no personal data, with the reason.
NO_PERSONAL_DATA = {
    "saferelease.core.views": "home and health check: the signed-in user's own name at most",
    "saferelease.release_planning.views_import.prisoner_import": "the upload form (what a "
    "file holds is shown, and audited, by the preview)",
    "saferelease.omu.views.com_report_create": "an empty request form",
    "saferelease.release_planning.views_rules": "an establishment's settings of the rules",
    "saferelease.omu.views.qa_settings": "an establishment's QA settings",
    "saferelease.accounts.views": "sign-in and the signed-in user's own account and tokens",
    "saferelease.establishments": "the prison register, and the caller's own account (me)",
    "saferelease.actionplans": "inspections and action plans concern establishments, not "
    "people (exports and evidence downloads are audited all the same)",
    "saferelease.metrics": "figures for an establishment or the country, never one person "
    "(exports are audited all the same)",
    "saferelease.jobs": "background jobs: their schedule and status (a job's result "
    "download is audited as an export)",
    "rest_framework.routers": "the API root: links only",
    "drf_spectacular.views": "the API's description",
    "django.contrib.contenttypes.views": "the admin's 'view on site' redirect",
}

#: Every project command that prints or writes personal data, and how to run it.
COMMAND_READS: dict[str, list[str]] = {
    "milestones": ["--as-of", "2026-01-01"],
    "prisoners": ["import", "{csv}", "--dry-run"],
    "user": ["list"],
    "qa": ["sample", "--establishment", "LTI", "--as-of", "2026-12-04"],
}
#: Commands that read personal data and are walked by a test of their own.
COMMANDS_TESTED_ELSEWHERE = {
    "backup": "copies the whole database (needs a database of its own): its export entry is "
    "checked in saferelease/core/tests/test_backup.py",
}
#: Project commands that print no personal data, with the reason.
COMMANDS_WITHOUT_PERSONAL_DATA = {
    "actionplan": "parses and imports action plans: establishments' findings",
    "inspection": "parses and imports inspection reports and reviews of progress",
    "metrics": "figures for an establishment or the country",
    "docs": "regenerates the generated tables of docs/ from the code",
    "sync": "prints counts per establishment; the records it changes are audited as changes",
    "deadline_results": "stores deadline results, or prints counts by establishment and rule",
    "notify": "prints counts; each digest goes to the POM holding the cases (NotificationLog)",
    "demo": "loads the synthetic world and prints the demo sign-ins",
    "restore": "writes a backup into an empty database; prints row counts",
    "bench": "benchmarks on a synthetic population of its own; writes docs/benchmarks.md",
    "loadtest": "sends requests to a served instance (each audited there); writes a report",
    "metrics_bench": "benchmarks of the metrics on a synthetic population of its own",
    "regions": "lists and sets regions: names and establishment codes",
}

PERIOD = {"from_date": "1/1/2025", "to_date": "31/12/2025"}
PRISON_NUMBERS = ["A7001ZZ", "A7002ZZ"]
FAMILY_NAMES = ["Quillfeather", "Brambleworth"]


@pytest.fixture
def world(make_user: MakeUser, media_root: Path) -> dict[str, Any]:
    # Assigned to Littlehey, so that the caseload and the board open it without asking.
    admin = make_user("admin", ("LTI",), is_staff=True, is_superuser=True)
    prisoners = [
        make_prisoner(prison_number=number, family_name=name, pom=admin)
        for number, name in zip(PRISON_NUMBERS, FAMILY_NAMES, strict=True)
    ]
    com_report = make_com_report(prisoners[0])
    sample = QaSample.objects.create(
        establishment=prisoners[0].establishment,
        month=dt.date(2026, 11, 1),
        seed=1,
        population=1,
        percent=10,
        size=1,
        due_on=dt.date(2026, 12, 31),
        drawn_at=timezone.now(),
    )
    review = QaReview.objects.create(
        sample=sample,
        prisoner=prisoners[0],
        assessment_completed_on=dt.date(2026, 11, 10),
        due_on=dt.date(2026, 12, 31),
    )
    supervisor = make_user("omu_manager", ("LTI",), username="supervisor.reads")
    session = SupervisionSession.objects.create(
        establishment=prisoners[0].establishment,
        pom=admin,
        supervisor=supervisor,
        held_on=dt.date(2026, 11, 20),
    )
    programme = Programme.objects.create(
        establishment=prisoners[0].establishment, name="Horizon", places_per_year=12
    )
    need = ProgrammeNeed.objects.create(
        programme=programme, prisoner=prisoners[0], assessed_on=dt.date(2026, 10, 1)
    )
    offer = EngagementOffer.objects.create(
        prisoner=prisoners[0],
        intervention="Group work",
        offered_on=dt.date(2026, 10, 2),
        outcome="declined",
    )
    recommendation = RecommendationFactory.create()
    line = OwnerLineFactory.create(recommendation=recommendation)
    update = ProgressUpdateFactory.create(recommendation=recommendation)
    entry = audit_record(actor=admin, action=AuditAction.UPDATE, object_type="x.y")
    plan = recommendation.action_plan
    assert plan is not None
    return {
        "admin": admin,
        "pk": sorted(
            {
                plan.pk,
                plan.inspection.pk,
                recommendation.pk,
                line.pk,
                update.pk,
                com_report.pk,
                review.pk,
                sample.pk,
                session.pk,
                programme.pk,
                need.pk,
                offer.pk,
            }
        ),
        "object_id": [str(admin.pk), str(entry.pk)],
    }


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, tuple[str, ...]]]:
    for key, possibilities in resolver.reverse_dict.lists():
        if isinstance(key, str):
            for bits, *_rest in possibilities:
                for _format, params in bits:
                    yield prefix + key, tuple(params)
    for namespace, (_pattern, sub) in resolver.namespace_dict.items():
        yield from _routes(sub, f"{prefix}{namespace}:")


def _samples(world: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        "pk": world["pk"],
        "code": ["LTI"],
        "fmt": ["csv", "xlsx"],
        "export_format": ["csv", "xlsx", "pdf"],
        "format": ["json"],
        "token": ["not-a-token"],
        "key": ["not-a-token-key"],
        "prison_number": PRISON_NUMBERS[:1],
        "rule_code": ["oasys-current"],
        "establishment_code": ["LTI"],
        "job_id": ["no-such-job"],
        "object_id": world["object_id"],
        "id": [world["admin"].pk],
        "app_label": ["audit"],
        "content_type_id": ["1"],
        "url": ["nothing-here/"],
    }


def _allowed(url: str) -> str | None:
    match = resolve(url.split("?")[0])
    view = match.func
    name = f"{getattr(view, '__module__', '')}.{getattr(view, '__name__', '')}"
    return next(
        (why for key, why in NO_PERSONAL_DATA.items() if f"{name}.".startswith(f"{key}.")),
        None,
    )


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _stage_prisoner_file(client: Any, tmp_path: Path) -> None:
    """Upload a file so that the import preview has something to show."""
    path = _csv(tmp_path)
    with path.open("rb") as handle:
        response = client.post("/prisoners/import/", {"file": handle, "establishment": "LTI"})
    assert response.status_code == 302, response.content[:500]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "prisoners.csv"
    path.write_text(
        "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
        "sentence_type,crd,rosh\n"
        f"{PRISON_NUMBERS[0]},John,{FAMILY_NAMES[0]},1970-05-17,LTI,2024-01-10,"
        "determinate,2026-10-01,high\n"
    )
    return path


def test_every_route_audits_its_reads_or_shows_no_personal_data(client, world, tmp_path):
    client.force_login(world["admin"])
    _stage_prisoner_file(client, tmp_path)
    samples = _samples(world)
    answered: dict[str, list[int]] = {}
    failures: list[str] = []
    for name, params in sorted(set(_routes(get_resolver()))):
        unknown = [p for p in params if p not in samples]
        assert not unknown, f"{name}: add sample values for {unknown} to _samples"
        for values in itertools.product(*[samples[p] for p in params]):
            try:
                url = reverse(name, kwargs=dict(zip(params, values, strict=True)))
            except NoReverseMatch:
                continue
            before = AuditEntry.objects.filter(action__in=READS).count()
            # A period for the metrics; the admin's lists refuse parameters they do not know.
            query = {} if name.startswith("admin:") else PERIOD
            response = client.get(url, query)
            body = _body(response) if response.status_code == 200 else ""
            written = AuditEntry.objects.filter(action__in=READS).count() - before
            answered.setdefault(name, []).append(response.status_code)
            if _allowed(url) is not None:
                shown = [n for n in PRISON_NUMBERS + FAMILY_NAMES if n in body]
                if shown:
                    failures.append(f"{url} shows {shown} but is in NO_PERSONAL_DATA")
            elif response.status_code == 200 and written != 1:
                summaries = AuditEntry.objects.filter(action__in=READS).order_by("-id")
                wrote = [e.summary for e in summaries[: max(written, 0)]]
                failures.append(f"{url} wrote {written} audit entries for one read: {wrote}")
    for name, statuses in answered.items():
        url_allowed = any(
            _allowed(reverse(name, kwargs=dict(zip(p, v, strict=True)))) is not None
            for n, p in _routes(get_resolver())
            if n == name
            for v in itertools.islice(itertools.product(*[samples[x] for x in p]), 1)
        )
        # The admin sends a missing object, or a signed-in user's sign-in, elsewhere.
        shows_nothing = {301, 302, 403, 405} if name.startswith("admin:") else {403, 405}
        if url_allowed or set(statuses) <= shows_nothing:
            continue  # shows no personal data, or is never read (POST only, or refused)
        if 200 not in statuses:
            failures.append(
                f"{name} never answered 200 ({sorted(set(statuses))}): give it "
                "sample values, or add it to NO_PERSONAL_DATA with the reason"
            )
    assert failures == [], "\n".join(failures)


def test_a_list_read_names_the_query_the_count_and_the_prison_numbers(client, world):
    client.force_login(world["admin"])
    response = client.get("/api/v1/prisoners/", {"establishment": "lti", "page_size": "1"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.object_type == "release_planning.prisoner"
    assert entry.establishment_code == "LTI"
    assert entry.changes == {
        "query": {"establishment": "lti", "page_size": "1"},
        "count": 1,
        "prison_numbers": [PRISON_NUMBERS[0]],
        "total": 2,
    }
    assert entry.channel == "api"


def test_the_irmt_pack_is_one_entry_for_every_prisoner_in_it(client, world):
    client.force_login(world["admin"])
    response = client.get(
        "/releases/irmt-pack.pdf", {"establishment": "LTI", "as_of": "2026-05-01"}
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action__in=READS)
    assert entry.action == AuditAction.EXPORT
    assert sorted(entry.changes["prison_numbers"]) == PRISON_NUMBERS


def test_a_prison_number_finds_the_lists_that_showed_it(client, world):
    client.force_login(world["admin"])
    client.get("/caseload/", {"establishment": "LTI", "scope": "establishment"})
    client.get(f"/audit/?q={PRISON_NUMBERS[1]}")
    page = client.get(f"/audit/?q={PRISON_NUMBERS[1]}")
    assert "Listed caseload" in page.content.decode()


def test_a_read_keeps_no_nul_and_bounded_query_values():
    entry = audit_read(
        actor=COMMAND_LINE,
        object_type="release_planning.prisoner",
        query={"q": "A\x00" + "x" * 500, "": "", "empty": ""},
        prison_numbers=["A1", "A1", "B2"],
        summary="Listed\x00",
    )
    assert entry.changes["query"] == {"q": "A" + "x" * 99}
    assert entry.changes["prison_numbers"] == ["A1", "B2"]
    assert entry.changes["count"] == 2
    assert entry.summary == "Listed"


def test_every_command_that_prints_personal_data_audits_it(world, tmp_path, capsys):
    project = {n for n, app in get_commands().items() if app.startswith("saferelease")}
    known = set(COMMAND_READS) | set(COMMANDS_TESTED_ELSEWHERE)
    assert project == known | set(COMMANDS_WITHOUT_PERSONAL_DATA), (
        "a command is in neither COMMAND_READS nor COMMANDS_WITHOUT_PERSONAL_DATA"
    )
    csv_path = _csv(tmp_path)
    for name, arguments in COMMAND_READS.items():
        before = AuditEntry.objects.filter(action__in=READS).count()
        args = [a.format(csv=csv_path) for a in arguments]
        call_command(name, *args)
        capsys.readouterr()
        entries = AuditEntry.objects.filter(action__in=READS).order_by("-id")
        assert entries.count() - before == 1, f"saferelease {name} wrote no audit entry"
        assert entries[0].channel == "cli", name


def test_milestones_names_every_prisoner_it_printed(world, capsys):
    call_command("milestones", "--establishment", "LTI", "--format", "csv")
    printed = capsys.readouterr().out
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert sorted(entry.changes["prison_numbers"]) == PRISON_NUMBERS
    assert all(number in printed for number in PRISON_NUMBERS)
    assert entry.changes["query"]["establishment"] == "LTI"
