"""Values every page needs: service name, navigation, the demo banner."""

from __future__ import annotations

from django.http import HttpRequest

from saferelease.core import navigation
from saferelease.core.selectors import demo_data_loaded


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": "Safe Release",
        "navigation_items": navigation.items_for(request),
        "demo_mode": demo_data_loaded(),
    }
