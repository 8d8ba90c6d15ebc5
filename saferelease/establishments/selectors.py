"""The one place that decides which establishments a user may see.

Every other read in Safe Release (prisoners, action plans, metrics) filters through
`establishments_visible_to`. Anything outside it is a 404, never a 403, so that the
existence of a record at another prison is not disclosed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from saferelease.accounts.actors import Viewer
from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.models import User
from saferelease.establishments.models import Establishment


def establishments_visible_to(user: Viewer) -> QuerySet[Establishment]:
    """Every establishment for those who see all (and for a system actor); a user's
    assigned establishments otherwise; none for an anonymous user."""
    if has(user, Capability.SEE_ALL_ESTABLISHMENTS):
        return Establishment.objects.all()
    if not isinstance(user, User):
        return Establishment.objects.none()
    return Establishment.objects.filter(users=user)


def establishment_ids_visible_to(user: Viewer) -> QuerySet[Establishment]:
    """For `establishment__in=` filters in other selectors."""
    return establishments_visible_to(user).values("id")  # type: ignore[return-value]


def establishment_get(user: Viewer, code: str) -> Establishment:
    """The establishment with this code if the user may see it, else Http404."""
    try:
        return establishments_visible_to(user).get(code=code.upper())
    except Establishment.DoesNotExist:
        raise Http404("No such establishment") from None


def establishment_list(
    user: Viewer, *, search: str = "", active: bool | None = None, resettlement: bool | None = None
) -> QuerySet[Establishment]:
    establishments = establishments_visible_to(user)
    if search:
        establishments = establishments.filter(Q(name__icontains=search) | Q(code__iexact=search))
    if active is not None:
        establishments = establishments.filter(active=active)
    if resettlement is not None:
        establishments = establishments.filter(designated_resettlement=resettlement)
    return establishments
