"""Public protection at release: MAPPA, the community offender manager and resettlement
transfers of the men released during the period."""

from __future__ import annotations

from typing import Final

from saferelease.core.calendar import add_months
from saferelease.deadlines.rules import com_allocated, resettlement_transfer
from saferelease.metrics.catalogue.deadlines import rule_applied, rule_outcome
from saferelease.metrics.catalogue.men import ReleaseOutcome
from saferelease.metrics.catalogue.metric import Better, Group, Metric, Number, Released, Share
from saferelease.metrics.catalogue.releases import RELEASED


def mappa_set_on_time(outcome: ReleaseOutcome) -> bool:
    """Level set on or before the release date minus 6 calendar months (clamped)."""
    set_on = outcome.mappa_level_set_date
    return set_on is not None and set_on <= add_months(outcome.released_on, -6)


IN_MAPPA: Final = Released(
    "in a MAPPA category", lambda release: release.mappa_category is not None
)
MAPPA_SET_ON_TIME: Final = Released(
    "MAPPA level set on time",
    lambda release: release.mappa_category is not None and mappa_set_on_time(release),
)
_TRANSFER: Final = resettlement_transfer.RULE
TRANSFERS_NEEDED: Final = rule_applied(_TRANSFER)
TRANSFERS_ACHIEVED: Final = rule_outcome(_TRANSFER, "on_time", "late")

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "mappa_set_on_time_share",
        "MAPPA level set 6 months before release",
        f"Share of {RELEASED} in MAPPA category 1, 2 or 3 whose MAPPA level was set on or "
        "before the release date minus 6 calendar months (clamped to the end of a shorter "
        "month). No level set date counts as not on time.",
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
        Share(MAPPA_SET_ON_TIME, IN_MAPPA),
        charted=True,
    ),
    Metric(
        "com_allocated_on_time_share",
        "Community offender manager allocated on time",
        f"Share of {RELEASED} to whom the COM allocation (handover) rule applied at release "
        "whose COM was allocated by the handover date. Exempt men are left out.",
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
        Share(
            rule_outcome(com_allocated.RULE, "on_time"),
            rule_applied(com_allocated.RULE),
        ),
    ),
    Metric(
        "resettlement_transfers_needed_count",
        "Resettlement transfers needed",
        f"Number of {RELEASED} to whom the resettlement-transfer rule applied at release "
        "(determinate sentence, held outside a resettlement prison), exempt men left out.",
        Better.NEITHER,
        Group.PUBLIC_PROTECTION,
        Number(TRANSFERS_NEEDED),
    ),
    Metric(
        "resettlement_transfers_achieved_count",
        "Resettlement transfers achieved",
        "Of the resettlement transfers needed, the number transferred before release, on "
        "time or late.",
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
        Number(TRANSFERS_ACHIEVED),
    ),
    Metric(
        "resettlement_transfers_achieved_share",
        "Resettlement transfers achieved (share)",
        "Resettlement transfers achieved divided by resettlement transfers needed.",
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
        Share(TRANSFERS_ACHIEVED, TRANSFERS_NEEDED),
    ),
)
