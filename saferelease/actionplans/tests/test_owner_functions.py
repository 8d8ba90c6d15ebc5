"""OF1: owner functions merged through a managed list of aliases; audited, versioned edits
by national managers and administrators only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saferelease.actionplans import exports, rules, selectors, services_owners
from saferelease.actionplans.models import OwnerAlias, OwnerFunction
from saferelease.actionplans.tests.factories import OwnerLineFactory, RecommendationFactory
from saferelease.audit.models import AuditEntry
from saferelease.core.concurrency import StaleVersion

AS_OF = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Head of OMU", "head of omu"),
        ("  head of  OMU. ", "head of omu"),
        ("<p>Head of Reducing Reoffending</p>", "head of reducing reoffending"),
        ("Head of Learning & Skills", "head of learning and skills"),
        ("Head of Offender Management Unit (OMU)", "head of offender management unit omu"),
    ],
)
def test_OF1_owner_key(written, key):
    assert rules.owner_key(written) == key


def test_OF1_canonical_owner_falls_back_to_the_words_as_written():
    names = {"head of offender management unit omu": "Head of OMU", "head of omu": "Head of OMU"}
    assert rules.canonical_owner("Head of Offender Management Unit (OMU)", names) == "Head of OMU"
    assert rules.canonical_owner("head of omu", names) == "Head of OMU"
    assert rules.canonical_owner("Head of  Security", names) == "Head of Security"


@pytest.mark.django_db
def test_the_seeded_aliases_merge_the_littlehey_owners(make_user):
    rec = RecommendationFactory.create()
    OwnerLineFactory.create(recommendation=rec, function="Head of Offender Management Unit (OMU)")
    other = RecommendationFactory.create(action_plan=rec.action_plan)
    OwnerLineFactory.create(recommendation=other, function="Head of OMU")
    governor = make_user("governor", ("LTI",))
    rows = selectors.tracking_rows(
        selectors.recommendation_list(governor, action_plan=rec.action_plan), as_of=AS_OF
    )
    assert [row.functions for row in rows] == [["Head of OMU"], ["Head of OMU"]]
    assert rows[0].owners[0].line.function == "Head of Offender Management Unit (OMU)"
    assert rows[0].owners[0].written_otherwise
    owners = selectors.tracking_summary(rows)["owner"]
    assert [(line.label, line.total) for line in owners] == [("Head of OMU", 2)]
    assert selectors.filter_choices(rows)["owners"] == ["Head of OMU"]
    kept = selectors.tracking_filter(rows, selectors.TrackingFilters(owner="Head of OMU"))
    assert len(kept) == 2
    assert exports.export_rows(rows)[0]["owners"].startswith("Head of OMU: ")


@pytest.mark.django_db
def test_a_national_manager_adds_renames_and_removes_audited_and_versioned(make_user):
    national = make_user("national_manager", ())
    function = services_owners.owner_function_create(
        actor=national, name="Head of Security", aliases=["Security Lead", ""]
    )
    assert [a.alias for a in function.aliases.all()] == ["Security Lead"]
    version = function.version
    alias = services_owners.owner_alias_add(
        actor=national, function=function, alias="Security Manager", expected_version=version
    )
    function.refresh_from_db()
    assert function.version == version + 1
    with pytest.raises(StaleVersion):
        services_owners.owner_function_rename(
            actor=national,
            function=function,
            name="Head of Prison Security",
            expected_version=version,
        )
    services_owners.owner_function_rename(
        actor=national,
        function=function,
        name="Head of Prison Security",
        expected_version=function.version,
    )
    services_owners.owner_alias_remove(
        actor=national, alias=alias, expected_version=function.version
    )
    assert not OwnerAlias.objects.filter(alias="Security Manager").exists()
    kinds = set(
        AuditEntry.objects.filter(object_type__startswith="actionplans.owner").values_list(
            "object_type", "action"
        )
    )
    assert ("actionplans.ownerfunction", "update") in kinds
    assert ("actionplans.owneralias", "delete") in kinds
    assert ("actionplans.owneralias", "create") in kinds


@pytest.mark.django_db
def test_an_alias_matches_one_function_only(make_user):
    admin = make_user("admin", ())
    omu = OwnerFunction.objects.get(name="Head of OMU")
    security = services_owners.owner_function_create(actor=admin, name="Head of Security")
    with pytest.raises(ValidationError, match="already an alias of Head of OMU"):
        services_owners.owner_alias_add(
            actor=admin,
            function=security,
            alias="Head of Offender Management Unit",
            expected_version=security.version,
        )
    with pytest.raises(ValidationError, match="Head of OMU is already a function"):
        services_owners.owner_alias_add(
            actor=admin,
            function=security,
            alias="head of OMU",
            expected_version=security.version,
        )
    with pytest.raises(ValidationError, match="already a function"):
        services_owners.owner_function_create(actor=admin, name="HEAD OF OMU")
    assert omu.aliases.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["governor", "inspector", "regional_manager"])
def test_others_may_not_change_the_list(make_user, role):
    with pytest.raises(PermissionDenied):
        services_owners.owner_function_create(actor=make_user(role, ("LTI",)), name="X")


@pytest.mark.django_db
def test_pages_list_and_manage(client, make_user):
    rec = RecommendationFactory.create()
    OwnerLineFactory.create(recommendation=rec, function="Head of Security")
    client.force_login(make_user("governor", ("LTI",)))
    page = client.get(reverse("actionplans:owner-functions"))
    assert page.status_code == 200
    assert ("Head of Security", 1) in page.context["unmatched"]
    assert "Add an owner function" not in page.content.decode()
    assert client.get(reverse("actionplans:owner-function-new")).status_code == 403
    client.force_login(make_user("national_manager", ()))
    response = client.post(
        reverse("actionplans:owner-function-new"),
        {"name": "Head of Security", "aliases": "Security Lead\n"},
    )
    function = OwnerFunction.objects.get(name="Head of Security")
    assert response.status_code == 302
    detail = reverse("actionplans:owner-function", args=[function.pk])
    stale = client.post(detail, {"alias": "Security Manager", "version": function.version + 5})
    assert stale.status_code == 200
    assert not function.aliases.filter(alias="Security Manager").exists()
    added = client.post(detail, {"alias": "Security Manager", "version": function.version})
    assert added.status_code == 302
    assert function.aliases.filter(alias="Security Manager").exists()
    wrong = client.post(detail, {"name": "", "version": function.version + 1})
    assert "Enter the function&#x27;s name" in wrong.content.decode()
