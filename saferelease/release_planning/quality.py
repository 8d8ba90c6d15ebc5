"""Data-quality flags for one prisoner's release-planning facts (pure Python, no clock).

Each check is declared once, as data, in :data:`QUALITY_CHECKS` (code, title, the check in
words, and a function that returns the message for a prisoner or None). The deadline
engine trusts the key dates it is given (sentence calculation is not recalculated here), so
these flags are how contradictory or missing data becomes visible instead of silently
producing a wrong deadline. ``docs/deadline-rules.md`` lists every check (the tests make
sure of it).

Key-date comparisons only run when both dates are recorded; a missing date is flagged by
its own check where it matters (no ERD, no OASys, no reception date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from saferelease.core.dates import format_date
from saferelease.deadlines import (
    SENTENCED,
    Erd,
    ErdSource,
    OffenceCategory,
    PrisonerFacts,
    earliest_release_date,
    passed_ped,
)
from saferelease.deadlines.catalogue import FACTS_BY_NAME

__all__ = [
    "ALERT_CODES",
    "PED_PASSED",
    "QUALITY_CHECKS",
    "RELEASE_DATE_PASSED",
    "QualityCheck",
    "QualityFlag",
    "data_quality_flags",
    "quality_markdown_table",
    "release_date_passed",
]


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """One data-quality problem: a stable code and an en-GB message."""

    code: str
    message: str


#: ``check(facts, as_of)`` returns the message when the problem is present, else None.
Check = Callable[[PrisonerFacts, dt.date], str | None]


@dataclass(frozen=True, slots=True, eq=False)
class QualityCheck:
    """One data-quality check, declared as data."""

    code: str
    title: str
    description: str
    check: Check


def _sentenced(facts: PrisonerFacts) -> bool:
    return facts.sentence_type in SENTENCED


def _name(fact: str) -> str:
    """How a check names a date: its abbreviation ("CRD") or label, from the catalogue."""
    declared = FACTS_BY_NAME[fact]
    return declared.short or declared.label


def _after(later_name: str, earlier_name: str, earlier_label: str = "") -> Check:
    """A check that flags when ``later_name`` is strictly after ``earlier_name`` (both
    :class:`PrisonerFacts` date fields, named as the catalogue names them unless
    ``earlier_label`` is given)."""
    later_label, earlier_label = _name(later_name), earlier_label or _name(earlier_name)

    def check(facts: PrisonerFacts, as_of: dt.date) -> str | None:
        first: dt.date | None = getattr(facts, later_name)
        second: dt.date | None = getattr(facts, earlier_name)
        if first is None or second is None or first <= second:
            return None
        return f"{later_label} {format_date(first)} is after {earlier_label} {format_date(second)}"

    return check


def _before(early_name: str, late_name: str, late_label: str = "") -> Check:
    """A check that flags when ``early_name`` is strictly before ``late_name``."""
    early_label, late_label = _name(early_name), late_label or _name(late_name)

    def check(facts: PrisonerFacts, as_of: dt.date) -> str | None:
        first: dt.date | None = getattr(facts, early_name)
        second: dt.date | None = getattr(facts, late_name)
        if first is None or second is None or first >= second:
            return None
        return f"{early_label} {format_date(first)} is before {late_label} {format_date(second)}"

    return check


#: The flag for a confirmed release date that has passed while the man is in custody.
RELEASE_DATE_PASSED: Final = "release-date-passed"
#: The flag for a PED that passed without release.
PED_PASSED: Final = "ped-passed"
#: Flags shown as a red alert above every deadline status (caseload, prisoner page,
#: releases board).
ALERT_CODES: Final = frozenset({RELEASE_DATE_PASSED})
#: ERD sources that are release dates (the PED, TED and THD are eligibility or hearing
#: dates: a man is not released on them unless a board says so).
_RELEASE_DATES: Final = frozenset({ErdSource.CONFIRMED_RELEASE_DATE, ErdSource.ARD, ErdSource.CRD})


def _in_custody_at(facts: PrisonerFacts, as_of: dt.date) -> bool:
    """No release recorded on or before ``as_of`` (a later one is not yet true)."""
    return facts.released_on is None or facts.released_on > as_of


def _passed_release_date(facts: PrisonerFacts, as_of: dt.date) -> Erd | None:
    """The ERD when it is a release date (confirmed, ARD or CRD) before ``as_of`` while the
    man is in custody; else None."""
    if not _in_custody_at(facts, as_of):
        return None
    erd = earliest_release_date(facts, as_of)
    if erd is None or erd.date >= as_of or erd.source not in _RELEASE_DATES:
        return None
    return erd


def _release_date_passed(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    erd = _passed_release_date(facts, as_of)
    if erd is None:
        return None
    days = (as_of - erd.date).days
    ago = "1 day ago" if days == 1 else f"{days} days ago"
    return (
        f"Release date passed: record the release or correct the date ({erd.label} "
        f"{format_date(erd.date)}, {ago})"
    )


def _ped_passed(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    ped = passed_ped(facts, as_of)
    if ped is None or facts.confirmed_release_date is not None:
        return None
    if not _in_custody_at(facts, as_of):
        return None
    erd = earliest_release_date(facts, as_of)
    if erd is not None and erd.date != ped:
        return (
            f"PED passed on {format_date(ped)} without release: the earliest release date is "
            f"now the {erd.label} {format_date(erd.date)}; record the parole outcome"
        )
    return (
        f"PED passed on {format_date(ped)} without release and no ARD or CRD is recorded: "
        "the passed PED stays the earliest release date; record the parole outcome or the "
        "release dates"
    )


def _sexual_offence_without_mappa(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    if (
        _sentenced(facts)
        and facts.offence_category == OffenceCategory.SEXUAL
        and facts.mappa_category is None
    ):
        return "Convicted of a sexual offence but no MAPPA category is recorded"
    return None


def _sentenced_without_erd(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    if _sentenced(facts) and earliest_release_date(facts, as_of) is None:
        return (
            f"Sentenced ({facts.sentence_type}) but no earliest release date can be derived "
            f"at {format_date(as_of)}: release-planning deadlines cannot be set"
        )
    return None


def _no_oasys(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    last = facts.oasys_completed_date
    if _sentenced(facts) and (last is None or last > as_of):
        return f"Sentenced but no OASys assessment is recorded on or before {format_date(as_of)}"
    return None


def _no_reception_date(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    if facts.reception_date is None:
        return "No reception date is recorded"
    return None


def _mappa_level_without_category(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    if facts.mappa_level is not None and facts.mappa_category is None:
        return f"MAPPA level {facts.mappa_level} is recorded without a MAPPA category"
    return None


def _hdced_for_registered_sex_offender(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    if facts.hdced is not None and facts.mappa_category == 1:
        return (
            f"HDCED {format_date(facts.hdced)} is recorded for a MAPPA category 1 (registered "
            "sexual offender) prisoner, who is not eligible for home detention curfew"
        )
    return None


_COMPLETION_FIELDS: Final = (
    ("oasys_completed_date", "OASys"),
    ("mappa_level_set_date", "MAPPA level set"),
    ("com_allocated_date", "COM allocated"),
    ("irmt_review_date", "IRMT review"),
    ("accommodation_confirmed_date", "release address confirmed"),
    ("ap_application_date", "approved premises application"),
    ("duty_to_refer_date", "duty to refer"),
    ("resettlement_plan_date", "resettlement plan"),
    ("resettlement_transfer_date", "resettlement transfer"),
    ("licence_approved_date", "licence approved"),
    ("released_on", "released on"),
)


def _future_dated_records(facts: PrisonerFacts, as_of: dt.date) -> str | None:
    future = []
    for name, label in _COMPLETION_FIELDS:
        value: dt.date | None = getattr(facts, name)
        if value is not None and value > as_of:
            future.append(f"{label} {format_date(value)}")
    if not future:
        return None
    return f"Recorded as done after {format_date(as_of)} (ignored until then): " + ", ".join(future)


QUALITY_CHECKS: Final[tuple[QualityCheck, ...]] = (
    QualityCheck(
        RELEASE_DATE_PASSED,
        "Release date passed",
        "The ERD is a release date (the confirmed release date, or the ARD or CRD) before the "
        "evaluation date and no release is recorded: record the release or correct the date. "
        "The date stays the ERD; the flag is a red alert above every deadline status.",
        _release_date_passed,
    ),
    QualityCheck(
        PED_PASSED,
        "PED passed without release",
        "A determinate or recall sentence's parole eligibility date is before the evaluation "
        "date, no release is recorded and no release date is confirmed. The ERD is then the "
        "earlier of the ARD and CRD, or the passed PED when neither is recorded.",
        _ped_passed,
    ),
    QualityCheck(
        "sexual-offence-no-mappa",
        "Sexual offence without a MAPPA category",
        "A sentenced prisoner convicted of a sexual offence has no MAPPA category (registered "
        "sexual offenders are category 1), so the MAPPA deadline cannot apply.",
        _sexual_offence_without_mappa,
    ),
    QualityCheck(
        "sentenced-no-erd",
        "Sentenced without an earliest release date",
        "A sentenced prisoner has no date the ERD can be derived from (no confirmed release "
        "date, PED, ARD or CRD; for indeterminate sentences no future TED and no THD).",
        _sentenced_without_erd,
    ),
    QualityCheck(
        "no-oasys",
        "No OASys assessment",
        "A sentenced prisoner has no OASys assessment on or before the evaluation date.",
        _no_oasys,
    ),
    QualityCheck(
        "no-reception-date",
        "No reception date",
        "No reception date is recorded (the OASys and recall handover deadlines count from it).",
        _no_reception_date,
    ),
    QualityCheck(
        "crd-after-sed",
        "CRD after SED",
        "The conditional release date is after the sentence expiry date.",
        _after("crd", "sed"),
    ),
    QualityCheck(
        "ard-after-sed",
        "ARD after SED",
        "The automatic release date is after the sentence expiry date.",
        _after("ard", "sed"),
    ),
    QualityCheck(
        "ped-after-crd",
        "PED after CRD",
        "The parole eligibility date is after the conditional release date.",
        _after("ped", "crd"),
    ),
    QualityCheck(
        "hdced-after-crd",
        "HDCED after CRD",
        "Home detention curfew eligibility is after the conditional release date (HDC ends "
        "at the CRD, so eligibility must come first).",
        _after("hdced", "crd"),
    ),
    QualityCheck(
        "led-before-crd",
        "LED before CRD",
        "The licence expiry date is before the conditional release date.",
        _before("led", "crd"),
    ),
    QualityCheck(
        "tused-before-crd",
        "TUSED before CRD",
        "Top-up supervision expiry is before the conditional release date.",
        _before("tused", "crd"),
    ),
    QualityCheck(
        "sed-before-sentence-start",
        "SED before sentence start",
        "The sentence expiry date is before the sentence start date.",
        _before("sed", "sentence_start_date", "sentence start"),
    ),
    QualityCheck(
        "crd-before-sentence-start",
        "CRD before sentence start",
        "The conditional release date is before the sentence start date.",
        _before("crd", "sentence_start_date", "sentence start"),
    ),
    QualityCheck(
        "ted-before-sentence-start",
        "TED before sentence start",
        "The tariff expiry date is before the sentence start date.",
        _before("ted", "sentence_start_date", "sentence start"),
    ),
    QualityCheck(
        "confirmed-release-after-sed",
        "Confirmed release date after SED",
        "The confirmed release date is after the sentence expiry date.",
        _after("confirmed_release_date", "sed"),
    ),
    QualityCheck(
        "hdced-registered-sex-offender",
        "HDCED for a registered sexual offender",
        "An HDCED is recorded for a MAPPA category 1 prisoner; men on the sex offender "
        "register are never given home detention curfew.",
        _hdced_for_registered_sex_offender,
    ),
    QualityCheck(
        "mappa-level-without-category",
        "MAPPA level without a category",
        "A MAPPA management level is recorded without a MAPPA category.",
        _mappa_level_without_category,
    ),
    QualityCheck(
        "released-before-reception",
        "Released before reception",
        "The release date is before the reception date.",
        _before("released_on", "reception_date", "reception"),
    ),
    QualityCheck(
        "future-dated-record",
        "Completion recorded in the future",
        "A completion (or release) date is after the evaluation date; the deadline engine "
        "ignores it until then.",
        _future_dated_records,
    ),
)


def release_date_passed(facts: PrisonerFacts, as_of: dt.date) -> bool:
    """Whether ``facts`` raise :data:`RELEASE_DATE_PASSED` at ``as_of``."""
    return _passed_release_date(facts, as_of) is not None


def data_quality_flags(facts: PrisonerFacts, as_of: dt.date) -> list[QualityFlag]:
    """Every data-quality problem in ``facts`` at ``as_of``, in :data:`QUALITY_CHECKS`
    order (empty when the record is clean)."""
    flags = []
    for check in QUALITY_CHECKS:
        message = check.check(facts, as_of)
        if message is not None:
            flags.append(QualityFlag(check.code, message))
    return flags


def quality_markdown_table() -> str:
    """The checks table in ``docs/deadline-rules.md`` (the tests check they match)."""
    lines = ["| code | check | flagged when |", "| --- | --- | --- |"]
    for check in QUALITY_CHECKS:
        lines.append(f"| `{check.code}` | {check.title} | {check.description} |")
    return "\n".join(lines)
