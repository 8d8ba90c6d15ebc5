"""Primary navigation: each part of the product registers its item here when it arrives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    prefix: str
    visible: Callable[[HttpRequest], bool]
    order: int = 50


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)


NAV_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    path = request.path
    return [
        {
            "label": item.label,
            "href": reverse(item.url_name),
            "active": path.startswith(item.prefix),
        }
        for item in NAV_ITEMS
        if item.visible(request)
    ]


signed_in = _signed_in
