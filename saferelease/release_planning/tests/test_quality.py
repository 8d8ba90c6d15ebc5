"""Data-quality flags."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from saferelease.deadlines import PrisonerFacts
from saferelease.release_planning import quality
from saferelease.release_planning.quality import (
    QUALITY_CHECKS,
    QualityFlag,
    data_quality_flags,
    quality_markdown_table,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "deadline-rules.md"
AS_OF = date(2026, 3, 13)


def make(**changes: Any) -> PrisonerFacts:
    """A clean record: determinate sentence, consistent key dates, an OASys, MAPPA 1."""
    base: dict[str, Any] = {
        "sentence_type": "determinate",
        "reception_date": date(2023, 1, 10),
        "sentence_start_date": date(2023, 1, 10),
        "crd": date(2026, 9, 1),
        "sed": date(2028, 9, 1),
        "led": date(2028, 9, 1),
        "offence_category": "sexual",
        "mappa_category": 1,
        "mappa_level": 1,
        "oasys_completed_date": date(2026, 2, 1),
    }
    base.update(changes)
    return PrisonerFacts(**base)


def codes(facts: PrisonerFacts, as_of: date = AS_OF) -> list[str]:
    return [flag.code for flag in data_quality_flags(facts, as_of)]


def test_clean_record_has_no_flags() -> None:
    assert data_quality_flags(make(), AS_OF) == []


def test_clean_remand_record_has_no_flags() -> None:
    facts = PrisonerFacts(sentence_type="remand", reception_date=date(2026, 1, 5))
    assert data_quality_flags(facts, AS_OF) == []


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        pytest.param(
            {"confirmed_release_date": date(2026, 3, 12)},
            "release-date-passed",
            "Release date passed: record the release or correct the date (confirmed release "
            "date 12 March 2026, 1 day ago)",
            id="release-date-passed",
        ),
        pytest.param(
            {"ped": date(2026, 1, 5)},
            "ped-passed",
            "PED passed on 5 January 2026 without release: the earliest release date is now the "
            "CRD 1 September 2026; record the parole outcome",
            id="ped-passed",
        ),
        pytest.param(
            {"mappa_category": None, "mappa_level": None},
            "sexual-offence-no-mappa",
            "Convicted of a sexual offence but no MAPPA category is recorded",
            id="sexual-offence-no-mappa",
        ),
        pytest.param(
            {"crd": None},
            "sentenced-no-erd",
            "Sentenced (determinate) but no earliest release date can be derived at 13 March "
            "2026: release-planning deadlines cannot be set",
            id="sentenced-no-erd",
        ),
        pytest.param(
            {"oasys_completed_date": None},
            "no-oasys",
            "Sentenced but no OASys assessment is recorded on or before 13 March 2026",
            id="no-oasys",
        ),
        pytest.param(
            {"reception_date": None},
            "no-reception-date",
            "No reception date is recorded",
            id="no-reception-date",
        ),
        pytest.param(
            {"crd": date(2028, 9, 2), "led": None},
            "crd-after-sed",
            "CRD 2 September 2028 is after SED 1 September 2028",
            id="crd-after-sed",
        ),
        pytest.param(
            {"ard": date(2028, 10, 1)},
            "ard-after-sed",
            "ARD 1 October 2028 is after SED 1 September 2028",
            id="ard-after-sed",
        ),
        pytest.param(
            {"ped": date(2026, 9, 2)},
            "ped-after-crd",
            "PED 2 September 2026 is after CRD 1 September 2026",
            id="ped-after-crd",
        ),
        pytest.param(
            {"hdced": date(2026, 9, 5), "mappa_category": 2, "offence_category": "violent"},
            "hdced-after-crd",
            "HDCED 5 September 2026 is after CRD 1 September 2026",
            id="hdced-after-crd",
        ),
        pytest.param(
            {"led": date(2026, 8, 31)},
            "led-before-crd",
            "LED 31 August 2026 is before CRD 1 September 2026",
            id="led-before-crd",
        ),
        pytest.param(
            {"tused": date(2026, 1, 1)},
            "tused-before-crd",
            "TUSED 1 January 2026 is before CRD 1 September 2026",
            id="tused-before-crd",
        ),
        pytest.param(
            {
                "sentence_type": "indeterminate",
                "sed": date(2023, 1, 9),
                "led": None,
                "crd": None,
                "thd": date(2026, 6, 1),
            },
            "sed-before-sentence-start",
            "SED 9 January 2023 is before sentence start 10 January 2023",
            id="sed-before-sentence-start",
        ),
        pytest.param(
            {"sentence_start_date": date(2026, 9, 2)},
            "crd-before-sentence-start",
            "CRD 1 September 2026 is before sentence start 2 September 2026",
            id="crd-before-sentence-start",
        ),
        pytest.param(
            {
                "sentence_type": "indeterminate",
                "crd": None,
                "sed": None,
                "led": None,
                "ted": date(2022, 1, 1),
                "thd": date(2026, 6, 1),
            },
            "ted-before-sentence-start",
            "TED 1 January 2022 is before sentence start 10 January 2023",
            id="ted-before-sentence-start",
        ),
        pytest.param(
            {"confirmed_release_date": date(2028, 9, 2)},
            "confirmed-release-after-sed",
            "Confirmed release date 2 September 2028 is after SED 1 September 2028",
            id="confirmed-release-after-sed",
        ),
        pytest.param(
            {"hdced": date(2026, 7, 1)},
            "hdced-registered-sex-offender",
            "HDCED 1 July 2026 is recorded for a MAPPA category 1 (registered sexual offender) "
            "prisoner, who is not eligible for home detention curfew",
            id="hdced-registered-sex-offender",
        ),
        pytest.param(
            {"offence_category": "violent", "mappa_category": None, "mappa_level": 2},
            "mappa-level-without-category",
            "MAPPA level 2 is recorded without a MAPPA category",
            id="mappa-level-without-category",
        ),
        pytest.param(
            {"released_on": date(2023, 1, 9)},
            "released-before-reception",
            "Released on 9 January 2023 is before reception 10 January 2023",
            id="released-before-reception",
        ),
        pytest.param(
            {"mappa_level_set_date": date(2026, 3, 20), "licence_approved_date": date(2026, 4, 1)},
            "future-dated-record",
            "Recorded as done after 13 March 2026 (ignored until then): MAPPA level set 20 March "
            "2026, licence approved 1 April 2026",
            id="future-dated-record",
        ),
    ],
)
def test_each_flag(changes: dict[str, Any], code: str, message: str) -> None:
    flags = data_quality_flags(make(**changes), AS_OF)
    assert flags == [QualityFlag(code, message)]


def test_ped_passed_with_no_ard_or_crd_says_the_passed_ped_stays_the_erd() -> None:
    facts = make(ped=date(2026, 1, 5), crd=None, led=None)
    assert data_quality_flags(facts, AS_OF) == [
        QualityFlag(
            "ped-passed",
            "PED passed on 5 January 2026 without release and no ARD or CRD is recorded: the "
            "passed PED stays the earliest release date; record the parole outcome or the "
            "release dates",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "as_of"),
    [
        pytest.param({"confirmed_release_date": AS_OF}, AS_OF, id="release-date-today"),
        pytest.param(
            {"confirmed_release_date": date(2026, 3, 1), "released_on": date(2026, 3, 1)},
            AS_OF,
            id="released",
        ),
    ],
)
def test_release_date_passed_boundaries(changes: dict[str, Any], as_of: date) -> None:
    facts = make(**changes)
    assert "release-date-passed" not in codes(facts, as_of)
    assert not quality.release_date_passed(facts, as_of)


def test_a_crd_or_ard_that_has_passed_in_custody_is_a_release_date_passed() -> None:
    facts = make(crd=date(2026, 3, 3))
    assert data_quality_flags(facts, AS_OF)[0] == QualityFlag(
        "release-date-passed",
        "Release date passed: record the release or correct the date (CRD 3 March 2026, 10 "
        "days ago)",
    )
    assert quality.release_date_passed(make(crd=None, ard=date(2026, 3, 12)), AS_OF)


def test_a_passed_ped_or_thd_is_not_a_release_date_passed() -> None:
    assert not quality.release_date_passed(make(crd=None, ped=date(2026, 1, 5)), AS_OF)
    indeterminate = make(sentence_type="indeterminate", crd=None, thd=date(2026, 1, 5))
    assert not quality.release_date_passed(indeterminate, AS_OF)


def test_release_date_passed_while_a_later_release_is_not_yet_true() -> None:
    # A release recorded for a date after as_of is ignored until then: still in custody.
    facts = make(confirmed_release_date=date(2026, 3, 1), released_on=date(2026, 3, 20))
    assert "release-date-passed" in codes(facts)
    assert quality.release_date_passed(facts, AS_OF)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"ped": AS_OF}, id="ped-today"),
        pytest.param({"ped": date(2026, 1, 5), "released_on": date(2026, 1, 5)}, id="released"),
        pytest.param(
            {"ped": date(2026, 1, 5), "confirmed_release_date": date(2026, 4, 1)},
            id="confirmed-release-date",
        ),
    ],
)
def test_ped_passed_boundaries(changes: dict[str, Any]) -> None:
    assert "ped-passed" not in codes(make(**changes))


def test_parametrised_flags_cover_every_check() -> None:
    # Guard: each declared check is exercised by test_each_flag above.
    source = Path(__file__).read_text(encoding="utf-8")
    for check in QUALITY_CHECKS:
        assert f'id="{check.code}"' in source, check.code


def test_sexual_offence_on_remand_is_not_flagged_for_mappa() -> None:
    facts = PrisonerFacts(
        sentence_type="remand", reception_date=date(2026, 1, 5), offence_category="sexual"
    )
    assert "sexual-offence-no-mappa" not in codes(facts)


def test_equal_dates_are_not_contradictions() -> None:
    facts = make(crd=date(2028, 9, 1), ped=date(2028, 9, 1), led=date(2028, 9, 1))
    assert codes(facts) == []


def test_no_oasys_counts_an_oasys_after_as_of_as_none() -> None:
    assert "no-oasys" in codes(make(oasys_completed_date=date(2026, 3, 20)))
    assert "no-oasys" not in codes(make(oasys_completed_date=date(2026, 3, 13)))


def test_indeterminate_with_ted_passed_and_no_thd_has_no_erd() -> None:
    facts = make(sentence_type="indeterminate", crd=None, ted=date(2025, 1, 1))
    assert "sentenced-no-erd" in codes(facts)


def test_several_flags_come_in_declaration_order() -> None:
    facts = make(
        oasys_completed_date=None,
        crd=date(2028, 9, 2),
        led=None,
        mappa_category=None,
        mappa_level=None,
    )
    assert codes(facts) == ["sexual-offence-no-mappa", "no-oasys", "crd-after-sed"]


def test_flags_never_fail_on_random_records() -> None:
    rng = random.Random(11)
    fields = ("crd", "ard", "ped", "hdced", "led", "sed", "ted", "thd", "tused")
    for _ in range(2000):
        dates: dict[str, Any] = {
            name: date(2026, 1, 1) + timedelta(days=rng.randint(-2000, 3000))
            if rng.random() < 0.5
            else None
            for name in fields
        }
        facts = PrisonerFacts(
            sentence_type=rng.choice(["determinate", "indeterminate", "recall", "remand"]),
            reception_date=rng.choice([None, date(2024, 1, 1)]),
            sentence_start_date=rng.choice([None, date(2024, 2, 1)]),
            offence_category=rng.choice([None, "sexual", "other"]),
            mappa_category=rng.choice([None, 1, 2, 3]),
            mappa_level=rng.choice([None, 1, 2, 3]),
            released_on=rng.choice([None, date(2023, 1, 1), date(2027, 1, 1)]),
            **dates,
        )
        for flag in data_quality_flags(facts, AS_OF):
            assert flag.code in {check.code for check in QUALITY_CHECKS}
            assert flag.message


def test_quality_checks_have_unique_codes() -> None:
    all_codes = [check.code for check in QUALITY_CHECKS]
    assert len(all_codes) == len(set(all_codes))


def test_every_quality_check_appears_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for check in QUALITY_CHECKS:
        assert f"`{check.code}`" in text, check.code
    begin = "<!-- BEGIN GENERATED: quality_markdown_table() -->\n"
    end = "\n<!-- END GENERATED: quality_markdown_table() -->"
    assert text.split(begin, 1)[1].split(end, 1)[0] == quality_markdown_table()


def test_quality_module_is_pure() -> None:
    source = Path(quality.__file__).read_text(encoding="utf-8")
    for forbidden in ("today(", "now(", "django"):
        assert forbidden not in source
