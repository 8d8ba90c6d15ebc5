"""The OMU's home page panels: overdue COM reports and QA work due."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.omu import services
from saferelease.omu.rules import previous_month
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db


def test_head_of_omu_and_pom_see_overdue_reports_and_qa_due(client, make_user) -> None:
    head = make_user("omu_manager", ("LTI",), username="head.home")
    pom = make_user("caseworker", ("LTI",), username="pom.home")
    today = clock.today()
    man = make_prisoner(prison_number="A1111HP", family_name="Overdue", pom=pom)
    make_com_report(
        man,
        kind="parole",
        requested_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=3),
    )
    make_prisoner(
        prison_number="A2222HP",
        family_name="Sampled",
        oasys_completed_date=previous_month(today) + dt.timedelta(days=1),
        pom=head,
    )
    services.omu_settings_update(
        actor=head,
        establishment=Establishment.objects.get(code="LTI"),
        qa_sample_percent=10,
        senior_pom_ids=[pom.pk],
        expected_version=1,
    )
    services.qa_sample_draw(
        actor=head,
        establishment=Establishment.objects.get(code="LTI"),
        month=previous_month(today),
        today=today,
    )
    client.force_login(head)
    text = client.get("/").content.decode()
    assert "COM reports overdue" in text and "overdue by 3 days" in text
    assert "Quality assurance due" in text and "A2222HP" in text
    client.force_login(pom)
    text = client.get("/").content.decode()
    assert "parole report" in text and "for your men" in text
    assert "assigned to you" in text  # the senior POM reviews the head's assessment
