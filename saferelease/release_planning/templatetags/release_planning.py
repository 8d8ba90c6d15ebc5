from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from saferelease.deadlines import Status
from saferelease.release_planning.selectors import WEEKS_PER_PAGE

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


#: Abbreviations staff read on release-planning pages, expanded by :func:`abbreviations`.
ABBREVIATIONS: dict[str, str] = {
    "ERD": "earliest release date",
    "PED": "parole eligibility date",
    "CRD": "conditional release date",
    "ARD": "automatic release date",
    "HDCED": "home detention curfew eligibility date",
    "SED": "sentence expiry date",
    "LED": "licence expiry date",
    "TED": "tariff expiry date",
    "THD": "target hearing date",
    "TUSED": "top-up supervision expiry date",
    "MAPPA": "multi-agency public protection arrangements",
    "OASys": "offender assessment system",
    "RoSH": "risk of serious harm",
    "OSP": "OASys sexual reoffending predictor",
    "COM": "community offender manager",
    "POM": "prison offender manager",
    "IRMT": "interdepartmental risk management team",
    "OMU": "offender management unit",
    "CAS3": "community accommodation service tier 3",
    "HDC": "home detention curfew",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")\b")


@register.filter
def abbreviations(text: str) -> SafeString:
    """``text`` escaped, with each abbreviation it uses in an ``<abbr>`` giving its words
    ("<abbr title="multi-agency public protection arrangements">MAPPA</abbr>")."""
    escaped = str(conditional_escape(text))
    return mark_safe(
        _ABBREVIATION.sub(
            lambda match: f'<abbr title="{ABBREVIATIONS[match.group(1)]}">{match.group(1)}</abbr>',
            escaped,
        )
    )


@register.simple_tag
def case_tag(case: Any) -> SafeString:
    """The caseload's tag for a man: his most urgent item by name ("MAPPA level overdue")
    with "+2 more" for the rest of his alerts; a red "Release date passed" above every
    status; else the worst status ("Not yet due", "Nothing due")."""
    alerts = case.alerts
    if case.release_date_passed:
        label, css, rest = "Release date passed", "govuk-tag--red", len(alerts)
    elif alerts:
        top = alerts[0]
        when = "overdue" if top.status == Status.OVERDUE else "due soon"
        css = "govuk-tag--red" if top.status == Status.OVERDUE else "govuk-tag--orange"
        label, rest = f"{top.definition.item} {when}", len(alerts) - 1
    else:
        return status_tag(case.worst_status)
    more = format_html(' <span class="app-more">+{} more</span>', rest) if rest else ""
    return format_html('<strong class="govuk-tag {}">{}</strong>{}', css, label, more)


@register.filter
def slice_weeks(weeks: Any, number: int) -> Any:
    """The first week on page ``number`` of the releases board (for its page links)."""
    return weeks[(int(number) - 1) * WEEKS_PER_PAGE]
