"""The capability table: each role's capabilities, superusers, system actors, anonymous
users, one refusal message each, and the view decorator, mixin and DRF permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from saferelease.accounts.actors import DEMO_LOADER, SYSTEM_ACTORS
from saferelease.accounts.capabilities import (
    REFUSALS,
    ROLE_CAPABILITIES,
    Capability,
    CapabilityRefused,
    CapabilityRequiredMixin,
    HasCapability,
    capabilities_of,
    capability_required,
    has,
    has_any,
    require,
    require_any,
)
from saferelease.accounts.models import User
from saferelease.accounts.roles import Role

C = Capability

EXPECTED = {
    Role.CASEWORKER: {C.VIEW_PRISONER_RECORDS, C.UPDATE_CASES},
    Role.OMU_MANAGER: {
        C.VIEW_PRISONER_RECORDS,
        C.UPDATE_CASES,
        C.ASSIGN_CASES,
        C.MANAGE_OMU,
        C.MANAGE_ACTION_PLANS,
        C.RECORD_INSPECTIONS,
    },
    Role.GOVERNOR: {
        C.VIEW_PRISONER_RECORDS,
        C.MANAGE_ACTION_PLANS,
        C.RECORD_INSPECTIONS,
        C.CHANGE_RULE_SETTINGS,
    },
    Role.REGIONAL_MANAGER: {C.SEE_ALL_ESTABLISHMENTS, C.VIEW_PRISONER_RECORDS},
    Role.NATIONAL_MANAGER: {
        C.SEE_ALL_ESTABLISHMENTS,
        C.VIEW_PRISONER_RECORDS,
        C.EDIT_ESTABLISHMENTS,
        C.MANAGE_OWNER_FUNCTIONS,
    },
    Role.INSPECTOR: {
        C.SEE_ALL_ESTABLISHMENTS,
        C.RECORD_JUDGEMENTS,
        C.RECORD_INSPECTIONS,
        C.SEE_READINESS,
    },
    Role.ADMIN: set(Capability) - {C.RECORD_JUDGEMENTS},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_its_capabilities(role):
    assert ROLE_CAPABILITIES[role] == EXPECTED[role]
    user = User(username="x", role=role.value)
    assert capabilities_of(user) == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_the_user_properties_read_the_table(role):
    user = User(username="x", role=role.value)
    assert user.may_update_cases == has(user, C.UPDATE_CASES)
    assert user.may_record_judgements == has(user, C.RECORD_JUDGEMENTS)
    assert user.may_manage_omu == has(user, C.MANAGE_OMU)
    assert user.sees_all_establishments == has(user, C.SEE_ALL_ESTABLISHMENTS)
    assert user.is_audit_admin == has(user, C.ADMINISTER)


def test_a_superuser_holds_everything_but_an_inspectors_judgement():
    user = User(username="root", role=Role.CASEWORKER.value, is_superuser=True)
    assert capabilities_of(user) == set(Capability) - {C.RECORD_JUDGEMENTS}
    inspector = User(username="root", role=Role.INSPECTOR.value, is_superuser=True)
    assert capabilities_of(inspector) == set(Capability)


@pytest.mark.parametrize("actor", SYSTEM_ACTORS)
def test_a_system_actor_holds_every_capability(actor):
    assert capabilities_of(actor) == set(Capability)


@pytest.mark.parametrize("anonymous", [AnonymousUser(), None])
def test_an_anonymous_user_holds_none(anonymous):
    assert capabilities_of(anonymous) == frozenset()
    with pytest.raises(CapabilityRefused):
        require(anonymous, C.VIEW_PRISONER_RECORDS)


def test_every_capability_has_one_refusal_message():
    assert set(REFUSALS) == set(Capability)
    assert len(set(REFUSALS.values())) == len(REFUSALS)
    user = User(username="x", role=Role.INSPECTOR.value)
    with pytest.raises(CapabilityRefused, match=r"^Your role cannot update cases$") as refused:
        require(user, C.UPDATE_CASES)
    assert refused.value.capability == C.UPDATE_CASES


def test_any_of_several_capabilities():
    inspector = User(username="x", role=Role.INSPECTOR.value)
    assert has_any(inspector, C.MANAGE_ACTION_PLANS, C.RECORD_JUDGEMENTS)
    require_any(inspector, C.MANAGE_ACTION_PLANS, C.RECORD_JUDGEMENTS)
    pom = User(username="y", role=Role.CASEWORKER.value)
    with pytest.raises(CapabilityRefused, match=REFUSALS[C.MANAGE_ACTION_PLANS]):
        require_any(pom, C.MANAGE_ACTION_PLANS, C.RECORD_JUDGEMENTS)
    require_any(DEMO_LOADER, C.MANAGE_ACTION_PLANS)


@capability_required(C.ASSIGN_CASES)
def _allocate(request):
    return HttpResponse("allocated")


class _AllocateView(CapabilityRequiredMixin, View):
    required_capability = C.ASSIGN_CASES

    def get(self, request):
        return HttpResponse("allocated")


@pytest.mark.parametrize("view", [_allocate, _AllocateView.as_view()])
def test_the_view_decorator_and_mixin_refuse_without_the_capability(view):
    request = RequestFactory().get("/")
    request.user = User(username="x", role=Role.CASEWORKER.value)
    with pytest.raises(CapabilityRefused, match=REFUSALS[C.ASSIGN_CASES]):
        view(request)
    request.user = User(username="y", role=Role.OMU_MANAGER.value)
    assert view(request).content == b"allocated"


class _AllocateApi(APIView):
    permission_classes = [HasCapability.of(C.ASSIGN_CASES)]

    def get(self, request):
        return HttpResponse("read")

    def post(self, request):
        return HttpResponse("allocated")


class _ReadToo(_AllocateApi):
    permission_classes = [HasCapability]
    required_capability = C.ASSIGN_CASES

    def get_permissions(self):
        return [HasCapability.of(C.ASSIGN_CASES, read_too=True)()]


def _call(view, method, user):
    request = getattr(APIRequestFactory(), method)("/")
    force_authenticate(request, user=user)
    return view.as_view()(request)


def test_the_api_permission_refuses_a_write_with_the_one_message():
    pom = User(username="x", role=Role.CASEWORKER.value)
    response = _call(_AllocateApi, "post", pom)
    assert response.status_code == 403
    assert response.data["error"]["message"] == REFUSALS[C.ASSIGN_CASES]
    assert _call(_AllocateApi, "get", pom).status_code == 200
    assert _call(_ReadToo, "get", pom).status_code == 403
    head = User(username="y", role=Role.OMU_MANAGER.value)
    assert _call(_AllocateApi, "post", head).status_code == 200
