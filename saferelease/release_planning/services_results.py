"""Writes of the stored deadline results (:class:`~.models.DeadlineResult`): derived from
the prisoners' facts by the engine and kept current, so the deadline summaries
(``selectors_results``) count them with one query (docs/adr/0016-stored-deadline-results.md).

* :func:`deadline_results_rebuild`: every man in custody at some establishments (or all)
  evaluated at ``as_of``; the daily task (``jobs.tasks.daily_deadline_results``) and
  ``saferelease deadline_results`` run it, since results change with the date alone.
* :func:`deadline_results_refresh`: some men again, at the date their establishment's
  results are stored at, called at the end of every write that changes a man's facts
  (``services.prisoner_update`` and what calls it, ``prisoner_record_release``, the
  prisoner import and the Prisoner Search sync through ``prisoner_import.save.save_plan``).
* :func:`deadline_results_refresh_establishment`: one establishment again, after its
  settings of the rules change (``services.rule_setting_save``).

The results are derived, not records anyone edits, so these writes are not audited: the
write that changed the facts is. Each runs in the caller's transaction (or its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from django.db import connections, router, transaction

from saferelease.deadlines import LocalRule, PrisonerFacts, evaluate
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import DeadlineResult, DeadlineResultsDate
from saferelease.release_planning.prisoner_import.bulk import bulk_insert
from saferelease.release_planning.selectors_results import (
    ID_BATCH,
    held_facts,
    local_settings_by_id,
    results_dates,
)

#: The columns written, in the order of each row.
NAMES: Final = (
    "prisoner_id",
    "establishment_id",
    "rule_code",
    "status",
    "due_date",
    "completed_date",
    "as_of",
)

#: Rows written per ``COPY`` (or ``executemany``), bounding the memory of a rebuild.
ROW_BATCH: Final = 50_000


def _rows(
    men: Iterable[tuple[int, int, PrisonerFacts]],
    dates: Mapping[int, dt.date],
    local: Mapping[int, dict[str, LocalRule]],
) -> Iterator[tuple[Any, ...]]:
    """One row per rule for each man, evaluated at his establishment's date."""
    for prisoner_id, establishment_id, facts in men:
        as_of = dates[establishment_id]
        for result in evaluate(facts, as_of, local.get(establishment_id)):
            yield (
                prisoner_id,
                establishment_id,
                result.rule,
                result.status.value,
                result.due_date,
                result.completed_date,
                as_of,
            )


def _write(rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert the rows in batches (``COPY`` on PostgreSQL); how many were written."""
    written = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == ROW_BATCH:
            bulk_insert(DeadlineResult, NAMES, batch)
            written += len(batch)
            batch = []
    bulk_insert(DeadlineResult, NAMES, batch)
    return written + len(batch)


def _lock_results() -> None:
    """On PostgreSQL, hold off other writers of the stored results (a man's refresh) until
    this transaction ends, so a rebuild never meets a row a concurrent refresh inserted;
    readers are not held up."""
    connection = connections[router.db_for_write(DeadlineResult)]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(DeadlineResult._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def deadline_results_rebuild(
    *, as_of: dt.date, establishments: Sequence[Establishment] | None = None
) -> int:
    """Evaluate every man in custody at ``establishments`` (None: every establishment) at
    ``as_of`` and store the results in place of theirs, all or nothing; those
    establishments' results are then dated ``as_of``. Returns the results written."""
    _lock_results()
    if establishments is None:
        ids = list(Establishment.objects.values_list("pk", flat=True))
        DeadlineResult.objects.all().delete()
        DeadlineResultsDate.objects.all().delete()
        men = held_facts()
        local = local_settings_by_id()
    else:
        ids = [establishment.pk for establishment in establishments]
        DeadlineResult.objects.filter(establishment_id__in=ids).delete()
        DeadlineResultsDate.objects.filter(establishment_id__in=ids).delete()
        men = held_facts(establishment_ids=ids)
        local = local_settings_by_id(ids)
    DeadlineResultsDate.objects.bulk_create(
        DeadlineResultsDate(establishment_id=pk, as_of=as_of) for pk in ids
    )
    return _write(_rows(men, dict.fromkeys(ids, as_of), local))


@transaction.atomic
def deadline_results_refresh(*, prisoner_ids: Iterable[int]) -> int:
    """Evaluate these men again and store their results in place of their old ones, at
    the date their establishment's results are stored at (a man at an establishment with
    none stored, or no longer in custody, keeps none). Returns the results written."""
    ids = sorted(set(prisoner_ids))
    if not ids:
        return 0
    for start in range(0, len(ids), ID_BATCH):
        DeadlineResult.objects.filter(prisoner_id__in=ids[start : start + ID_BATCH]).delete()
    dates = results_dates()
    if not dates:
        return 0
    men = held_facts(establishment_ids=list(dates), prisoner_ids=ids)
    return _write(_rows(men, dates, local_settings_by_id(list(dates))))


def deadline_results_refresh_establishment(*, establishment: Establishment) -> int:
    """Evaluate every man at the establishment again at the date its results are stored
    at (nothing when none are stored). Returns the results written."""
    as_of = results_dates().get(establishment.pk)
    if as_of is None:
        return 0
    return deadline_results_rebuild(as_of=as_of, establishments=[establishment])
