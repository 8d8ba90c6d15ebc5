"""The API fuzzed against its own OpenAPI schema with schemathesis, in process.

The schema is read from ``/api/schema/`` through the WSGI application (no server, the test
database) and every operation is called with cases generated from it: positive cases (valid
by the schema) and negative ones (not), each sent with one of two API tokens, an
administrator's (every establishment) and a POM's (a caseworker at Littlehey). Every answer
must be other than a server error (5xx) and, where the schema documents its status, match
the schema. Generated identifiers would almost always be 404s, so three in four path
parameters, query parameters and body fields that name a record are swapped for records
that exist (see ``Known``): plans, recommendations, reviews, urgent notifications, evidence,
prisoners at Littlehey and one at Dartmoor (outside the POM's scope).

Bounded and reproducible: ``FUZZ_EXAMPLES`` cases per operation and mode, derandomised
(the same cases every run), no Hypothesis example database, no shrinking. What the
fuzzing writes stays in the test's transaction and its files in a throwaway MEDIA_ROOT.
A longer run by hand: docs/security.md, "Schema fuzzing".

schemathesis's own pytest plugin is switched off (``-p no:schemathesis`` in pyproject.toml):
it does not run under pytest 9.2, and this loop needs only its schema loader, case
strategies and checks. docs/adr/0017-schemathesis-schema-fuzzing.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.models import User
from saferelease.accounts.services import user_token_create
from saferelease.actionplans.models import (
    ActionPlan,
    EvidenceFile,
    Inspection,
    Judgement,
    OwnerLine,
    ProgressUpdate,
    Recommendation,
    ReviewOfProgress,
    TargetDateChange,
    UrgentNotification,
)
from saferelease.actionplans.services import progress_update_create, target_date_change
from saferelease.demo.omu import demo_omu_load
from saferelease.demo.services import demo_action_plans_load, demo_users_load
from saferelease.establishments.models import Establishment
from saferelease.metrics.tests.factories import littlehey_population
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

#: Generated cases per operation and generation mode (positive, negative): 610 requests per
#: token for the 63 operations, some 16 s on SQLite (docs/security.md has the figures).
#: A longer run by hand: SAFERELEASE_FUZZ_EXAMPLES=200 pytest tests/test_api_fuzzing.py -s
FUZZ_EXAMPLES = int(os.environ.get("SAFERELEASE_FUZZ_EXAMPLES", "5"))
#: The date the records were made on (the API itself reads the clock).
AS_OF = dt.date(2026, 12, 1)

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # Many generated cases are refused by validation stricter than the schema says (file
    # contents, dates in order); that is what is being tested, not a slow strategy.
    suppress_health_check=list(HealthCheck),
    # No shrinking: a failure is reported as found, with the request that caused it.
    phases=[Phase.explicit, Phase.generate],
)
CHECKS = [not_a_server_error, response_schema_conformance]
#: What a drawn value means when the generated one is kept.
_GENERATED = object()


@dataclass
class Known:
    """Values of records that exist, by the name of the parameter or field that holds them.
    A path's ``{id}`` is looked up by the collection before it (``recommendations``)."""

    by_name: dict[str, list[Any]] = field(default_factory=dict)
    by_collection: dict[str, list[Any]] = field(default_factory=dict)

    def for_path(self, path: str, name: str) -> list[Any]:
        if name != "id":
            return self.by_name.get(name, [])
        segments = [s for s in path.split("/") if s]
        collection = segments[segments.index("{id}") - 1]
        return self.by_collection.get(collection, [])


