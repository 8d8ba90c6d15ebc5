"""Site-wide state that belongs to no single domain."""

from __future__ import annotations

from django.db import models


class SiteFlag(models.Model):
    """A named flag, such as `demo_data_loaded`, set by a service and read by a selector."""

    name = models.SlugField(max_length=64, unique=True)
    value = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
