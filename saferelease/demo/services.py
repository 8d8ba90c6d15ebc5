"""Load the deterministic synthetic demo world. Every person in it is fictional."""

from __future__ import annotations

from django.db import transaction

from saferelease.accounts.models import User
from saferelease.accounts.services import user_create
from saferelease.core.services import demo_flag_set
from saferelease.demo.users import DEMO_PASSWORD, DEMO_USERS, DemoUser


@transaction.atomic
def demo_users_load() -> list[DemoUser]:
    """Create the demo users that do not exist yet (idempotent)."""
    for demo_user in DEMO_USERS:
        if User.objects.filter(username=demo_user.username).exists():
            continue
        user_create(
            username=demo_user.username,
            role=demo_user.role,
            establishment_codes=demo_user.establishments,
            first_name=demo_user.first_name,
            last_name=demo_user.last_name,
            email=f"{demo_user.username}@example.invalid",
            password=DEMO_PASSWORD,
        )
    return list(DEMO_USERS)


@transaction.atomic
def demo_load() -> list[DemoUser]:
    """Load everything the demo needs and mark the site as demo."""
    users = demo_users_load()
    demo_flag_set(loaded=True)
    return users