def _ids(model: Any) -> list[int]:
    """A few of the model's ids: the first and the last."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    return sorted(set(ids[:3] + ids[-3:]))


def _world(pom: User) -> Known:
    """The records the fuzzing reaches: the demo's inspection story at Littlehey and
    Dartmoor (plans, report, review of progress, judgements, urgent notification), ten men
    at Littlehey, four of them on the POM's caseload, one man at Dartmoor, a COM report
    request, the OMU's demo work (programmes, waiting lists, engagement offers, QA samples
    and reviews, supervision), a progress update with an evidence file and a target-date
    change."""
    demo_users_load()
    demo_action_plans_load(as_of=AS_OF)
    littlehey_population()
    make_prisoner(establishment=Establishment.objects.get(code="DAI"), prison_number="A9999ZZ")
    Prisoner.objects.filter(
        pk__in=Prisoner.objects.filter(establishment__code="LTI").order_by("pk")[:4]
    ).update(pom=pom)
    for prisoner in Prisoner.objects.order_by("pk")[:2]:
        make_com_report(prisoner)
    # OASys assessments completed in the months QA samples are drawn from.
    held = Prisoner.objects.filter(establishment__code="LTI", released_on=None)
    held.filter(pk__in=held.order_by("pk")[:3]).update(oasys_completed_date=dt.date(2026, 10, 12))
    held.filter(pk__in=held.order_by("-pk")[:3]).update(oasys_completed_date=dt.date(2026, 11, 9))
    demo_omu_load(as_of=AS_OF)
    assert QaReview.objects.exists()
    governor = User.objects.get(username="governor.littlehey")
    owner_line = (
        OwnerLine.objects.filter(recommendation__inspection__establishment__code="LTI")
        .exclude(target_date=None)
        .order_by("-pk")
        .first()
    )
    assert owner_line is not None
    progress_update_create(
        actor=governor,
        recommendation=owner_line.recommendation,
        date=AS_OF,
        status="in_progress",
        narrative="Fictional progress with a note attached.",
        evidence=[ContentFile(b"A fictional note of a meeting.\n", name="note.txt")],
        as_of=AS_OF,
    )
    target_date_change(
        actor=governor,
        owner_line=owner_line,
        new_date=AS_OF + dt.timedelta(days=90),
        reason="Fictional: the contract starts later.",
    )
    recommendations = _ids(Recommendation)
    inspections = _ids(Inspection)
    prison_numbers = list(Prisoner.objects.order_by("pk").values_list("prison_number", flat=True))
    return Known(
        by_name={
            "code": ["LTI", "DAI"],
            "establishment": ["LTI", "DAI"],
            "prison_number": prison_numbers[:3] + prison_numbers[-2:],
            "recommendation": recommendations,
            "action_plan": _ids(ActionPlan),
            "inspection": inspections,
            "owner_line": _ids(OwnerLine),
            "pom": [pom.username, "pom.littlehey"],
            "supervisor": ["omu.littlehey", "omu.dartmoor"],
            "If-Match": ['"1"', '"2"'],
        },
        by_collection={
            "action-plans": _ids(ActionPlan),
            "com-report-requests": _ids(ComReportRequest),
            "evidence-files": _ids(EvidenceFile),
            "inspections": inspections,
            "judgements": _ids(Judgement),
            "progress-updates": _ids(ProgressUpdate),
            "recommendations": recommendations,
            "reviews-of-progress": _ids(ReviewOfProgress),
            "target-date-changes": _ids(TargetDateChange),
            "urgent-notifications": _ids(UrgentNotification),
            "engagement-offers": _ids(EngagementOffer),
            "programme-needs": _ids(ProgrammeNeed),
            "programmes": _ids(Programme),
            "qa-reviews": _ids(QaReview),
            "qa-samples": _ids(QaSample),
            "supervision-sessions": _ids(SupervisionSession),
        },
    )


def _swap_in_known(case: Any, data: st.DataObject, known: Known) -> None:
    """Swap the case's identifiers for records that exist, three times in four; the fourth
    keeps the generated value (mostly a 404, or a 400 for its form)."""

    def draw(values: list[Any], label: str) -> Any:
        if not values or data.draw(st.integers(0, 3), label=f"keep {label}") == 0:
            return _GENERATED
        return data.draw(st.sampled_from(values), label=label)

    for name in list(case.path_parameters or {}):
        value = draw(known.for_path(case.operation.path, name), f"path {name}")
        if value is not _GENERATED:
            case.path_parameters[name] = value
    containers = [case.query, case.headers]
    if isinstance(case.body, dict):
        containers.append(case.body)
    for container in containers:
        for name in list(container or {}):
            value = draw(known.by_name.get(name, []), name)
            if value is not _GENERATED:
                container[name] = value


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The project's WSGI application on the test's own database connection. Django closes
    a connection it thinks stale when a request starts and finishes; inside the test's
    transaction (PostgreSQL) that would break it, so, as Django's test client does, that
    is switched off while the test runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class Run:
    """What a fuzzing run sent and what came back."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    answered: dict[str, Counter[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _modes(operation: Any) -> list[GenerationMode]:
    """Positive cases, and negative ones when something in the operation can break its
    schema: a query parameter, a body, or a path parameter narrower than any string (with
    nothing to break, Hypothesis would look for a negative case in vain)."""
    narrow_path = any(
        set(parameter.definition["schema"]) - {"type", "description"}
        or parameter.definition["schema"].get("type") != "string"
        for parameter in operation.path_parameters
    )
    if list(operation.query) or list(operation.body) or narrow_path:
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def _fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], known: Known, run: Run
) -> None:
    answered = run.answered.setdefault(operation.label, Counter())

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def fuzz(case: Any, data: st.DataObject) -> None:
        _swap_in_known(case, data, known)
        run.cases += 1
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        run.statuses[response.status_code] += 1
        answered[response.status_code] += 1

    try:
        fuzz()
    except (Exception, FailureGroup) as error:  # every operation is fuzzed, failures listed
        run.failures.append(f"{operation.label} ({mode.value}):\n{error}")


@pytest.mark.parametrize("role", ["admin", "caseworker"])
def test_every_operation_answers_within_its_schema(
    role: str, make_user: Any, media_root: Any, wsgi_app: WSGIHandler
) -> None:
    user = make_user(role, ("LTI",), username=f"fuzz.{role}")
    known = _world(user)
    headers = {"Authorization": f"Token {user_token_create(actor=COMMAND_LINE, user=user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) == len(list(schema.get_all_operations()))
    run = Run()
    for operation in operations:
        for mode in _modes(operation):
            _fuzz(operation, mode, headers, known, run)
    print(  # shown with -s: what a run covered
        f"\n{role}: {len(operations)} operations, {run.cases} cases, "
        f"statuses {dict(sorted(run.statuses.items()))}"
    )
    assert not run.failures, "\n\n".join(run.failures)
    # Every operation was called, and the records swapped in were reached: the
    # administrator, who sees every establishment, read each of them at least once.
    assert set(run.answered) == {operation.label for operation in operations}
    if role == "admin":
        unread = [
            label
            for label, statuses in run.answered.items()
            if label.startswith("GET") and not statuses[200]
        ]
        assert not unread, f"never answered 200: {unread}"
