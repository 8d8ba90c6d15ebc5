"""Factories for users. Names come from Faker forced to en_GB; every person is fictional."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import factory

from saferelease.accounts.models import User
from saferelease.establishments.models import Establishment

TEST_PASSWORD = "correct-horse-battery-staple"

#: The ``make_user`` fixture: ``make_user(role, establishment_codes, **fields)``.
MakeUser: TypeAlias = Callable[..., User]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    role = "caseworker"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def establishments(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        self.establishments.set(Establishment.objects.filter(code__in=extracted))
