"""Pure rules for the offender management unit's work: no ORM, the date passed in.

Quality assurance sampling. Source: HM Inspectorate of Prisons, Littlehey 2015,
recommendation 5.50 ("all offender management work should be quality assured"; the
prison's answer: "OASys QA is a national system which highlights 10% of completed
assessments to check monthly"). Each month 10% (an establishment setting) of the OASys
assessments completed there in the previous month, rounded up, and at least 5 when there
are 5 or more, drawn at random with a recorded seed; each reviewed by the head of OMU or a
senior POM who is not its author, by the end of the month of the draw.

COM report requests. Source: HM Inspectorate of Prisons, Littlehey 2015, recommendation
5.51: "a clear protocol to ensure community offender managers meet report deadlines, and
that this work is of an appropriate standard". A request is due on the date the OMU gave
the community offender manager; the due date itself is not overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import hashlib
import math
import random
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

#: The checklist an establishment starts with (it may change it).
DEFAULT_QA_CHECKLIST = (
    "Risk of serious harm analysis evidenced",
    "Sentence plan objectives linked to the risks",
    "Contributions from other departments (healthcare, psychology, security, education)",
    "Plan reviewed after significant events",
)
#: The least a sample holds when the month has at least this many assessments.
QA_MINIMUM = 5


class ReportStatus(enum.StrEnum):
    """Where a COM report request stands on a day."""

    RECEIVED_ON_TIME = "received_on_time"
    RECEIVED_LATE = "received_late"
    OVERDUE = "overdue"
    AWAITED = "awaited"

    @property
    def label(self) -> str:
        return {
            "received_on_time": "Received on time",
            "received_late": "Received late",
            "overdue": "Overdue",
            "awaited": "Awaited",
        }[self.value]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour class for the status."""
        return {
            "received_on_time": "govuk-tag--green",
            "received_late": "govuk-tag--yellow",
            "overdue": "govuk-tag--red",
            "awaited": "govuk-tag--grey",
        }[self.value]


def report_status(*, due_on: dt.date, received_on: dt.date | None, as_of: dt.date) -> ReportStatus:
    """Received on time (on or before the due date), received late, overdue (not received
    and the due date has passed) or awaited. A receipt recorded after ``as_of`` is not yet
    known on ``as_of``."""
    if received_on is not None and received_on <= as_of:
        return (
            ReportStatus.RECEIVED_ON_TIME if received_on <= due_on else ReportStatus.RECEIVED_LATE
        )
    return ReportStatus.OVERDUE if as_of > due_on else ReportStatus.AWAITED


def days_overdue(*, due_on: dt.date, as_of: dt.date) -> int:
    """Whole days past the due date (0 on the due date or before)."""
    return max((as_of - due_on).days, 0)


# --- Quality assurance sampling --------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before ``day``'s."""
    return month_start(month_start(day) - dt.timedelta(days=1))


def qa_sample_size(population: int, percent: int) -> int:
    """``percent`` of ``population`` rounded up, at least :data:`QA_MINIMUM` when the
    population has that many, never more than the population."""
    if population <= 0:
        return 0
    size = math.ceil(population * percent / 100)
    if population >= QA_MINIMUM:
        size = max(size, QA_MINIMUM)
    return min(size, population)


def qa_seed(establishment_code: str, month: dt.date) -> int:
    """The seed of an establishment's sample for a month: a hash of the code and the month
    (``LTI:2026-11``), so the same draw gives the same seed and the seed is recorded."""
    digest = hashlib.sha256(f"{establishment_code}:{month:%Y-%m}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def qa_draw(population: Iterable[K], size: int, seed: int) -> list[K]:
    """A random sample of ``size`` from ``population`` with ``seed``: the population is put
    in sorted order first, so the same members and seed give the same sample whatever order
    they were read in. The sample is returned in sorted order."""
    ordered = sorted(set(population))  # type: ignore[type-var]
    chosen = random.Random(seed).sample(ordered, min(size, len(ordered)))  # noqa: S311
    return sorted(chosen)  # type: ignore[type-var]


def qa_assign(
    items: Sequence[tuple[K, int | None]], reviewers: Sequence[int]
) -> dict[K, int | None]:
    """Each item (a key and its author's id) to the reviewer with the fewest so far, in the
    reviewers' order, never its author. None when the author is the only reviewer."""
    load = dict.fromkeys(sorted(set(reviewers)), 0)
    assigned: dict[K, int | None] = {}
    for key, author in items:
        candidates = [r for r in load if r != author]
        if not candidates:
            assigned[key] = None
            continue
        chosen = min(candidates, key=lambda r: (load[r], r))
        load[chosen] += 1
        assigned[key] = chosen
    return assigned


def qa_due(drawn_on: dt.date) -> dt.date:
    """A review is due at the end of the month of the draw."""
    return month_end(drawn_on)


def qa_meets_standard(ratings: Iterable[str]) -> bool | None:
    """A reviewed assessment meets the standard when no item is "not met"; None when
    nothing has been rated."""
    given = list(ratings)
    if not given:
        return None
    return "not_met" not in given


# --- Programme places against need (recommendation 5.57) -----------------------------------
#
# Source: HM Inspectorate of Prisons, Littlehey 2015, recommendation 5.57 (a strategy for
# men in denial of their sexual offending, and for the offending-behaviour work shortfall).
# A programme with P places a year starts about one man every 365 / P days; the k-th man
# waiting (from 0, earliest release first) is expected to start k * 365 / P days from
# today. A man whose ERD comes before his expected start will be released with the need
# unmet. With no places, nobody starts.


def expected_start(position: int, places_per_year: int, as_of: dt.date) -> dt.date | None:
    """When the man at ``position`` in the waiting list is expected to start (None: never,
    the programme has no places)."""
    if places_per_year <= 0:
        return None
    return as_of + dt.timedelta(days=math.floor(position * 365 / places_per_year))


def need_unmet_at_release(erd: dt.date | None, start: dt.date | None) -> bool:
    """Released before he can start: no start, or an ERD before the expected start. A man
    with no ERD is not counted (he has no release to reach)."""
    if erd is None:
        return False
    return start is None or erd < start
