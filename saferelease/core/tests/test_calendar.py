"""Date arithmetic: calendar months with clamping, working days, en-GB formatting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from saferelease.core import calendar as dates
from saferelease.core.calendar import (
    SUPPORTED_YEARS,
    add_months,
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    bank_holidays_between,
    days_phrase,
    is_bank_holiday,
    is_working_day,
    shift,
    subtract_months,
    subtract_working_days,
)
from saferelease.core.dates import format_date

# --- calendar months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 8, 31), 6, date(2026, 2, 28), id="31-aug-minus-6-clamps-to-28-feb"),
        pytest.param(date(2028, 8, 31), 6, date(2028, 2, 29), id="leap-year-clamps-to-29-feb"),
        pytest.param(date(2026, 5, 31), 6, date(2025, 11, 30), id="31-may-minus-6-is-30-nov"),
        pytest.param(date(2026, 3, 31), 1, date(2026, 2, 28), id="31-mar-minus-1"),
        pytest.param(date(2024, 3, 31), 1, date(2024, 2, 29), id="31-mar-minus-1-leap"),
        pytest.param(date(2026, 9, 1), 6, date(2026, 3, 1), id="first-of-month"),
        pytest.param(date(2026, 9, 1), 12, date(2025, 9, 1), id="twelve-months"),
        pytest.param(date(2026, 1, 15), 1, date(2025, 12, 15), id="across-new-year"),
        pytest.param(date(2026, 10, 31), 8, date(2026, 2, 28), id="31-oct-minus-8"),
        pytest.param(date(2026, 7, 31), 0, date(2026, 7, 31), id="zero-months"),
    ],
)
def test_subtract_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert subtract_months(start, months) == expected
    assert add_months(start, -months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2027, 4, 30), 10, date(2028, 2, 29)),
        (date(2025, 11, 1), 10, date(2026, 9, 1)),
        (date(2025, 10, 31), 10, date(2026, 8, 31)),
        (date(2026, 1, 31), 13, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_shift_applies_months_before_days() -> None:
    # 31 October 2026 minus 8 months is 28 February 2026 (clamped), minus 14 days is
    # 14 February. Days first would give 17 October - 8 months = 17 February.
    assert shift(date(2026, 10, 31), months=-8, days=-14) == date(2026, 2, 14)
    # 14 March minus 1 month is 14 February; minus 14 days is 31 January.
    assert shift(date(2026, 3, 14), months=-1, days=-14) == date(2026, 1, 31)


def test_shift_with_nothing_is_identity() -> None:
    assert shift(date(2026, 3, 14)) == date(2026, 3, 14)


def test_shift_working_days_come_last() -> None:
    # 1 September 2026 minus 2 working days: Monday 31 August is a bank holiday.
    assert shift(date(2026, 9, 1), working_days=-2) == date(2026, 8, 27)


# --- working days and bank holidays -------------------------------------------------------


def test_two_working_days_before_easter_skips_easter_monday_and_good_friday() -> None:
    # Wednesday 8 April 2026: Tue 7 (1), Mon 6 Easter Monday, weekend, Fri 3 Good Friday,
    # Thu 2 (2).
    assert date(2026, 4, 8).weekday() == 2
    assert subtract_working_days(date(2026, 4, 8), 2) == date(2026, 4, 2)


def test_two_working_days_before_29_december_2026_skips_christmas() -> None:
    # Tuesday 29 December 2026: Mon 28 Boxing Day (substitute), weekend, Fri 25 Christmas,
    # Thu 24 (1), Wed 23 (2).
    assert date(2026, 12, 29).weekday() == 1
    assert subtract_working_days(date(2026, 12, 29), 2) == date(2026, 12, 23)


def test_working_days_before_a_saturday_start_on_friday() -> None:
    assert subtract_working_days(date(2026, 3, 14), 1) == date(2026, 3, 13)
    assert subtract_working_days(date(2026, 3, 14), 2) == date(2026, 3, 12)


def test_working_days_before_a_monday_skip_the_weekend() -> None:
    assert subtract_working_days(date(2026, 3, 16), 2) == date(2026, 3, 12)


def test_add_working_days_forwards_skips_weekends_and_holidays() -> None:
    # Thursday 2 April 2026 plus 2 working days: Fri 3 Good Friday, weekend, Mon 6 Easter
    # Monday, Tue 7 (1), Wed 8 (2).
    assert add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)
    assert add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 8, 31), "Late Summer Bank Holiday"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2015, 12, 28), "Boxing Day (observed)"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    ],
)
def test_england_and_wales_bank_holidays(day: date, name: str) -> None:
    assert is_bank_holiday(day)
    assert not is_working_day(day)
    assert bank_holiday_name(day) == name


def test_scottish_and_northern_irish_holidays_are_not_england_and_wales() -> None:
    assert not is_bank_holiday(date(2026, 3, 17))  # St Patrick's Day (Northern Ireland)
    assert not is_bank_holiday(date(2026, 1, 2))  # 2 January (Scotland)
    assert not is_bank_holiday(date(2026, 11, 30))  # St Andrew's Day (Scotland)
    assert bank_holiday_name(date(2026, 3, 17)) is None


def test_coronation_2023_is_a_bank_holiday() -> None:
    assert is_bank_holiday(date(2023, 5, 8))


@pytest.mark.parametrize("year", list(SUPPORTED_YEARS))
def test_every_supported_year_has_its_bank_holidays(year: int) -> None:
    holidays_in_year = bank_holidays(year)
    # England and Wales have 8 bank holidays a year, plus substitute and one-off days.
    assert 8 <= len(holidays_in_year) <= 12
    assert all(day.year == year for day in holidays_in_year)
    assert any(day.month == 12 and day.day in (25, 27) for day in holidays_in_year)
    weekday_holidays = [day for day in holidays_in_year if day.weekday() < 5]
    assert len(weekday_holidays) >= 8


def test_bank_holiday_calendar_is_cached_per_year() -> None:
    assert bank_holidays(2026) is bank_holidays(2026)


def test_working_day_arithmetic_is_memoised() -> None:
    subtract_working_days(date(2031, 6, 4), 2)
    before = add_working_days.cache_info().hits
    subtract_working_days(date(2031, 6, 4), 2)
    assert add_working_days.cache_info().hits == before + 1


def test_bank_holidays_between_lists_only_weekday_holidays() -> None:
    # Boxing Day 2026 is a Saturday: skipped as a weekend, not named.
    found = bank_holidays_between(date(2026, 12, 23), date(2026, 12, 29))
    assert found == (
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
    )
    assert bank_holidays_between(date(2026, 3, 2), date(2026, 3, 6)) == ()


def test_working_days_match_a_naive_count_across_years() -> None:
    day = date(2016, 1, 4)
    while day < date(2040, 12, 1):
        expected = day
        remaining = 2
        while remaining:
            expected -= timedelta(days=1)
            if expected.weekday() < 5 and not is_bank_holiday(expected):
                remaining -= 1
        assert subtract_working_days(day, 2) == expected
        day += timedelta(days=37)


# --- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 3, 1), "1 March 2026"),
        (date(2026, 9, 10), "10 September 2026"),
        (date(2025, 12, 31), "31 December 2025"),
        (date(2028, 2, 29), "29 February 2028"),
    ],
)
def test_format_date_is_en_gb_without_leading_zero(day: date, text: str) -> None:
    assert format_date(day) == text


def test_days_phrase() -> None:
    assert days_phrase(1) == "1 day"
    assert days_phrase(-1) == "1 day"
    assert days_phrase(12) == "12 days"
    assert days_phrase(0) == "0 days"


def test_dates_module_is_pure() -> None:
    source = open(dates.__file__, encoding="utf-8").read()  # noqa: SIM115
    for forbidden in ("today(", "now(", "django", "time.time"):
        assert forbidden not in source
