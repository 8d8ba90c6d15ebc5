"""The stored deadline results are kept current: every write that changes a man's facts
(an edit, a completion, a release, an import) or his establishment's settings of the rules
refreshes them, at the date his establishment's results are stored at; the daily task and
the command rebuild them. (The Prisoner Search sync: test_prisoner_sync_service.py.)"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.tests.factories import MakeUser
from saferelease.deadlines import RULES, Status
from saferelease.establishments.models import Establishment
from saferelease.release_planning import services
from saferelease.release_planning.models import DeadlineResult, DeadlineResultsDate, Prisoner
from saferelease.release_planning.prisoner_import import prisoners_import
from saferelease.release_planning.prisoner_import.contract import COLUMNS
from saferelease.release_planning.selectors_results import deadline_summary
from saferelease.release_planning.services_results import (
    deadline_results_rebuild,
    deadline_results_refresh,
)
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 3, 1)

pytestmark = pytest.mark.django_db


def stored(prison_number: str, rule_code: str) -> tuple[str, dt.date | None, dt.date]:
    found = (
        DeadlineResult.objects.filter(prisoner__prison_number=prison_number, rule_code=rule_code)
        .values_list("status", "completed_date", "as_of")
        .first()
    )
    assert found is not None, f"nothing stored for {prison_number} {rule_code}"
    return found


def agrees(*codes: str) -> None:
    chosen = list(Establishment.objects.filter(code__in=codes))
    summary = deadline_summary(chosen, as_of=AS_OF)
    assert summary.stored == len(summary.establishments)
    assert summary == deadline_summary(chosen, as_of=AS_OF, stored=False)


def test_a_completion_refreshes_that_mans_results(make_user: MakeUser) -> None:
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA", mappa_category=1)
    other = make_prisoner(prison_number="A2222AA", mappa_category=1)
    deadline_results_rebuild(as_of=AS_OF)
    assert stored("A1111AA", "mappa-level-set") == (Status.DUE_SOON, None, AS_OF)
    services.deadline_complete(
        actor=pom,
        prisoner=prisoner,
        rule_code="mappa-level-set",
        completed_on=dt.date(2026, 2, 20),
        today=dt.date(2026, 3, 4),  # stored results stay at their own date
    )
    assert stored("A1111AA", "mappa-level-set") == (Status.MET, dt.date(2026, 2, 20), AS_OF)
    assert stored("A2222AA", "mappa-level-set") == (Status.DUE_SOON, None, AS_OF)
    assert DeadlineResult.objects.filter(prisoner=other).count() == len(RULES)
    agrees("LTI")


def test_an_edit_of_a_key_date_refreshes_that_mans_results(make_user: MakeUser) -> None:
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    deadline_results_rebuild(as_of=AS_OF)
    assert stored("A1111AA", "licence-approved")[0] == Status.NOT_YET_DUE
    services.prisoner_update(actor=pom, prisoner=prisoner, changes={"crd": dt.date(2026, 3, 10)})
    assert stored("A1111AA", "licence-approved")[0] == Status.DUE_SOON
    agrees("LTI")


def test_a_release_removes_that_mans_results(make_user: MakeUser) -> None:
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    make_prisoner(prison_number="A2222AA")
    deadline_results_rebuild(as_of=AS_OF)
    services.prisoner_record_release(
        actor=pom,
        prisoner=prisoner,
        released_on=dt.date(2026, 2, 27),
        accommodation_on_release="none",
        today=AS_OF,
    )
    assert not DeadlineResult.objects.filter(prisoner=prisoner).exists()
    assert DeadlineResult.objects.count() == len(RULES)
    agrees("LTI")


def test_a_rule_setting_refreshes_every_man_at_that_establishment(make_user: MakeUser) -> None:
    governor = make_user("governor", ("LTI",))
    make_prisoner(prison_number="A1111AA", rosh="high")
    make_prisoner(prison_number="A2222AA", rosh="high", establishment=dartmoor())
    deadline_results_rebuild(as_of=AS_OF)
    assert stored("A1111AA", "irmt-review")[0] == Status.DUE_SOON
    services.rule_setting_save(
        actor=governor,
        establishment=Establishment.objects.get(code="LTI"),
        rule_code="irmt-review",
        switched_off=True,
        offset_months=None,
        offset_days=None,
        reason="The IRMT meets monthly here",
        expected_version=0,
    )
    assert stored("A1111AA", "irmt-review")[0] == Status.NOT_APPLICABLE
    assert stored("A2222AA", "irmt-review")[0] == Status.DUE_SOON
    agrees("LTI", "DAI")


def dartmoor() -> Establishment:
    return Establishment.objects.get(code="DAI")


def csv_text(*rows: dict[str, Any]) -> str:
    lines = [",".join(COLUMNS)]
    lines += [",".join(str(row.get(column, "")) for column in COLUMNS) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def test_an_import_refreshes_the_men_it_creates_changes_and_moves() -> None:
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 9, 1))
    make_prisoner(prison_number="A3333AA")
    deadline_results_rebuild(as_of=AS_OF)
    base = {
        "given_name": "John",
        "family_name": "Smith",
        "date_of_birth": "1980-02-01",
        "reception_date": "2024-01-10",
        "sentence_type": "determinate",
    }
    result = prisoners_import(
        actor=COMMAND_LINE,
        rows_or_file=csv_text(
            {**base, "prison_number": "A1111AA", "establishment": "LTI", "crd": "2026-03-20"},
            {**base, "prison_number": "A2222AA", "establishment": "LTI", "crd": "2026-12-01"},
            {**base, "prison_number": "A3333AA", "establishment": "DAI", "crd": "2026-09-01"},
        ),
    )
    assert result.ok, result.errors
    assert stored("A1111AA", "licence-approved")[0] == Status.DUE_SOON
    assert stored("A2222AA", "licence-approved")[0] == Status.NOT_YET_DUE
    assert set(
        DeadlineResult.objects.filter(prisoner__prison_number="A3333AA").values_list(
            "establishment__code", flat=True
        )
    ) == {"DAI"}
    agrees("LTI", "DAI")


def test_a_man_at_an_establishment_with_nothing_stored_gets_nothing() -> None:
    prisoner = make_prisoner(prison_number="A1111AA")
    assert deadline_results_refresh(prisoner_ids=[prisoner.pk]) == 0
    assert not DeadlineResult.objects.exists()


def test_the_command_rebuilds_and_prints_the_summary() -> None:
    make_prisoner(prison_number="A1111AA", mappa_category=1)
    out = io.StringIO()
    call_command("deadline_results", "--as-of", AS_OF.isoformat(), stdout=out)
    assert f"{len(RULES)} deadline results stored for every establishment" in out.getvalue()
    assert DeadlineResultsDate.objects.filter(as_of=AS_OF).count() == Establishment.objects.count()
    out = io.StringIO()
    call_command("deadline_results", "summary", "--as-of", AS_OF.isoformat(), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("establishment,rule,prisoners,met,met_late,overdue,due_soon")
    assert len(lines) == 1 + len(RULES)
    assert "LTI,mappa-level-set,1,0,0,0,1,0,0,0," in lines


def test_the_daily_task_rebuilds_at_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from saferelease.core import clock
    from saferelease.jobs.tasks import daily_deadline_results

    make_prisoner(prison_number="A1111AA")
    monkeypatch.setattr(clock, "today", lambda: AS_OF)
    daily_deadline_results()
    assert set(DeadlineResult.objects.values_list("as_of", flat=True)) == {AS_OF}
    assert Prisoner.objects.count() == 1
