"""What each actor may do: one table, one refusal message per capability.

Views, the API and services all ask here (`has`, `require`, `capability_required`,
`CapabilityRequiredMixin`, `HasCapability`); the `User.may_*` properties, which templates
read, are this table too. The roles and their sets are in `accounts/roles.py`; the access
model is in docs/architecture.md#access-model and docs/adr/0015-typed-actors-and-capabilities.md.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar, Final, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

from saferelease.accounts.actors import SystemActor
from saferelease.accounts.roles import (
    ACTION_PLAN_MANAGE_ROLES,
    ALL_ESTABLISHMENT_ROLES,
    CASE_ASSIGN_ROLES,
    CASE_UPDATE_ROLES,
    ESTABLISHMENT_EDIT_ROLES,
    INSPECTION_RECORD_ROLES,
    JUDGEMENT_ROLES,
    OMU_MANAGE_ROLES,
    OWNER_FUNCTION_ROLES,
    PRISONER_RECORD_ROLES,
    READINESS_ROLES,
    RULE_SETTING_ROLES,
    Role,
)

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from saferelease.accounts.actors import Actor


class Capability(StrEnum):
    SEE_ALL_ESTABLISHMENTS = "see_all_establishments"
    VIEW_PRISONER_RECORDS = "view_prisoner_records"
    UPDATE_CASES = "update_cases"
    ASSIGN_CASES = "assign_cases"
    MANAGE_OMU = "manage_omu"
    MANAGE_ACTION_PLANS = "manage_action_plans"
    RECORD_JUDGEMENTS = "record_judgements"
    RECORD_INSPECTIONS = "record_inspections"
    SEE_READINESS = "see_readiness"
    CHANGE_RULE_SETTINGS = "change_rule_settings"
    EDIT_ESTABLISHMENTS = "edit_establishments"
    MANAGE_OWNER_FUNCTIONS = "manage_owner_functions"
    ADMINISTER = "administer"

    @property
    def refusal(self) -> str:
        return REFUSALS[self]


_ROLE_SETS: Final[dict[Capability, frozenset[Role]]] = {
    Capability.SEE_ALL_ESTABLISHMENTS: ALL_ESTABLISHMENT_ROLES,
    Capability.VIEW_PRISONER_RECORDS: PRISONER_RECORD_ROLES,
    Capability.UPDATE_CASES: CASE_UPDATE_ROLES,
    Capability.ASSIGN_CASES: CASE_ASSIGN_ROLES,
    Capability.MANAGE_OMU: OMU_MANAGE_ROLES,
    Capability.MANAGE_ACTION_PLANS: ACTION_PLAN_MANAGE_ROLES,
    Capability.RECORD_JUDGEMENTS: JUDGEMENT_ROLES,
    Capability.RECORD_INSPECTIONS: INSPECTION_RECORD_ROLES,
    Capability.SEE_READINESS: READINESS_ROLES,
    Capability.CHANGE_RULE_SETTINGS: RULE_SETTING_ROLES,
    Capability.EDIT_ESTABLISHMENTS: ESTABLISHMENT_EDIT_ROLES,
    Capability.MANAGE_OWNER_FUNCTIONS: OWNER_FUNCTION_ROLES,
    Capability.ADMINISTER: frozenset({Role.ADMIN}),
}

#: The capabilities of each role: the one table every check reads.
ROLE_CAPABILITIES: Final[dict[Role, frozenset[Capability]]] = {
    role: frozenset(cap for cap, roles in _ROLE_SETS.items() if role in roles) for role in Role
}

#: A superuser holds these whatever their role: every capability but an inspector's
#: independent judgement, which only the inspector role records.
SUPERUSER_CAPABILITIES: Final = frozenset(set(Capability) - {Capability.RECORD_JUDGEMENTS})

#: A system actor (a command, a scheduled job, the sync, the demo loader) holds every
#: capability; services that only a person may call take a `User` and refuse a system
#: actor themselves (`require_person`).
SYSTEM_CAPABILITIES: Final = frozenset(Capability)

#: The one message a refusal of each capability shows (pages: the 403 page; API: the
#: ``detail`` of the 403 answer; services: the `CapabilityRefused` raised).
REFUSALS: Final[dict[Capability, str]] = {
    Capability.SEE_ALL_ESTABLISHMENTS: (
        "Only regional and national managers, inspectors and administrators see every establishment"
    ),
    Capability.VIEW_PRISONER_RECORDS: "Your role cannot see individual prisoner records",
    Capability.UPDATE_CASES: "Your role cannot update cases",
    Capability.ASSIGN_CASES: (
        "Only the head of OMU or an administrator can allocate cases and import prisoner files"
    ),
    Capability.MANAGE_OMU: (
        "Only the head of OMU or an administrator can manage quality assurance and programmes"
    ),
    Capability.MANAGE_ACTION_PLANS: (
        "Only governors, heads of OMU and administrators manage action plans: import "
        "plans, add progress, change target dates and record the response to an urgent "
        "notification"
    ),
    Capability.RECORD_JUDGEMENTS: (
        "Only inspectors record independent judgements, reviews of progress and urgent "
        "notifications"
    ),
    Capability.RECORD_INSPECTIONS: (
        "Only governors, heads of OMU, inspectors and administrators record inspections "
        "and import inspection reports"
    ),
    Capability.SEE_READINESS: (
        "Only inspectors and administrators see the forecast of readiness for inspection"
    ),
    Capability.CHANGE_RULE_SETTINGS: (
        "Only the governor or an administrator can change deadline rules"
    ),
    Capability.EDIT_ESTABLISHMENTS: (
        "Only national managers and administrators can change establishment details"
    ),
    Capability.MANAGE_OWNER_FUNCTIONS: (
        "Only national managers and administrators manage the list of owner functions"
    ),
    Capability.ADMINISTER: "Only administrators can do this",
}


class CapabilityRefused(PermissionDenied):
    """An actor without a capability tried to use it: 403 on a page or in the API."""

    def __init__(self, capability: Capability) -> None:
        self.capability = capability
        super().__init__(capability.refusal)


def capabilities_of(actor: Actor | Any) -> frozenset[Capability]:
    """Every capability ``actor`` holds. A request's anonymous user holds none."""
    if isinstance(actor, SystemActor):
        return SYSTEM_CAPABILITIES
    if actor is None or not getattr(actor, "is_authenticated", False):
        return frozenset()
    held = ROLE_CAPABILITIES.get(Role(actor.role), frozenset())
    if actor.is_superuser:
        held = held | SUPERUSER_CAPABILITIES
    return held


