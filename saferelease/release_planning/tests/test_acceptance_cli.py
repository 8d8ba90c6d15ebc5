"""Acceptance test: `saferelease prisoners import` then `saferelease milestones`, end to end.

The expected results come from an INDEPENDENT reference implementation of the deadline rules
(the REFERENCE section below), written only from the rules' words (the specification, as
`docs/deadline-rules.md` and `docs/prisoner-csv.md` state it: ERD, calendar-month and
working-day arithmetic, statuses, the eleven rules and their populations, the command-line
contract; the eleventh in its own words: "applies to men in custody with an ERD and any
health need, due 28 days before the ERD, due soon from 14 days before the due date, met by
discharge_plan_date, met late after the due date"). It deliberately does not import, call or
copy anything from saferelease/deadlines/ or the calendar helpers: its own calendar-month
arithmetic clamps to the end of a shorter month, and its working days use only the
`holidays` package (England and Wales bank holidays). Rows of a rule added after the
reference are set aside: such a rule's boundary case is in
saferelease/deadlines/tests/test_rules.py.

The population is about 180 fictional prisoners chosen at the boundaries (due today, due
yesterday, due exactly at the window start, one day before the window; month-end clamping;
bank holidays inside the two-working-day count; completions on the due date, one day late and
after as_of; exemptions; health needs written in any order and case; indeterminate, recall,
remand; every accommodation status, MAPPA category and level, RoSH level; designated
resettlement prison or not; a PED on, and a day before, the evaluation date; a confirmed release
date that has passed). They go in through the command line as a CSV file
(docs/prisoner-csv.md), the milestones command is run at several as_of dates (JSON, and once
CSV), and every row is compared with the reference. A failure lists every mismatch, not just
the first.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

import holidays
import pytest
from django.core.management import call_command

from saferelease.establishments.models import Establishment

# --------------------------------------------------------------------------------------------
# REFERENCE: the deadline rules as the specification states them (nothing from the product).
# --------------------------------------------------------------------------------------------

RULES = (
    "oasys-current",
    "com-allocated",
    "mappa-level-set",
    "irmt-review",
    "ap-application",
    "resettlement-plan",
    "resettlement-transfer",
    "duty-to-refer",
    "licence-approved",
    "release-address",
    "health-discharge-plan",
)
SENTENCED = frozenset({"determinate", "indeterminate", "recall"})
HIGH_ROSH = frozenset({"high", "very_high"})
HIGH_MAPPA_LEVEL = frozenset({"2", "3"})
DUTY_TO_REFER_ACCOMMODATION = frozenset({"none", "unknown", "temporary", ""})

#: England and Wales bank holidays (the `holidays` package: GB, subdivision ENG).
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, 2031))

#: Which date each rule's completion is recorded by (oasys-current is rolling: see below).
COMPLETED_BY = {
    "com-allocated": "com_allocated_date",
    "mappa-level-set": "mappa_level_set_date",
    "irmt-review": "irmt_review_date",
    "ap-application": "ap_application_date",
    "resettlement-plan": "resettlement_plan_date",
    "resettlement-transfer": "resettlement_transfer_date",
    "duty-to-refer": "duty_to_refer_date",
    "licence-approved": "licence_approved_date",
    "release-address": "accommodation_confirmed_date",
    "health-discharge-plan": "discharge_plan_date",
}
#: "windows are 28 days unless stated"
WINDOW = defaultdict(
    lambda: 28, {"com-allocated": 56, "release-address": 84, "health-discharge-plan": 14}
)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months (negative: back), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def before(day: dt.date, *, months: int = 0, days: int = 0) -> dt.date:
    """`day` minus months (first, clamped) then days."""
    return add_months(day, -months) - dt.timedelta(days=days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def working_days_before(day: dt.date, count: int) -> dt.date:
    """Count back `count` working days strictly before `day`."""
    found = 0
    while found < count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


@dataclass(frozen=True)
class Man:
    """One CSV row: the fields in the contract's column order (None / "" is an empty cell)."""

    prison_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date = dt.date(1984, 6, 9)
    establishment: str = "LTI"
    reception_date: dt.date = dt.date(2025, 1, 14)
    sentence_type: str = "determinate"
    sentence_start_date: dt.date | None = dt.date(2024, 11, 4)
    sed: dt.date | None = None
    led: dt.date | None = None
    crd: dt.date | None = None
    ard: dt.date | None = None
    ped: dt.date | None = None
    hdced: dt.date | None = None
    ted: dt.date | None = None
    thd: dt.date | None = None
    tused: dt.date | None = None
    confirmed_release_date: dt.date | None = None
    offence_category: str = ""
    rosh: str = ""
    osp: str = ""
    oasys_completed_date: dt.date | None = None
    mappa_category: str = ""
    mappa_level: str = ""
    mappa_level_set_date: dt.date | None = None
    com_allocated_date: dt.date | None = None
    irmt_review_date: dt.date | None = None
    accommodation_status: str = ""
    accommodation_confirmed_date: dt.date | None = None
    ap_application_date: dt.date | None = None
    duty_to_refer_date: dt.date | None = None
    resettlement_plan_date: dt.date | None = None
    resettlement_transfer_date: dt.date | None = None
    resettlement_transfer_exemption: str = ""
    licence_approved_date: dt.date | None = None
    maintains_innocence: str = ""
    programme_status: str = ""
    health_needs: str = ""
    discharge_plan_date: dt.date | None = None
    released_on: dt.date | None = None
    accommodation_on_release: str = ""


