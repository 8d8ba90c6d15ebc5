from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from saferelease.deadlines import Status

register = template.Library()

TAGS = {
    Status.OVERDUE: ("Overdue", "govuk-tag--red"),
    Status.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    Status.NOT_YET_DUE: ("Not yet due", ""),  # the default tag colour (blue)
    Status.MET: ("Met", "govuk-tag--green"),
    Status.MET_LATE: ("Met late", "govuk-tag--purple"),
    Status.EXEMPT: ("Exempt", "govuk-tag--grey"),
    Status.NOT_APPLICABLE: ("Not applicable", "govuk-tag--grey"),
}


@register.simple_tag
def status_tag(status: str | None) -> SafeString:
    if not status:
        return format_html('<strong class="govuk-tag govuk-tag--green">{}</strong>', "Nothing due")
    label, modifier = TAGS[Status(status)]
    css = f"govuk-tag {modifier}".strip()
    return format_html('<strong class="{}">{}</strong>', css, label)


@register.filter
def status_label(status: str) -> str:
    return TAGS[Status(status)][0]
