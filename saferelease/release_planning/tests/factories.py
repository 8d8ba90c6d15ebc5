"""Prisoner factory: synthetic, fictional people (Faker en_GB)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory

from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner


class PrisonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prisoner

    prison_number = factory.Sequence(lambda n: f"A{n % 10000:04d}{chr(65 + n // 10000 % 26)}B")
    given_name = factory.Faker("first_name_male", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(1970, 5, 17)
    establishment = factory.LazyFunction(lambda: Establishment.objects.get(code="LTI"))
    reception_date = dt.date(2024, 1, 10)
    sentence_type = "determinate"
    sentence_start_date = dt.date(2023, 11, 1)
    crd = dt.date(2026, 9, 1)
    sed = dt.date(2028, 9, 1)
    offence_category = "sexual"
    rosh = "high"
    oasys_completed_date = dt.date(2026, 1, 15)


def make_prisoner(**fields: Any) -> Prisoner:
    """A saved synthetic prisoner (typed wrapper around PrisonerFactory)."""
    return cast(Prisoner, PrisonerFactory(**fields))