#: The contract's header as docs/prisoner-csv.md words it, with the two health columns added after
#: programme_status (Man's fields must be in this order).
CONTRACT_HEADER = (
    "prison_number, given_name, family_name, date_of_birth, establishment, reception_date, "
    "sentence_type, sentence_start_date, sed, led, crd, ard, ped, hdced, ted, thd, tused, "
    "confirmed_release_date, offence_category, rosh, osp, oasys_completed_date, "
    "mappa_category, mappa_level, mappa_level_set_date, com_allocated_date, irmt_review_date, "
    "accommodation_status, accommodation_confirmed_date, ap_application_date, "
    "duty_to_refer_date, resettlement_plan_date, resettlement_transfer_date, "
    "resettlement_transfer_exemption, licence_approved_date, maintains_innocence, "
    "programme_status, health_needs, discharge_plan_date, released_on, accommodation_on_release"
)
HEADER = CONTRACT_HEADER.split(", ")


class Expected(NamedTuple):
    status: str
    due_date: dt.date | None
    completed_date: dt.date | None


NOT_APPLICABLE = Expected("not_applicable", None, None)


def earliest_release(man: Man, as_of: dt.date) -> tuple[dt.date | None, str | None]:
    """The ERD at as_of and which date it came from: a date he can still be released on.

    A confirmed release date comes first, even once it has passed while he is in custody
    (that is a data-quality flag, not a different ERD). Determinate and recall sentences use
    the PED while it is on or after as_of; once it has passed without release, the earlier
    of the ARD and CRD; with neither, the passed PED stays the ERD."""
    if man.confirmed_release_date:  # first, whatever the sentence
        return man.confirmed_release_date, "confirmed_release_date"
    if man.sentence_type not in SENTENCED:
        return None, None  # remand has none
    if man.sentence_type in ("determinate", "recall"):
        released_by_ped = man.ped and man.released_on and man.released_on <= man.ped
        if man.ped and (man.ped >= as_of or released_by_ped):
            return man.ped, "ped"
        known = [(day, name) for day, name in ((man.ard, "ard"), (man.crd, "crd")) if day]
        if known:
            return min(known)  # the data has no ARD == CRD tie
        return (man.ped, "ped") if man.ped else (None, None)
    if man.ted and man.ted > as_of:  # indeterminate
        return man.ted, "ted"
    if man.thd:
        return man.thd, "thd"
    return None, None


def in_population(man: Man, rule: str, designated: frozenset[str]) -> bool:
    """Each rule's "who" exactly as the specification words it: oasys-current, com-allocated,
    resettlement-plan, licence-approved and release-address say "sentenced";
    resettlement-transfer says "determinate"; the MAPPA, IRMT, approved premises and duty
    to refer rules name no sentence condition, and neither does the health discharge plan
    ("men in custody with an ERD and any health need": any value in the column)."""
    high = man.mappa_level in HIGH_MAPPA_LEVEL or man.rosh in HIGH_ROSH
    return {
        "mappa-level-set": man.mappa_category in ("1", "2", "3"),
        "irmt-review": high,
        "ap-application": high and man.accommodation_status != "settled",
        "resettlement-transfer": man.sentence_type == "determinate"
        and man.establishment not in designated,
        "duty-to-refer": man.accommodation_status in DUTY_TO_REFER_ACCOMMODATION,
        "health-discharge-plan": any(part.strip() for part in man.health_needs.split(";")),
    }.get(rule, man.sentence_type in SENTENCED)


