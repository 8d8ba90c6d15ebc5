"""The pure mapping from a Prisoner Search ``Prisoner`` object to our fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from saferelease.release_planning.prisoner_sync.mapping import (
    SYNCED_FIELDS,
    Custody,
    MappingError,
    map_prisoner,
    sentence_type,
)
from saferelease.release_planning.tests.prisoner_search_fake import prisoner_record

AS_OF = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"legalStatus": "SENTENCED"}, "determinate"),
        ({"legalStatus": "INDETERMINATE_SENTENCE"}, "indeterminate"),
        ({"legalStatus": "SENTENCED", "indeterminateSentence": True}, "indeterminate"),
        ({"legalStatus": "RECALL", "recall": True, "indeterminateSentence": True}, "indeterminate"),
        ({"legalStatus": "RECALL"}, "recall"),
        ({"legalStatus": "SENTENCED", "recall": True}, "recall"),
        ({"legalStatus": "REMAND"}, "remand"),
        ({"legalStatus": "CONVICTED_UNSENTENCED"}, "remand"),
        (
            {"legalStatus": "IMMIGRATION_DETAINEE", "conditionalReleaseDate": "2027-01-01"},
            "determinate",
        ),
        ({"legalStatus": "IMMIGRATION_DETAINEE"}, "remand"),
        ({}, "remand"),
        ({"paroleEligibilityDate": "2027-01-01"}, "determinate"),
    ],
)
def test_sentence_type(fields: dict[str, Any], expected: str) -> None:
    assert sentence_type(fields) == expected


def test_only_nomis_fields_are_mapped_and_unknown_fields_are_reported() -> None:
    mapped = map_prisoner(prisoner_record("a1234bc", firstName="  JOHN  PAUL "), as_of=AS_OF)
    assert mapped.prison_number == "A1234BC"
    assert set(mapped.values) == set(SYNCED_FIELDS)
    assert mapped.values["given_name"] == "JOHN PAUL"
    assert mapped.custody == Custody.HELD and mapped.left_on is None
    assert {"aFieldAddedNextYear", "alerts", "bookingId"} <= mapped.unknown_fields
    for forbidden in ("rosh", "osp", "mappa_level", "com_name", "accommodation_status"):
        assert forbidden not in mapped.values


def test_missing_dates_are_none_and_a_date_time_gives_its_date() -> None:
    record = prisoner_record("A1234BC", sentenceExpiryDate=..., crd=None)
    record["conditionalReleaseDate"] = "2027-03-01T00:00:00"
    mapped = map_prisoner(record, as_of=AS_OF)
    assert mapped.values["sed"] is None
    assert mapped.values["crd"] == dt.date(2027, 3, 1)


def test_reception_date_falls_back() -> None:
    record = prisoner_record("A1234BC", receptionDate=None)
    assert map_prisoner(record, as_of=AS_OF).values["reception_date"] == dt.date(2024, 5, 1)
    record = prisoner_record(
        "A1234BC", receptionDate=None, lastAdmissionDate=None, sentenceStartDate=None
    )
    assert "reception_date" not in map_prisoner(record, as_of=AS_OF).values


def test_released_and_in_transfer_with_their_dates() -> None:
    released = map_prisoner(
        prisoner_record("A1234BC", status="INACTIVE OUT", lastMovementDate="2026-05-30"),
        as_of=AS_OF,
    )
    assert released.custody == Custody.RELEASED and released.left_on == dt.date(2026, 5, 30)
    no_movement = map_prisoner(
        prisoner_record("A1234BC", status="INACTIVE OUT", releaseDate="2026-05-20"), as_of=AS_OF
    )
    assert no_movement.left_on == dt.date(2026, 5, 20)
    future = map_prisoner(
        prisoner_record("A1234BC", status="INACTIVE TRN", lastMovementDate="2026-07-01"),
        as_of=AS_OF,
    )
    assert future.custody == Custody.IN_TRANSFER and future.left_on == AS_OF


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"prisonerNumber": None}, "prisonerNumber missing is not like A1234BC"),
        ({"prisonerNumber": "12345"}, "not like A1234BC"),
        ({"lastName": ""}, "firstName and lastName are required"),
        ({"dateOfBirth": None}, "dateOfBirth is required"),
        ({"tariffDate": "31/12/2026"}, "tariffDate is not a date"),
        ({"firstName": 7}, "firstName is not text"),
        ({"sentenceExpiryDate": 20260101}, "sentenceExpiryDate is not a date"),
    ],
)
def test_records_that_cannot_be_stored(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        map_prisoner(prisoner_record("A1234BC", **fields), as_of=AS_OF)