def has(actor: Actor | Any, capability: Capability) -> bool:
    """Whether ``actor`` may use ``capability`` (an anonymous user may use none)."""
    return capability in capabilities_of(actor)


def has_any(actor: Actor | Any, *capabilities: Capability) -> bool:
    held = capabilities_of(actor)
    return any(capability in held for capability in capabilities)


def require(actor: Actor | Any, capability: Capability) -> None:
    """Raise `CapabilityRefused` (its one message) unless ``actor`` holds ``capability``."""
    if not has(actor, capability):
        raise CapabilityRefused(capability)


def require_any(actor: Actor | Any, *capabilities: Capability) -> None:
    """Raise `CapabilityRefused` for the first of ``capabilities`` unless ``actor`` holds
    one of them."""
    if not has_any(actor, *capabilities):
        raise CapabilityRefused(capabilities[0])


_P = ParamSpec("_P")
_R = TypeVar("_R", bound=HttpResponse)


def capability_required(
    capability: Capability,
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate a function view: 403 with the capability's message unless the signed-in
    user holds it."""

    def decorator(view: Callable[_P, _R]) -> Callable[_P, _R]:
        @wraps(view)
        def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            request = args[0]
            require(getattr(request, "user", None), capability)
            return view(*args, **kwargs)

        return checked

    return decorator


class CapabilityRequiredMixin:
    """For class-based views: ``required_capability`` is checked before dispatch."""

    required_capability: ClassVar[Capability]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, self.required_capability)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HasCapability(BasePermission):
    """DRF permission: the view's ``required_capability`` (or the one given to `of`).

    ``permission_classes = [IsAuthenticated, HasCapability.of(Capability.UPDATE_CASES)]``;
    a view may also set ``required_capability`` and list ``HasCapability`` itself. Safe
    methods (reads) pass unless ``read_too`` is set: reads are scoped by the selectors.
    """

    capability: ClassVar[Capability | None] = None
    read_too: ClassVar[bool] = False
    message = "You do not have permission to do this"

    @classmethod
    def of(cls, capability: Capability, *, read_too: bool = False) -> type[HasCapability]:
        return type(
            f"Has{capability.name.title().replace('_', '')}",
            (cls,),
            {"capability": capability, "read_too": read_too, "message": capability.refusal},
        )

    def _capability(self, view: APIView) -> Capability | None:
        return self.capability or getattr(view, "required_capability", None)

    def has_permission(self, request: Request, view: APIView) -> bool:
        capability = self._capability(view)
        if capability is None:
            return True
        if request.method in ("GET", "HEAD", "OPTIONS") and not self.read_too:
            return True
        if not has(request.user, capability):
            self.message = capability.refusal
            return False
        return True
