"""Who acts: a signed-in person (`User`) or one of the service's own named jobs
(`SystemActor`). See docs/adr/0015-typed-actors-and-capabilities.md.

Every service takes ``actor: Actor`` (or ``User`` where only a person can act, such as
an inspector's independent judgement). Nothing passes ``None`` for "the system": the
commands, scheduled jobs, the sync and the demo loader each pass their own system actor
below, and the audit trail names it (`AuditEntry.system_actor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from saferelease.accounts.models import User


@dataclass(frozen=True, slots=True)
class SystemActor:
    """The service itself acting, named for the job that acts (``"prisoner-sync"``).

    A system actor is never a request's user: it is not signed in, has no establishments
    and no role. It holds every capability (`accounts.capabilities`) but those only a
    person has, because the jobs that act as it run on the server, started by an operator
    or the schedule.
    """

    name: str

    def __post_init__(self) -> None:
        if not self.name or self.name != self.name.strip():
            raise ValueError("A system actor needs a name")

    def __str__(self) -> str:
        return f"system ({self.name})"

    #: Read like a user by the few places that ask (the audit trail, logging).
    @property
    def is_authenticated(self) -> bool:
        return False

    @property
    def pk(self) -> None:
        return None


Actor: TypeAlias = "User | SystemActor"
#: Whom a read is scoped to: an actor, or a request's anonymous user, who sees nothing.
Viewer: TypeAlias = "User | SystemActor | AnonymousUser"

#: A management command run by an operator (`saferelease <command>`).
COMMAND_LINE: Final = SystemActor("command-line")
#: A job started by the schedule (django-celery-beat), not by a person.
SCHEDULER: Final = SystemActor("scheduler")
#: The sync from the HMPPS Prisoner Search API.
PRISONER_SYNC: Final = SystemActor("prisoner-sync")
#: The loader of the synthetic demo world (`saferelease demo`).
DEMO_LOADER: Final = SystemActor("demo-loader")
#: The national-scale benchmarks (`make bench`).
BENCHMARK: Final = SystemActor("benchmark")

SYSTEM_ACTORS: Final = (COMMAND_LINE, SCHEDULER, PRISONER_SYNC, DEMO_LOADER, BENCHMARK)


class NotSignedIn(PermissionDenied):
    """A request without a signed-in user reached code that needs one."""


def request_actor(request: HttpRequest) -> User:
    """The signed-in user of a page or API request; refuses an anonymous request.

    Sign-in is enforced before any view runs (`LoginRequiredMiddleware`, DRF's
    `IsAuthenticated`), so this refuses only what slipped past them, such as the schema
    generator's fake request (views guard against that with ``swagger_fake_view``).
    """
    from saferelease.accounts.models import User

    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotSignedIn("Sign in to do this")
    return user


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)
