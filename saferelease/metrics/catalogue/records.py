"""The offender management unit's own records, as the catalogue's
:class:`~saferelease.metrics.catalogue.metric.Recorded` counts read them (docs/omu.md):
one named row per record, with the establishment it belongs to and the fields of the
record of the same name (``saferelease/omu/models.py``).

``saferelease.metrics.selectors.omu_records`` loads them; a record's establishment is its
sample's (QA reviews), its own (supervision sessions) or its prisoner's (COM report
requests).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class QaReviewRecord(NamedTuple):
    """A QA review of a sampled OASys assessment."""

    establishment_id: int
    due_on: dt.date
    completed_on: dt.date | None
    #: :func:`saferelease.omu.rules.qa_meets_standard` of its ratings (None: none given).
    meets_standard: bool | None


class SupervisionRecord(NamedTuple):
    """A POM's supervision session."""

    establishment_id: int
    held_on: dt.date


class ComReportRecord(NamedTuple):
    """A request to a community offender manager for a report."""

    establishment_id: int
    due_on: dt.date
    received_on: dt.date | None
    pdu: str
