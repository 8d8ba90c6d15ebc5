"""Population in custody: who is in custody at the end of the period."""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines import SentenceType
from saferelease.metrics.catalogue.men import BANDS, Man, Profile
from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    InCustody,
    InCustodyWhile,
    Metric,
    Number,
    Share,
)

AT_END: Final = "men in custody at the end of the period"


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def latest_birth_date_aged_50(day: dt.date) -> dt.date:
    """The latest date of birth of a man aged 50 or over on ``day`` (:func:`age_on`): the
    same day 50 years earlier, or 28 February when ``day`` is 29 February."""
    try:
        return day.replace(year=day.year - 50)
    except ValueError:
        return dt.date(day.year - 50, 2, 28)


def _born(man: Man) -> dt.date:
    return man.date_of_birth


#: Everybody in custody (a band makes a man sentenced; remand has none).
IN_CUSTODY: Final = InCustody("in custody", lambda profile: True)
SEXUAL: Final = InCustody("sexual offence", lambda profile: profile.offence_category == "sexual")
AGED_50_OR_OVER: Final = InCustodyWhile(
    "aged 50 or over", date=_born, latest=latest_birth_date_aged_50
)
INDETERMINATE: Final = InCustody(
    "indeterminate", lambda profile: profile.sentence_type == SentenceType.INDETERMINATE
)
SENTENCED: Final = InCustody("sentenced", lambda profile: profile.sentenced)


def _in_band(band: str) -> InCustody:
    def holds(profile: Profile) -> bool:
        return profile.band == band

    return InCustody(f"sentence band {band}", holds)


#: Sentenced men in custody by sentence band.
IN_BAND: Final = {band: _in_band(band) for band in BANDS}

_SENTENCED_END: Final = "sentenced men in custody at the end of the period"

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "population",
        "Population",
        f"Number of {AT_END} (received on or before that day and neither released nor "
        "transferred out by it).",
        Better.NEITHER,
        Group.POPULATION,
        Number(IN_CUSTODY),
        charted=True,
    ),
    Metric(
        "sexual_offence_share",
        "Convicted of a sexual offence",
        f"Share of {AT_END} whose offence category is sexual.",
        Better.NEITHER,
        Group.POPULATION,
        Share(SEXUAL, IN_CUSTODY),
    ),
    Metric(
        "over_50_share",
        "Aged 50 or over",
        f"Share of {AT_END} aged 50 or over on that day.",
        Better.NEITHER,
        Group.POPULATION,
        Share(AGED_50_OR_OVER, IN_CUSTODY),
    ),
    Metric(
        "indeterminate_count",
        "Serving indeterminate sentences",
        f"Number of {AT_END} serving an indeterminate sentence.",
        Better.NEITHER,
        Group.POPULATION,
        Number(INDETERMINATE),
    ),
    Metric(
        "sentence_under_4_years_share",
        "Sentence under 4 years",
        f"Share of {_SENTENCED_END} whose determinate or recall sentence (sentence expiry "
        "date minus sentence start) is under 4 years.",
        Better.NEITHER,
        Group.POPULATION,
        Share(IN_BAND["under_4_years"], SENTENCED),
    ),
    Metric(
        "sentence_4_to_10_years_share",
        "Sentence 4 to 10 years",
        f"Share of {_SENTENCED_END} whose determinate or recall sentence is at least 4 years "
        "and at most 10 years.",
        Better.NEITHER,
        Group.POPULATION,
        Share(IN_BAND["4_to_10_years"], SENTENCED),
    ),
    Metric(
        "sentence_over_10_years_share",
        "Sentence over 10 years",
        f"Share of {_SENTENCED_END} whose determinate or recall sentence is over 10 years.",
        Better.NEITHER,
        Group.POPULATION,
        Share(IN_BAND["over_10_years"], SENTENCED),
    ),
    Metric(
        "sentence_indeterminate_share",
        "Indeterminate sentence",
        f"Share of {_SENTENCED_END} serving an indeterminate sentence.",
        Better.NEITHER,
        Group.POPULATION,
        Share(IN_BAND["indeterminate"], SENTENCED),
    ),
    Metric(
        "sentence_length_not_recorded_share",
        "Sentence length not recorded",
        f"Share of {_SENTENCED_END} with a determinate or recall sentence but no sentence "
        "start or sentence expiry date recorded.",
        Better.LOWER,
        Group.POPULATION,
        Share(IN_BAND["length_not_recorded"], SENTENCED),
    ),
)