def due_date(man: Man, rule: str, erd: dt.date) -> dt.date | None:
    if rule == "com-allocated":
        if man.sentence_type == "indeterminate" or man.ped:
            return before(erd, months=12)
        if man.sentence_type == "recall":
            return man.reception_date
        start = man.sentence_start_date
        if start and add_months(start, 10) >= erd:
            return start
        return before(erd, months=8, days=14)
    if rule in ("mappa-level-set", "irmt-review", "ap-application"):
        return before(erd, months=6)
    if rule in ("resettlement-plan", "resettlement-transfer"):
        return before(erd, days=84)
    if rule == "duty-to-refer":
        return before(erd, days=56)
    if rule == "health-discharge-plan":
        return erd - dt.timedelta(days=28)
    return working_days_before(erd, 2)  # licence-approved, release-address


def timing(as_of: dt.date, due: dt.date, window: int) -> str:
    if as_of > due:
        return "overdue"  # the due date itself is not overdue
    if as_of >= due - dt.timedelta(days=window):
        return "due_soon"
    return "not_yet_due"


def expected(man: Man, rule: str, as_of: dt.date, designated: frozenset[str]) -> Expected:
    """One rule for one man at as_of, from the rule text."""
    if not in_population(man, rule, designated):
        return NOT_APPLICABLE
    if rule == "oasys-current":  # rolling, no ERD needed; an OASys after as_of counts as none
        last = man.oasys_completed_date
        last = last if last and last <= as_of else None
        due = last + dt.timedelta(days=364) if last else None
        if due is None and man.reception_date:
            due = man.reception_date + dt.timedelta(days=56)
        if due is None:
            return NOT_APPLICABLE
        status = timing(as_of, due, WINDOW[rule])
        if status == "not_yet_due" and last:
            status = "met"
        return Expected(status, due, last)
    erd, _source = earliest_release(man, as_of)
    if erd is None:
        return NOT_APPLICABLE
    due = due_date(man, rule, erd)
    if due is None:
        return NOT_APPLICABLE
    completed = getattr(man, COMPLETED_BY[rule])
    if completed and completed > as_of:
        completed = None  # a completion after as_of is ignored
    if completed:
        return Expected("met" if completed <= due else "met_late", due, completed)
    if rule == "resettlement-transfer" and man.resettlement_transfer_exemption:
        return Expected("exempt", due, None)
    return Expected(timing(as_of, due, WINDOW[rule]), due, None)


def test_reference_arithmetic_against_hand_computed_dates():
    """The reference's own arithmetic, checked against dates worked out by hand."""
    d = dt.date
    assert before(d(2026, 8, 31), months=6) == d(2026, 2, 28)
    assert before(d(2028, 8, 31), months=6) == d(2028, 2, 29)
    assert before(d(2026, 3, 31), months=6) == d(2025, 9, 30)
    assert before(d(2028, 2, 29), months=12) == d(2027, 2, 28)
    assert before(d(2026, 10, 31), months=8, days=14) == d(2026, 2, 14)  # months first
    assert add_months(d(2025, 4, 30), 10) == d(2026, 2, 28)
    assert add_months(d(2025, 12, 31), -13) == d(2024, 11, 30)
    # Tuesday after the late-summer bank holiday (Monday 31 August 2026): Fri 28, Thu 27.
    assert working_days_before(d(2026, 9, 1), 2) == d(2026, 8, 27)
    assert working_days_before(d(2026, 9, 2), 2) == d(2026, 8, 28)
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    assert working_days_before(d(2026, 4, 7), 2) == d(2026, 4, 1)
    assert working_days_before(d(2026, 4, 8), 2) == d(2026, 4, 2)
    # Christmas 2026: Friday 25, Boxing Day substitute Monday 28 December.
    assert working_days_before(d(2026, 12, 29), 2) == d(2026, 12, 23)
    assert working_days_before(d(2027, 1, 4), 2) == d(2026, 12, 30)
    assert working_days_before(d(2026, 6, 17), 2) == d(2026, 6, 15)  # an ordinary week


# --------------------------------------------------------------------------------------------
# The population: fictional men at the boundaries.
# --------------------------------------------------------------------------------------------

DESIGNATED = frozenset({"NMI"})  # set on the register in the test; LTI, DAI, BMI are not
BOUNDARY_AS_OF = (dt.date(2026, 6, 22), dt.date(2026, 12, 23))
AS_OF_DATES = (
    dt.date(2026, 3, 31),  # month end
    dt.date(2026, 4, 1),  # Wednesday before Easter: licences due for 6 and 7 April ERDs
    dt.date(2026, 6, 15),  # a TED, completions and a transfer on this day
    dt.date(2026, 6, 22),  # boundary set 1 (a Monday)
    dt.date(2026, 8, 28),  # Friday before the late-summer bank holiday
    dt.date(2026, 9, 1),  # Tuesday after it
    dt.date(2026, 12, 23),  # boundary set 2, before Christmas
    dt.date(2027, 1, 4),
    dt.date(2028, 2, 29),  # leap day
)
CSV_AS_OF = dt.date(2026, 8, 28)

