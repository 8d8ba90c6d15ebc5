import csv
import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from saferelease.deadlines import RULES
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner


@pytest.mark.django_db
def test_milestones_json_contract(capsys):
    make_prisoner(prison_number="A1111AA", mappa_category=1)
    call_command("milestones", "--as-of", "2026-03-01", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(RULES)
    assert set(rows[0]) == {
        "prison_number",
        "establishment",
        "rule",
        "status",
        "due_date",
        "completed_date",
        "earliest_release_date",
        "erd_source",
    }
    mappa = next(r for r in rows if r["rule"] == "mappa-level-set")
    assert mappa == {
        "prison_number": "A1111AA",
        "establishment": "LTI",
        "rule": "mappa-level-set",
        "status": "due_soon",
        "due_date": "2026-03-01",
        "completed_date": None,
        "earliest_release_date": "2026-09-01",
        "erd_source": "crd",
    }


@pytest.mark.django_db
def test_milestones_csv_and_establishment_filter(capsys):
    make_prisoner(prison_number="A1111AA")
    call_command("milestones", "--establishment", "DAI", "--as-of", "2026-03-01", "--format", "csv")
    assert capsys.readouterr().out.strip().splitlines() == [
        "prison_number,establishment,rule,status,due_date,completed_date,"
        "earliest_release_date,erd_source"
    ]
    call_command("milestones", "--establishment", "LTI", "--as-of", "2026-03-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(RULES)


@pytest.mark.django_db
def test_milestones_bad_input():
    with pytest.raises(CommandError, match="Unknown establishment"):
        call_command("milestones", "--establishment", "NOPE")
    with pytest.raises(CommandError, match="is not a date"):
        call_command("milestones", "--as-of", "01-13-2026")


@pytest.mark.django_db
def test_notify_sends_one_digest_per_pom_per_day(make_user, capsys):
    pom = make_user("caseworker", ("LTI",), username="pom.notify")
    make_prisoner(prison_number="A1111AA", mappa_category=1, pom=pom)
    call_command("notify", "--as-of", "2026-03-01")
    assert len(mail.outbox) == 1
    assert "A1111AA" in mail.outbox[0].body
    assert "MAPPA" in mail.outbox[0].body
    call_command("notify", "--as-of", "2026-03-01")
    assert len(mail.outbox) == 1
    assert "1 already sent today" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_digest_lists_overdue_com_reports_even_with_no_deadline_due(make_user, capsys):
    pom = make_user("caseworker", ("LTI",), username="pom.reports", email="pom@example.org")
    # ERD years away: no deadline due soon or overdue on 1 March 2026.
    prisoner = make_prisoner(
        prison_number="A1111AA",
        pom=pom,
        crd=dt.date(2030, 9, 1),
        sed=dt.date(2032, 9, 1),
        oasys_completed_date=dt.date(2026, 2, 1),
    )
    make_com_report(
        prisoner, kind="parole", due_on=dt.date(2026, 2, 20), requested_on=dt.date(2026, 1, 5)
    )
    make_com_report(prisoner, due_on=dt.date(2026, 3, 20), requested_on=dt.date(2026, 2, 5))
    call_command("notify", "--as-of", "2026-03-01")
    [message] = mail.outbox
    assert "Parole report (Cambridgeshire and Peterborough PDU), due 20 February 2026" in (
        message.body
    )
    assert "overdue by 9 days" in message.body
    assert "Pre-release report" not in message.body
    assert "release-planning deadlines on your caseload" not in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("left", ["released_on", "transferred_out_on"])
def test_a_man_who_has_left_is_not_in_the_digest(make_user, left):
    """Marked released or transferred out (by the prisoner sync), a man leaves his POM's
    digest: his deadlines and his overdue COM report requests both."""
    pom = make_user("caseworker", ("LTI",), username="pom.left", email="pom@example.org")
    prisoner = make_prisoner(
        prison_number="A1111AA", mappa_category=1, pom=pom, **{left: dt.date(2026, 2, 25)}
    )
    make_com_report(
        prisoner, kind="parole", due_on=dt.date(2026, 2, 20), requested_on=dt.date(2026, 1, 5)
    )
    call_command("notify", "--as-of", "2026-03-01")
    assert mail.outbox == []
