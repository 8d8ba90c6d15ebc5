"""Template filters used on every page (loaded as a builtin)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from saferelease.core.dates import format_date

register = template.Library()


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """31 January 2016."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value)


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    """31 January 2016 at 14:05 (Europe/London)."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{format_date(local.date())} at {local:%H:%M}"


@register.filter
def percent(value: float | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{places}f}%"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for sort and paging links)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