GIVEN = ("Aldous", "Bram", "Corvin", "Dashiell", "Ewart", "Fenwick", "Gideon", "Hollis")
FAMILY = (
    "Quillfeather",
    "Brackwater",
    "Tarrowdale",
    "Fennimore",
    "Oakhurst-Vey",
    "Marrable",
    "Sallowfield",
    "Penhallow",
    "Wrexley",
    "Dunmarrow",
    "Ashcombe",
    "Thistlewood",
    "Corrigal",
    "Lanyon-Pike",
    "Gorsebrook",
    "Vantreece",
    "Ellersby",
)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


def with_due(make: Callable[[dt.date], Man], rule: str, target: dt.date, as_of: dt.date) -> Man:
    """The man `make(erd)` for the first ERD that gives `rule` the due date `target`."""
    for delta in range(-40, 420):
        man = make(target + days(delta))
        if expected(man, rule, as_of, DESIGNATED).due_date == target:
            return man
    raise AssertionError(f"no ERD gives {rule} the due date {target}")


def with_completions(man: Man, shift: int, as_of: dt.date) -> Man:
    """Every rule's completion recorded `shift` days after its due date."""
    values: dict[str, Any] = {}
    for rule, name in COMPLETED_BY.items():
        result = expected(man, rule, as_of, DESIGNATED)
        if result.due_date:
            values[name] = result.due_date + days(shift)
    return replace(man, **values)


ALL_IN: dict[str, Any] = {
    "mappa_category": "1",
    "mappa_level": "2",
    "rosh": "high",
    "accommodation_status": "none",
    "health_needs": "mental;substance",
}


def boundary_men(a: dt.date) -> list[Man]:
    """Each rule due today, due yesterday, due at the window start, a day before the window."""
    men: list[Man] = []

    def offsets(window: int) -> tuple[int, ...]:
        return (0, -1, window, window + 1)

    six_months: list[Callable[[dt.date], Man]] = [
        lambda e: Man(crd=e, mappa_category="1", mappa_level="2", accommodation_status="none"),
        lambda e: Man(
            ard=e,
            crd=e + days(40),
            mappa_category="2",
            rosh="high",
            accommodation_status="temporary",
            establishment="DAI",
        ),
        lambda e: Man(
            confirmed_release_date=e,
            crd=e + days(10),
            mappa_category="3",
            mappa_level="3",
            accommodation_status="cas3",
        ),
        lambda e: Man(
            sentence_type="indeterminate",
            ted=e,
            thd=e + days(100),
            mappa_category="1",
            rosh="very_high",
            accommodation_status="approved_premises",
            establishment="BMI",
        ),
    ]
    for offset, make in zip(offsets(28), six_months, strict=True):
        men.append(with_due(make, "mappa-level-set", a + days(offset), a))
    eighty_four: list[Callable[[dt.date], Man]] = [
        lambda e: Man(crd=e),
        lambda e: Man(ard=e, crd=e + days(30), establishment="DAI"),
        lambda e: Man(crd=e, ard=e + days(5), establishment="BMI"),
        lambda e: Man(crd=e, sentence_type="recall", reception_date=a - days(20)),
    ]
    for offset, make in zip(offsets(28), eighty_four, strict=True):
        men.append(with_due(make, "resettlement-plan", a + days(offset), a))

    def housing(accommodation: str) -> Callable[[dt.date], Man]:
        return lambda e: Man(crd=e, accommodation_status=accommodation)

    for offset, accommodation in zip(
        offsets(28), ("none", "unknown", "temporary", ""), strict=True
    ):
        men.append(with_due(housing(accommodation), "duty-to-refer", a + days(offset), a))
    # Two working days before the ERD is always a working day: "due yesterday" is the last
    # working day before as_of (the window starts fall on working days for both as_of dates).
    yesterday = working_days_before(a, 1)
    for target in (a, yesterday, a + days(28), a + days(29)):
        make = lambda e: Man(ard=e, crd=e + days(30), establishment="NMI")  # noqa: E731
        men.append(with_due(make, "licence-approved", target, a))
    for target in (a, yesterday, a + days(84), a + days(85)):
        make = lambda e: Man(crd=e, establishment="DAI")  # noqa: E731
        men.append(with_due(make, "release-address", target, a))
    # Health discharge plan: 28 days before the ERD, due soon from 14 days before that; the
    # needs written as staff might (any order, capitals, spaces).
    health: list[Callable[[dt.date], Man]] = [
        lambda e: Man(crd=e, health_needs="physical"),
        lambda e: Man(ard=e, crd=e + days(20), health_needs="Social care; mental"),
        lambda e: Man(
            sentence_type="indeterminate", ted=e, health_needs="substance", establishment="BMI"
        ),
        lambda e: Man(
            sentence_type="remand",
            sentence_start_date=None,
            confirmed_release_date=e,
            health_needs="physical;mental;substance;social_care",
        ),
    ]
    for offset, make in zip(offsets(14), health, strict=True):
        men.append(with_due(make, "health-discharge-plan", a + days(offset), a))
    # A plan on the due date (met), the day after (met late), after as_of (ignored), and a
    # plan recorded for a man with no health need (not applicable).
    for shift in (0, 1, 5):
        make = lambda e: Man(crd=e, health_needs="mental")  # noqa: E731
        man = with_due(make, "health-discharge-plan", a - days(3), a)
        men.append(replace(man, discharge_plan_date=a - days(3) + days(shift)))
    men.append(Man(crd=a + days(20), discharge_plan_date=a - days(10)))
    com_allocated: list[Callable[[dt.date], Man]] = [
        lambda e: Man(crd=e),  # ERD - 8 months - 14 days
        lambda e: Man(ped=e, crd=e + days(200)),  # a PED: ERD - 12 months
        lambda e: Man(sentence_type="indeterminate", ted=e, establishment="BMI"),  # 12 months
        lambda e: Man(ard=e, crd=e + days(9), sentence_start_date=a - days(400)),
    ]
    for offset, make in zip(offsets(56), com_allocated, strict=True):
        men.append(with_due(make, "com-allocated", a + days(offset), a))
    # Recalls: due on the reception date (today, yesterday).
    men.append(Man(sentence_type="recall", reception_date=a, crd=a + days(150)))
    men.append(Man(sentence_type="recall", reception_date=a - days(1), ard=a + days(190)))
    # Short sentences: sentence start + 10 months on or after the ERD: due on the start.
    men.append(Man(sentence_start_date=a, reception_date=a, crd=add_months(a, 10)))
    men.append(Man(sentence_start_date=a - days(1), reception_date=a, crd=add_months(a, 10)))
    # oasys-current: 364 days after the last OASys (window 28) ...
    for offset in offsets(28):
        men.append(Man(crd=a + days(300), oasys_completed_date=a + days(offset - 364)))
    # ... or 56 days after reception when there is none.
    for offset in offsets(28):
        men.append(Man(crd=a + days(300), reception_date=a + days(offset - 56)))
    # An OASys dated after as_of counts as none (reception 40 days ago: due in 16 days).
    men.append(
        Man(crd=a + days(300), reception_date=a - days(40), oasys_completed_date=a + days(1))
    )
    return men


