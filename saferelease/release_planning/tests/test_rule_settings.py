"""An establishment's settings of the deadline rules: the service, the selectors that feed
them to the engine, the pages (permission, scope, audit, versions)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from saferelease.audit.models import AuditEntry
from saferelease.core.concurrency import StaleVersion
from saferelease.deadlines import Status
from saferelease.establishments.models import Establishment
from saferelease.release_planning import selectors, services
from saferelease.release_planning.models import RuleSetting
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 3, 1)


def _save(actor, establishment, rule_code="irmt-review", **changes):
    values: dict[str, Any] = {
        "switched_off": False,
        "offset_months": None,
        "offset_days": None,
        "reason": "The IRMT meets monthly here",
        "expected_version": 0,
    }
    values.update(changes)
    return services.rule_setting_save(
        actor=actor, establishment=establishment, rule_code=rule_code, **values
    )


@pytest.mark.django_db
def test_governor_switches_a_local_default_off_and_every_deadline_follows(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    governor = make_user("governor", ("LTI",))
    make_prisoner(prison_number="A1111AA", rosh="high")
    case = selectors.case_for(selectors.prisoner_get(governor, "A1111AA"), AS_OF)
    assert next(r for r in case.results if r.rule == "irmt-review").status == Status.DUE_SOON
    setting = _save(governor, littlehey, switched_off=True)
    assert setting.version == 1
    case = selectors.case_for(selectors.prisoner_get(governor, "A1111AA"), AS_OF)
    irmt = next(r for r in case.results if r.rule == "irmt-review")
    assert irmt.status == Status.NOT_APPLICABLE
    assert irmt.explanation == (
        "Not applicable: switched off at Littlehey (HMP): The IRMT meets monthly here"
    )
    entry = AuditEntry.objects.get(object_type="release_planning.rulesetting")
    assert entry.actor == governor and entry.establishment_code == "LTI"
    assert "switched off" in entry.summary


@pytest.mark.django_db
def test_a_changed_offset_is_versioned_and_explained(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    governor = make_user("governor", ("LTI",))
    make_prisoner(prison_number="A1111AA", rosh="high")
    _save(governor, littlehey, offset_months=4)
    setting = _save(
        governor, littlehey, offset_months=5, reason="Five months suits us", expected_version=1
    )
    assert setting.version == 2
    case = selectors.case_for(selectors.prisoner_get(governor, "A1111AA"), AS_OF)
    irmt = next(r for r in case.results if r.rule == "irmt-review")
    assert irmt.due_date == dt.date(2026, 4, 1)
    assert irmt.basis.endswith("minus 5 months (Littlehey (HMP)'s setting: Five months suits us)")
    with pytest.raises(StaleVersion):
        _save(governor, littlehey, offset_months=3, expected_version=1)
    assert RuleSetting.objects.get().offset_months == 5
    # Saving the same values again is not a change.
    again = _save(
        governor, littlehey, offset_months=5, reason="Five months suits us", expected_version=2
    )
    assert again.version == 2


@pytest.mark.django_db
def test_only_the_governor_of_that_establishment_may_change_a_local_default(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    with pytest.raises(PermissionDenied):
        _save(make_user("omu_manager", ("LTI",), username="omu"), littlehey, switched_off=True)
    with pytest.raises(PermissionDenied):
        _save(make_user("governor", ("DAI",), username="dartmoor"), littlehey, switched_off=True)
    assert not RuleSetting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule_code", "changes", "field"),
    [
        ("mappa-level-set", {"switched_off": True}, "rule"),  # national policy
        ("resettlement-transfer", {"offset_months": 2}, "offset_months"),  # off or on only
        ("irmt-review", {"switched_off": True, "offset_months": 2}, "offset_months"),
        ("irmt-review", {"offset_months": 25}, "offset_months"),
        ("irmt-review", {"switched_off": True, "reason": "   "}, "reason"),
    ],
)
def test_settings_that_are_refused(make_user, rule_code, changes, field):
    littlehey = Establishment.objects.get(code="LTI")
    governor = make_user("governor", ("LTI",))
    with pytest.raises(ValidationError) as error:
        _save(governor, littlehey, rule_code=rule_code, **changes)
    assert field in error.value.message_dict
    assert not RuleSetting.objects.exists()


@pytest.mark.django_db
def test_transfers_not_expected_switches_the_resettlement_transfer_off_in_milestones(make_user):
    littlehey = Establishment.objects.get(code="LTI")
    littlehey.designated_resettlement = False
    littlehey.save()
    governor = make_user("governor", ("LTI",))
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 5, 1))
    make_prisoner(
        prison_number="D1111AA",
        crd=dt.date(2026, 5, 1),
        establishment=Establishment.objects.get(code="DAI"),
    )

    def transfers():
        out = io.StringIO()
        call_command("milestones", "--as-of", AS_OF.isoformat(), "--format", "csv", stdout=out)
        return sorted(
            line.split(",")[:4] for line in out.getvalue().splitlines() if "resettlement-tr" in line
        )

    national = transfers()
    assert [row[3] for row in national] == ["overdue", "overdue"]
    _save(
        governor,
        littlehey,
        rule_code="resettlement-transfer",
        switched_off=True,
        reason="Littlehey resettles its men itself",
    )
    local = transfers()
    assert [(row[0], row[3]) for row in local] == [
        ("A1111AA", "not_applicable"),
        ("D1111AA", "overdue"),  # Dartmoor has no settings: unchanged
    ]
    rows = selectors.rule_settings(littlehey)
    transfer = next(row for row in rows if row.rule.code == "resettlement-transfer")
    assert transfer.changed and transfer.setting is not None
    assert [row.rule.code for row in selectors.changed_rule_settings(littlehey)] == [
        "resettlement-transfer"
    ]


@pytest.mark.django_db
def test_rules_page_and_setting_form(client, make_user):
    governor = make_user("governor", ("LTI",))
    client.force_login(governor)
    page = client.get("/deadline-rules/?establishment=LTI")
    assert page.status_code == 200
    content = page.content.decode()
    assert "/deadline-rules/LTI/irmt-review/" in content
    assert "/deadline-rules/LTI/mappa-level-set/" not in content  # national policy
    url = "/deadline-rules/LTI/irmt-review/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"setting": "offset", "reason": "x", "version": 0})
    assert response.status_code == 200
    assert "Enter the months, the days or both" in response.content.decode()
    response = client.post(
        url, {"setting": "offset", "offset_months": "4", "reason": "Monthly IRMT", "version": 0}
    )
    assert response.status_code == 302
    assert RuleSetting.objects.get().offset_months == 4
    stale = client.post(url, {"setting": "off", "reason": "Again", "version": 0})
    assert stale.status_code == 200
    assert "while you were editing" in stale.content.decode()
    assert client.get("/deadline-rules/LTI/mappa-level-set/").status_code == 404
    assert client.get("/deadline-rules/DAI/irmt-review/").status_code == 404
    assert client.get("/deadline-rules/?establishment=DAI").status_code == 404


@pytest.mark.django_db
def test_setting_form_is_forbidden_to_other_roles(client, make_user):
    client.force_login(make_user("omu_manager", ("LTI",)))
    assert client.get("/deadline-rules/?establishment=LTI").status_code == 200
    assert client.get("/deadline-rules/LTI/irmt-review/").status_code == 403
    assert (
        client.post(
            "/deadline-rules/LTI/irmt-review/", {"setting": "off", "reason": "x", "version": 0}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_settings_are_shown_on_the_dashboard_caseload_and_releases_board(client, make_user):
    littlehey = Establishment.objects.get(code="LTI")
    governor = make_user("governor", ("LTI",))
    _save(governor, littlehey, switched_off=True, reason="No IRMT at this prison")
    client.force_login(governor)
    for url in ("/dashboards/LTI/", "/caseload/?establishment=LTI", "/releases/"):
        content = client.get(url).content.decode()
        assert "Interdepartmental risk management team (IRMT) review: switched off" in content, url
        assert "No IRMT at this prison" in content, url
