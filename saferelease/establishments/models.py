"""Establishments (prisons) from the public MoJ prison register."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from saferelease.core.concurrency import Versioned


class Establishment(Versioned):
    code = models.CharField(
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]{1,9}$", "An establishment code is capital letters and digits"
            )
        ],
        help_text="NOMIS agency code, for example LTI",
    )
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    male = models.BooleanField(default=False)
    female = models.BooleanField(default=False)
    contracted = models.BooleanField(default=False, help_text="Privately run")
    categories = models.CharField(
        max_length=50, blank=True, help_text="Security categories, |-separated, for example B|C"
    )
    designated_resettlement = models.BooleanField(
        default=False,
        help_text="Designated resettlement prison (not in the register: set by staff)",
    )
    programme_places = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Offending-behaviour programme places commissioned a year (set by staff)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split("|") if c]

    @property
    def population_label(self) -> str:
        if self.male and self.female:
            return "Men and women"
        if self.male:
            return "Men"
        if self.female:
            return "Women"
        return "Not recorded"


class Region(models.Model):
    """A named group of establishments (a prison group or region) that managers compare:
    a managed list, so that nobody types prison codes to see a region."""

    name = models.CharField(max_length=100, unique=True)
    establishments = models.ManyToManyField(Establishment, related_name="regions", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