def special_men() -> list[Man]:
    """Month ends, bank holidays, ERD sources, populations, completions, exemptions."""
    men: list[Man] = []
    # Bank holidays inside the two working days (licence-approved and release-address).
    for erd in (
        "2026-08-31",  # the late-summer bank holiday itself (and a month end)
        "2026-09-01",  # Tuesday after it: due Thursday 27 August
        "2026-09-02",
        "2026-04-03",  # Good Friday
        "2026-04-06",  # Easter Monday
        "2026-04-07",  # Tuesday after Easter: due Wednesday 1 April
        "2026-12-28",  # Boxing Day substitute
        "2026-12-29",
        "2027-01-01",
        "2027-01-04",
    ):
        men.append(Man(crd=day(erd), ard=day(erd) + days(14), **ALL_IN))
    men.append(Man(confirmed_release_date=day("2026-09-01"), ped=day("2026-05-01")))
    men.append(Man(sentence_type="indeterminate", ted=day("2026-04-07"), thd=day("2026-10-06")))
    men.append(Man(sentence_type="recall", reception_date=day("2026-02-02"), ard=day("2026-12-29")))
    # Month-end clamping.
    men.append(Man(crd=day("2026-08-31"), mappa_category="2", mappa_level="1"))  # 28 February
    men.append(Man(crd=day("2028-08-31"), mappa_category="3", mappa_level="3"))  # 29 February
    men.append(Man(crd=day("2026-03-31"), rosh="very_high", accommodation_status="cas3"))
    men.append(Man(ard=day("2026-03-30"), crd=day("2026-04-30"), mappa_category="1"))
    men.append(Man(crd=day("2026-10-31"), **ALL_IN))  # com: 28 February - 14 days
    men.append(Man(crd=day("2026-12-31"), mappa_category="1", rosh="high"))
    men.append(Man(ped=day("2028-02-29"), crd=day("2028-06-30"), **ALL_IN))  # 12 months: 28 Feb
    men.append(Man(crd=day("2028-02-29"), **ALL_IN))
    men.append(Man(sentence_type="indeterminate", ted=day("2027-02-28"), mappa_category="2"))
    # Short sentences (sentence start + 10 months, clamped, on or after the ERD).
    men.append(Man(sentence_start_date=day("2025-04-30"), crd=day("2026-02-28")))  # short
    men.append(Man(sentence_start_date=day("2025-04-30"), crd=day("2026-03-01")))  # not
    men.append(Man(sentence_start_date=day("2025-12-31"), crd=day("2026-10-31")))  # short
    men.append(Man(sentence_start_date=day("2025-12-31"), crd=day("2026-11-01")))  # not
    men.append(Man(sentence_start_date=day("2027-04-29"), crd=day("2028-02-29")))  # short
    men.append(Man(sentence_start_date=None, crd=day("2026-07-01")))  # no start: the formula
    # ERD sources and the confirmed release date overriding.
    men.append(Man(ard=day("2026-11-02"), crd=day("2026-11-20")))  # ard
    men.append(Man(ard=day("2026-11-20"), crd=day("2026-11-02")))  # crd
    men.append(Man(ard=day("2026-10-15")))  # ARD only
    men.append(Man(ped=day("2026-10-01"), ard=day("2026-09-01"), crd=day("2026-08-20")))  # ped
    men.append(
        Man(confirmed_release_date=day("2026-12-01"), ped=day("2026-10-01"), crd=day("2026-09-01"))
    )
    men.append(Man(sentence_type="recall", reception_date=day("2026-01-05"), ped=day("2026-11-05")))
    men.append(
        Man(
            sentence_type="recall",
            reception_date=day("2026-05-11"),
            confirmed_release_date=day("2026-10-09"),
            crd=day("2026-12-09"),
            establishment="NMI",
        )
    )
    men.append(Man(sentence_type="recall", reception_date=day("2026-03-02")))  # no ERD: n/a
    men.append(Man(sed=day("2030-01-01"), led=day("2030-01-01"), rosh="high"))  # no ERD
    # Indeterminate: TED future, TED on an as_of date (then the THD), TED past, THD only.
    men.append(
        Man(
            sentence_type="indeterminate",
            ted=day("2027-03-01"),
            thd=day("2026-11-20"),
            sentence_start_date=None,
            establishment="WDI",
        )
    )
    men.append(
        Man(
            sentence_type="indeterminate",
            ted=day("2026-06-15"),
            thd=day("2026-11-20"),
            mappa_category="1",
            mappa_level="3",
        )
    )
    men.append(
        Man(sentence_type="indeterminate", ted=day("2026-12-23"), thd=day("2027-02-10"), **ALL_IN)
    )
    men.append(Man(sentence_type="indeterminate", ted=day("2025-06-01"), thd=day("2026-09-30")))
    men.append(Man(sentence_type="indeterminate", ted=day("2025-06-01")))  # then no ERD
    men.append(Man(sentence_type="indeterminate", thd=day("2026-07-14"), rosh="very_high"))
    men.append(Man(sentence_type="indeterminate", sentence_start_date=None))  # no ERD
    men.append(
        Man(
            sentence_type="indeterminate",
            ted=day("2027-06-01"),
            confirmed_release_date=day("2026-12-10"),
        )
    )
    # Remand with a confirmed release date: that is his ERD, and the rules that name no
    # sentence condition apply (MAPPA, IRMT, approved premises, duty to refer).
    men.append(
        Man(
            sentence_type="remand",
            sentence_start_date=None,
            confirmed_release_date=day("2026-12-29"),
            mappa_category="1",
            mappa_level="2",
            accommodation_status="none",
        )
    )
    men.append(
        Man(
            sentence_type="remand",
            sentence_start_date=None,
            confirmed_release_date=day("2026-09-01"),
            rosh="very_high",
            accommodation_status="settled",
            irmt_review_date=day("2026-02-20"),
        )
    )
    # Remand without one: no ERD (even with a CRD), nothing applies.
    men.append(Man(sentence_type="remand", sentence_start_date=None, **ALL_IN))
    men.append(
        Man(
            sentence_type="remand",
            sentence_start_date=None,
            crd=day("2026-09-01"),
            oasys_completed_date=day("2026-01-10"),
            mappa_category="1",
        )
    )
    # Every accommodation status (RoSH high, so ap-application's population turns on it).
    for accommodation in ("settled", "temporary", "approved_premises", "cas3", "none", "unknown"):
        men.append(Man(crd=day("2026-10-20"), rosh="high", accommodation_status=accommodation))
    men.append(Man(crd=day("2026-10-20"), rosh="high", accommodation_status=""))
    # MAPPA categories and levels, RoSH levels.
    men.append(Man(crd=day("2026-09-15"), mappa_level="2"))  # a level without a category
    men.append(Man(crd=day("2026-09-15"), mappa_category="1", mappa_level="1", rosh="low"))
    men.append(Man(crd=day("2026-09-15"), mappa_category="2", mappa_level="3", rosh="medium"))
    men.append(
        Man(crd=day("2026-09-15"), mappa_level="3", accommodation_status="settled", osp="high")
    )
    men.append(Man(crd=day("2026-09-15"), rosh="low", accommodation_status="none"))
    men.append(Man(crd=day("2026-09-15"), rosh="medium", offence_category="violent"))
    men.append(Man(crd=day("2026-09-15"), rosh="very_high", offence_category="sexual"))
    # Designated resettlement prison or not, and exemptions.
    men.append(Man(crd=day("2026-11-10"), establishment="NMI"))
    men.append(Man(crd=day("2026-11-10"), establishment="BMI"))
    men.append(
        Man(
            crd=day("2026-11-10"),
            establishment="DAI",
            resettlement_transfer_exemption="Resettling to an area this prison serves",
        )
    )
    men.append(
        Man(
            crd=day("2026-11-10"),
            establishment="NMI",
            resettlement_transfer_exemption="Already at a designated prison",
        )
    )
    # Exempt until the (late) transfer is recorded after the 2026-06-15 as_of.
    men.append(
        Man(
            crd=day("2026-08-20"),
            resettlement_transfer_exemption="Transfer refused by the receiving prison",
            resettlement_transfer_date=day("2026-06-16"),
        )
    )
    men.append(
        Man(
            crd=day("2026-08-20"),
            resettlement_transfer_exemption="Medical hold",
            resettlement_transfer_date=day("2026-05-28"),
        )
    )
    # Completions on the due date, a day late, a day early, and on an as_of date.
    for erd, shift in (
        ("2026-09-01", 0),
        ("2026-09-01", 1),
        ("2026-12-29", 0),
        ("2026-12-29", 1),
        ("2027-01-04", -1),
        ("2026-04-07", 1),
    ):
        base = Man(crd=day(erd), ard=day(erd) + days(3), **ALL_IN)
        men.append(with_completions(base, shift, day("2026-01-01")))
    on_an_as_of: dict[str, Any] = dict.fromkeys(COMPLETED_BY.values(), day("2026-06-15"))
    men.append(Man(crd=day("2026-10-31"), **ALL_IN, **on_an_as_of))
    # A PED on an as_of date is still the ERD; the day after, it has passed without release
    # and the earlier of the ARD and CRD takes over (the passed PED stays when neither).
    for a in BOUNDARY_AS_OF:
        men.append(Man(ped=a, crd=a + days(120), **ALL_IN))
        men.append(Man(ped=a - days(1), crd=a + days(120), **ALL_IN))
        men.append(Man(ped=a - days(1), ard=a + days(30), crd=a + days(120), rosh="high"))
        men.append(Man(ped=a - days(1), mappa_category="2", accommodation_status="none"))
        men.append(Man(sentence_type="recall", reception_date=a - days(90), ped=a - days(1), crd=a))
    # A confirmed release date that has passed while he is in custody stays the ERD.
    men.append(Man(confirmed_release_date=day("2026-01-23"), ped=day("2025-12-01"), **ALL_IN))
    # Released men are not in custody: never listed.
    men.append(Man(crd=day("2026-05-01"), released_on=day("2026-05-01")))
    men.append(Man(crd=day("2027-05-01"), released_on=day("2027-05-01")))
    return men


