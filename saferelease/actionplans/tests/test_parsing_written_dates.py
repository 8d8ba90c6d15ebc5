"""Dates as covers write them: ranges, ordinals, split visits, ranges without a year."""

from __future__ import annotations

from datetime import date

import pytest

from saferelease.actionplans.parsing.written_dates import read_dates, read_single_date, resolve_year


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2 – 13 March 2015", [date(2015, 3, 2), date(2015, 3, 13)]),
        ("10-21 February 2020", [date(2020, 2, 10), date(2020, 2, 21)]),
        ("23 April – 3 May 2019", [date(2019, 4, 23), date(2019, 5, 3)]),
        ("10 December 2018 – 4 January 2019", [date(2018, 12, 10), date(2019, 1, 4)]),
        ("26th August 2020", [date(2020, 8, 26)]),
        ("26 th August 2020", [date(2020, 8, 26)]),
        ("1st - 12th June 2020", [date(2020, 6, 1), date(2020, 6, 12)]),
        (
            "24-25th February; 2-6th March 2020",
            [date(2020, 2, 24), date(2020, 2, 25), date(2020, 3, 2), date(2020, 3, 6)],
        ),
        (
            "6-7, 20-23 August 2018",
            [date(2018, 8, 6), date(2018, 8, 7), date(2018, 8, 20), date(2018, 8, 23)],
        ),
        (
            "17, 18 December & 7-11 January 2019",
            [date(2018, 12, 17), date(2018, 12, 18), date(2019, 1, 7), date(2019, 1, 11)],
        ),
        ("2nd and 3rd March, 9th to 13th March 2020", None),
        ("Monday 2 March 2015 to Friday 13 March 2015", [date(2015, 3, 2), date(2015, 3, 13)]),
        ("02/03/2015 - 13/03/2015", [date(2015, 3, 2), date(2015, 3, 13)]),
        ("2015-03-02 to 2015-03-13", [date(2015, 3, 2), date(2015, 3, 13)]),
        ("3 Sept. 2019", [date(2019, 9, 3)]),
        ("18 January 2016 Attached", [date(2016, 1, 18)]),
    ],
)
def test_read_dates(written: str, expected: list[date] | None) -> None:
    found = read_dates(written)
    assert found is not None and found.readable
    if expected is None:  # four days: 2, 3, 9, 13 March 2020
        expected = [date(2020, 3, 2), date(2020, 3, 3), date(2020, 3, 9), date(2020, 3, 13)]
    assert list(found.resolved() or ()) == expected


def test_the_text_is_kept_as_written_without_what_follows() -> None:
    found = read_dates("24-25th February; 2-6th March 2020 Report Published")
    assert found is not None and found.as_written == "24-25th February; 2-6th March 2020"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("March 2015", "no day is given"),
        ("2015", "no day is given"),
        ("6-7", "a day is given without its month"),
        ("30 February 2016", "it is not a valid date"),
        ("13-2 March 2015", "its days are not in order"),
    ],
)
def test_unreadable_dates_say_why(written: str, problem: str) -> None:
    found = read_dates(written)
    assert found is not None and not found.readable and found.problem == problem


@pytest.mark.parametrize("written", ["Attached", "HMP Example", "", "to be confirmed"])
def test_text_that_is_not_a_date(written: str) -> None:
    assert read_dates(written) is None


def test_a_single_date_field_refuses_a_range() -> None:
    found = read_single_date("2 – 13 March 2015")
    assert found is not None and found.problem == "it gives more than one date"


def test_year_less_range_keeps_year_offsets() -> None:
    found = read_dates("28 December – 8 January")
    assert found is not None and found.readable and not found.has_year
    assert found.resolved(2016) == (date(2015, 12, 28), date(2016, 1, 8))


def test_year_settled_by_the_report_and_the_plan() -> None:
    found = read_dates("11-22 May")
    assert found is not None
    before = [(date(2015, 10, 20), 12), (date(2016, 1, 18), 18)]
    assert resolve_year(found, before=before) == (2015, "")


def test_year_settled_across_the_new_year() -> None:
    found = read_dates("28 December – 8 January")
    assert found is not None
    assert resolve_year(found, before=[(date(2016, 5, 3), 12)]) == (2016, "")


def test_year_not_settled_when_two_years_fit() -> None:
    found = read_dates("1-5 August")
    assert found is not None
    year, why = resolve_year(found, before=[(date(2016, 12, 18), 18)])
    assert year is None and why == "the document's other dates fit more than one year"


def test_year_not_settled_without_other_dates() -> None:
    found = read_dates("11-22 May")
    assert found is not None
    assert resolve_year(found) == (None, "no other date in the document gives its year")


def test_year_not_settled_when_the_other_dates_disagree() -> None:
    found = read_dates("11-22 May")
    assert found is not None
    # The report in October 2015 puts the visit in May 2015; a plan sent in June 2017 cannot
    # follow a May 2015 visit within 18 months.
    year, why = resolve_year(found, before=[(date(2015, 10, 20), 12), (date(2017, 6, 1), 18)])
    assert year is None and why == "the document's other dates do not fit any year"


def test_a_year_less_date_after_an_anchor() -> None:
    found = read_single_date("20 October")
    assert found is not None
    assert resolve_year(found, after=[(date(2015, 5, 22), 12)]) == (2015, "")
