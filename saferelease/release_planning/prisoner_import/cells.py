"""Cell converters: a cell's text (already stripped) to its typed value, or ``CellError``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from saferelease.core.dates import parse_date
from saferelease.deadlines import (
    AccommodationStatus,
    MappaCategory,
    MappaLevel,
    OffenceCategory,
    RiskLevel,
    SentenceType,
)
from saferelease.deadlines.vocabularies import EteArranged
from saferelease.release_planning.models import Prisoner, ProgrammeStatus, health_needs_from_text
from saferelease.release_planning.prisoner_import.contract import DATE_COLUMNS

_TRUE: Final = frozenset({"true", "yes", "1", "y"})
_FALSE: Final = frozenset({"false", "no", "0", "n", ""})


class CellError(ValueError):
    """A cell's value is not allowed; the message says what is."""


def _max_length(name: str) -> int:
    return int(Prisoner._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]


def _text_converter(name: str) -> Callable[[str], str]:
    limit = _max_length(name)

    def convert(text: str) -> str:
        if len(text) > limit:
            raise CellError(f"must be {limit} characters or fewer (it has {len(text)})")
        return text

    return convert


_date_cache: dict[str, dt.date] = {}


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    value = _date_cache.get(text)
    if value is None:
        try:
            value = parse_date(text)
        except ValueError as error:
            raise CellError(str(error)) from None
        if len(_date_cache) < 100_000:
            _date_cache[text] = value
    return value


def _normalise_code(text: str) -> str:
    return text.lower().replace(" ", "_").replace("-", "_")


def _choice_converter(values: list[str], empty: str = "") -> Callable[[str], str]:
    allowed = frozenset(values)
    listed = ", ".join(values)

    def convert(text: str) -> str:
        if not text:
            return empty
        value = _normalise_code(text)
        if value not in allowed:
            raise CellError(f"'{text}' is not allowed: use one of {listed}")
        return value

    return convert


def _integer_choice_converter(values: list[int]) -> Callable[[str], int | None]:
    allowed = {str(v): v for v in values}
    listed = ", ".join(allowed)

    def convert(text: str) -> int | None:
        if not text:
            return None
        try:
            return allowed[text]
        except KeyError:
            raise CellError(f"'{text}' is not allowed: use one of {listed}") from None

    return convert


def _boolean(text: str) -> bool:
    value = text.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"'{text}' is not allowed: use true or false (or yes/no, 1/0, Y/N)")


def _health_needs(text: str) -> str:
    try:
        return health_needs_from_text(text)
    except ValueError as error:
        raise CellError(str(error)) from None


def _build_converters() -> dict[str, Callable[[str], Any]]:
    converters: dict[str, Callable[[str], Any]] = {
        "given_name": _text_converter("given_name"),
        "family_name": _text_converter("family_name"),
        "resettlement_transfer_exemption": _text_converter("resettlement_transfer_exemption"),
        "sentence_type": _choice_converter([v.value for v in SentenceType]),
        "offence_category": _choice_converter([v.value for v in OffenceCategory]),
        "rosh": _choice_converter([v.value for v in RiskLevel]),
        "osp": _choice_converter([v.value for v in RiskLevel]),
        "accommodation_status": _choice_converter([v.value for v in AccommodationStatus]),
        "accommodation_on_release": _choice_converter([v.value for v in AccommodationStatus]),
        "mappa_category": _integer_choice_converter([v.value for v in MappaCategory]),
        "mappa_level": _integer_choice_converter([v.value for v in MappaLevel]),
        "maintains_innocence": _boolean,
        "health_needs": _health_needs,
        "ete_on_release": _choice_converter([v.value for v in EteArranged]),
        # The field cannot be empty: an empty cell means "no referral".
        "programme_status": _choice_converter(
            [str(v) for v in ProgrammeStatus.values], empty=ProgrammeStatus.NONE.value
        ),
    }
    for name in DATE_COLUMNS:
        converters[name] = _date
    return converters


#: Every column but the two key columns, with its converter.
CONVERTERS: Final[dict[str, Callable[[str], Any]]] = _build_converters()