def population() -> list[Man]:
    men = [*special_men()]
    for a in BOUNDARY_AS_OF:
        men.extend(boundary_men(a))
    numbered = []
    for index, man in enumerate(men):
        assert not (man.ard and man.crd and man.ard == man.crd), "an ARD/CRD tie is ambiguous"
        numbered.append(
            replace(
                man,
                prison_number=f"{'ABCDEFGH'[index // 100]}{7000 + index:04d}SR",
                given_name=GIVEN[index % len(GIVEN)],
                family_name=FAMILY[index % len(FAMILY)],
            )
        )
    return numbered


def write_csv(path: Path, men: Iterable[Man]) -> None:
    assert [field.name for field in fields(Man)] == HEADER
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for man in men:
            writer.writerow(
                "" if value is None else value.isoformat() if isinstance(value, dt.date) else value
                for value in astuple(man)
            )


# --------------------------------------------------------------------------------------------
# The test.
# --------------------------------------------------------------------------------------------

COMPARED = ("status", "due_date", "completed_date", "earliest_release_date", "erd_source")


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def compare(
    men: list[Man], rows: list[dict[str, Any]], as_of: dt.date, label: str
) -> tuple[list[str], int, dict[str, set[str]]]:
    """Every mismatch between the command's rows and the reference, the rows compared, and
    the statuses seen per rule."""
    mismatches: list[str] = []
    statuses: dict[str, set[str]] = defaultdict(set)
    actual: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["prison_number"], row["rule"])
        if key in actual:
            mismatches.append(f"{label} {as_of}: {key} listed twice")
        actual[key] = row
    in_custody = [man for man in men if man.released_on is None]
    expected_keys = {(man.prison_number, rule) for man in in_custody for rule in RULES}
    numbers = {man.prison_number for man in in_custody}
    for prison_number, rule in sorted(set(actual) - expected_keys):
        # A rule added after the reference was written is not the reference's to judge (its
        # boundary case is in saferelease/deadlines/tests/test_rules.py); any other row is.
        if rule in RULES or prison_number not in numbers:
            mismatches.append(
                f"{label} {as_of}: unexpected row {(prison_number, rule)} (released or unknown)"
            )
    compared = 0
    for man in in_custody:
        erd, source = earliest_release(man, as_of)
        for rule in RULES:
            want = expected(man, rule, as_of, DESIGNATED)
            statuses[rule].add(want.status)
            got = actual.get((man.prison_number, rule))
            if got is None:
                mismatches.append(f"{label} {as_of}: {man.prison_number} {rule}: row missing")
                continue
            compared += 1
            wanted = {
                "establishment": man.establishment,
                "status": want.status,
                "due_date": iso(want.due_date),
                "completed_date": iso(want.completed_date),
                "earliest_release_date": iso(erd),
                "erd_source": source,
            }
            wrong = [
                f"{name} expected {value!r} got {got.get(name)!r}"
                for name, value in wanted.items()
                if got.get(name) != value
            ]
            if wrong:
                mismatches.append(
                    f"{label} as_of {as_of}: {man.prison_number} {rule}: " + "; ".join(wrong)
                )
    return mismatches, compared, statuses


@pytest.mark.django_db
def test_milestones_command_matches_the_reference_at_every_boundary(tmp_path):
    Establishment.objects.filter(code__in=["LTI", "DAI", "BMI", "WDI"]).update(
        designated_resettlement=False
    )
    Establishment.objects.filter(code__in=DESIGNATED).update(designated_resettlement=True)
    men = population()
    assert 60 <= len(men) <= 200
    path = tmp_path / "prisoners.csv"
    write_csv(path, men)
    out = io.StringIO()
    call_command("prisoners", "import", str(path), stdout=out, stderr=io.StringIO())
    assert f"{len(men)} rows: {len(men)} created" in out.getvalue()

    mismatches: list[str] = []
    compared = 0
    seen: dict[str, set[str]] = defaultdict(set)
    for as_of in AS_OF_DATES:
        buffer = io.StringIO()
        call_command("milestones", "--as-of", as_of.isoformat(), "--format", "json", stdout=buffer)
        wrong, count, statuses = compare(men, json.loads(buffer.getvalue()), as_of, "json")
        mismatches += wrong
        compared += count
        for rule, found in statuses.items():
            seen[rule] |= found
    buffer = io.StringIO()
    call_command("milestones", "--as-of", CSV_AS_OF.isoformat(), "--format", "csv", stdout=buffer)
    reader = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert reader.fieldnames == ["prison_number", "establishment", "rule", *COMPARED]
    csv_rows = [{k: v if v != "" else None for k, v in row.items()} for row in reader]
    wrong, count, _ = compare(men, csv_rows, CSV_AS_OF, "csv")
    mismatches += wrong
    compared += count

    assert not mismatches, f"{len(mismatches)} mismatches with the rule text:\n" + "\n".join(
        mismatches
    )
    in_custody = sum(1 for man in men if man.released_on is None)
    assert compared == in_custody * len(RULES) * (len(AS_OF_DATES) + 1)
    # The population really reaches every status of every rule.
    timed = {"not_applicable", "overdue", "due_soon", "not_yet_due", "met"}
    for rule in RULES:
        wanted = timed | ({"met_late"} if rule != "oasys-current" else set())
        wanted |= {"exempt"} if rule == "resettlement-transfer" else set()
        assert wanted <= seen[rule], f"{rule} never reaches {sorted(wanted - seen[rule])}"
    sources = {earliest_release(man, a)[1] for man in men for a in AS_OF_DATES}
    assert sources == {None, "confirmed_release_date", "ped", "ard", "crd", "ted", "thd"}
