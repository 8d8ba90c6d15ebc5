"""Syncing an establishment's prisoners from the HMPPS Prisoner Search API.

Every page is read and every record mapped before anything is written; then, in one
transaction per establishment, new men are created, changed men updated (their version
raised, so an edit begun before the sync is refused; key-date changes kept), and men no
longer returned for the prison marked transferred out or released with the date (never
deleted). A run that fails for good (the API, HMPPS Auth, a record that cannot be stored)
changes no prisoner. Every run is kept (``PrisonerSyncRun``) and audited as the system
actor. See ``docs/prisoner-search-sync.md``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import IntegrityError, transaction

from saferelease.accounts.actors import PRISONER_SYNC
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import (
    KEY_DATE_FIELDS,
    Prisoner,
    PrisonerSyncRun,
    SyncOutcome,
)
from saferelease.release_planning.prisoner_import import bulk
from saferelease.release_planning.prisoner_import.plan import Update
from saferelease.release_planning.prisoner_import.save import save_plan
from saferelease.release_planning.prisoner_sync.client import (
    PrisonerSearchClient,
    PrisonerSearchError,
)
from saferelease.release_planning.prisoner_sync.mapping import (
    SYNCED_FIELDS,
    Custody,
    MappedPrisoner,
    MappingError,
    map_prisoner,
)

logger = logging.getLogger(__name__)

#: Key-date history rows and prisoner audit entries written by a sync carry these.
KEY_DATE_SOURCE: Final = "sync"
AUDIT_SUMMARY: Final = "Prisoner Search sync"
#: How many unmappable records a failure message names.
ERRORS_SHOWN: Final = 5
_KEY_DATES: Final = frozenset(KEY_DATE_FIELDS)
_STATE_FIELDS: Final = ("establishment_id", "released_on", "transferred_out_on")
_LOADED: Final = ("id", "prison_number", *_STATE_FIELDS, *SYNCED_FIELDS)

#: Progress: (pages read, pages in all if known, prisoners read).
Progress = Callable[[int, int | None, int], None]


@dataclass
class SyncResult:
    """What a sync of one establishment did, or (``dry_run``) would do."""

    establishment_code: str
    dry_run: bool
    error: str = ""
    pages: int = 0
    records: int = 0
    created: int = 0
    updated: int = 0
    moved_in: int = 0
    transferred_out: int = 0
    released: int = 0
    unchanged: int = 0
    key_date_changes: int = 0
    unknown_fields: set[str] = field(default_factory=set)
    #: New men NOMIS gave no reception date for (the day of the sync is used).
    reception_defaulted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def moved(self) -> int:
        """Moved in from elsewhere (or back into custody), transferred out or released."""
        return self.moved_in + self.transferred_out + self.released

    def summary(self) -> str:
        head = f"{self.establishment_code}: "
        if not self.ok:
            return f"{head}failed, nothing changed: {self.error}"
        verb = "would be" if self.dry_run else ""
        counts = (
            f"{self.records} prisoners read in {self.pages} pages; {self.created} created, "
            f"{self.updated} updated, {self.moved} moved ({self.moved_in} in, "
            f"{self.transferred_out} transferred out, {self.released} released), "
            f"{self.unchanged} unchanged"
        )
        if self.reception_defaulted:
            counts += (
                f"; {len(self.reception_defaulted)} new without a reception date in NOMIS "
                "(the day of the sync used)"
            )
        return f"{head}{counts}{' (dry run: nothing ' + verb + ' saved)' if self.dry_run else ''}"


class _Failed(Exception):
    pass


def _read(
    client: PrisonerSearchClient, code: str, result: SyncResult, progress: Progress | None
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for page in client.pages(code):
        records.extend(page.content)
        result.pages += 1
        if progress is not None:
            progress(result.pages, page.total_pages, len(records))
    return records


def _map(
    records: list[dict[str, Any]], as_of: dt.date, result: SyncResult
) -> dict[str, MappedPrisoner]:
    mapped: dict[str, MappedPrisoner] = {}
    errors: list[str] = []
    for index, record in enumerate(records, start=1):
        try:
            prisoner = map_prisoner(record, as_of=as_of)
        except MappingError as error:
            errors.append(f"record {index}: {error}")
            continue
        mapped[prisoner.prison_number] = prisoner  # a man on two pages: the later record
        result.unknown_fields |= prisoner.unknown_fields
    if errors:
        shown = "; ".join(errors[:ERRORS_SHOWN])
        more = f" and {len(errors) - ERRORS_SHOWN} more" if len(errors) > ERRORS_SHOWN else ""
        how_many = "1 record cannot" if len(errors) == 1 else f"{len(errors)} records cannot"
        raise _Failed(f"{how_many} be stored ({shown}{more})")
    return mapped


def _held_here(establishment: Establishment) -> list[str]:
    return list(
        Prisoner.objects.in_custody()
        .filter(establishment=establishment)
        .order_by("prison_number")
        .values_list("prison_number", flat=True)
    )


def _look_up_leavers(
    client: PrisonerSearchClient, numbers: list[str], as_of: dt.date
) -> dict[str, MappedPrisoner | None]:
    """Where NOMIS says each man no longer returned for the prison is now (``None``: not
    known). After one lookup fails for good the rest are not tried: they are marked
    transferred out."""
    found: dict[str, MappedPrisoner | None] = {}
    working = True
    for number in numbers:
        found[number] = None
        if not working:
            continue
        try:
            record = client.prisoner(number)
        except PrisonerSearchError as error:
            logger.warning("prisoner_sync.lookup_failed", extra={"problem": str(error)})
            working = False
            continue
        if record is None:
            continue
        try:
            found[number] = map_prisoner(record, as_of=as_of)
        except MappingError:
            continue
    return found


def _load(numbers: list[str], *, lock: bool) -> dict[str, dict[str, Any]]:
    stored: dict[str, dict[str, Any]] = {}
    for start in range(0, len(numbers), bulk.BATCH_SIZE):
        queryset = Prisoner.objects.filter(
            prison_number__in=numbers[start : start + bulk.BATCH_SIZE]
        ).order_by()
        if lock:
            queryset = queryset.select_for_update()
        for row in queryset.values_list(*_LOADED):
            values = dict(zip(_LOADED, row, strict=True))
            stored[values["prison_number"]] = values
    return stored


def _custody_values(
    prisoner: MappedPrisoner, stored: dict[str, Any] | None, establishment_id: int
) -> dict[str, Any]:
    """Where he is, as our fields: held here, released or in transfer (a date already
    recorded is kept)."""
    released = stored["released_on"] if stored else None
    transferred = stored["transferred_out_on"] if stored else None
    if prisoner.custody == Custody.RELEASED:
        return {
            "establishment_id": establishment_id,
            "released_on": released or prisoner.left_on,
            "transferred_out_on": None,
        }
    if prisoner.custody == Custody.IN_TRANSFER:
        return {
            "establishment_id": establishment_id,
            "released_on": None,
            "transferred_out_on": transferred or prisoner.left_on,
        }
    return {"establishment_id": establishment_id, "released_on": None, "transferred_out_on": None}


def _leaver_values(
    found: MappedPrisoner | None,
    stored: dict[str, Any],
    establishments: dict[str, int],
    as_of: dt.date,
) -> dict[str, Any]:
    """A man no longer returned for his prison: released, moved to another establishment
    we hold, or transferred out (with the date he left, or ``as_of``)."""
    if found is None:
        return {"transferred_out_on": as_of}
    values = dict(found.values)
    if found.custody == Custody.RELEASED:
        return {**values, "released_on": found.left_on or as_of}
    elsewhere = establishments.get(found.prison_id)
    if found.custody == Custody.HELD and elsewhere is not None:
        return {**values, **_custody_values(found, stored, elsewhere)}
    return {**values, "transferred_out_on": found.left_on or as_of}


def _classify(changed: dict[str, tuple[Any, Any]], result: SyncResult) -> None:
    if "released_on" in changed and changed["released_on"][1] is not None:
        result.released += 1
    elif "transferred_out_on" in changed and changed["transferred_out_on"][1] is not None:
        result.transferred_out += 1
    elif any(name in changed for name in _STATE_FIELDS):
        result.moved_in += 1
    else:
        result.updated += 1
    result.key_date_changes += sum(1 for name in changed if name in _KEY_DATES)


def _plan(
    establishment: Establishment,
    mapped: dict[str, MappedPrisoner],
    leavers: dict[str, MappedPrisoner | None],
    as_of: dt.date,
    result: SyncResult,
    *,
    lock: bool,
) -> tuple[list[dict[str, Any]], list[Update]]:
    establishments = dict(Establishment.objects.values_list("code", "id"))
    stored_by_number = _load([*mapped, *leavers], lock=lock)
    to_create: list[dict[str, Any]] = []
    to_update: list[Update] = []

    def consider(stored: dict[str, Any], new: dict[str, Any]) -> None:
        changed = {
            name: (stored[name], value) for name, value in new.items() if stored[name] != value
        }
        if not changed:
            result.unchanged += 1
            return
        to_update.append(Update({**stored, **new}, changed))
        _classify(changed, result)

    for number, prisoner in mapped.items():
        stored = stored_by_number.get(number)
        new = {**prisoner.values, **_custody_values(prisoner, stored, establishment.id)}
        if stored is None:
            if "reception_date" not in new:
                # NOMIS gave no reception, admission or sentence start date: the day the
                # sync first finds him here (docs/prisoner-search-sync.md).
                new["reception_date"] = as_of
                result.reception_defaulted.append(number)
            to_create.append({**new, "prison_number": number})
            continue
        consider(stored, new)
    for number, found in leavers.items():
        stored = stored_by_number.get(number)
        if stored is None or stored["establishment_id"] != establishment.id:
            continue  # moved by someone else meanwhile
        if stored["released_on"] is not None or stored["transferred_out_on"] is not None:
            continue
        consider(stored, _leaver_values(found, stored, establishments, as_of))
    result.created = len(to_create)
    return to_create, to_update


def _record(
    establishment: Establishment, result: SyncResult, started: dt.datetime
) -> PrisonerSyncRun:
    return PrisonerSyncRun.objects.create(
        establishment=establishment,
        started_at=started,
        finished_at=clock.now(),
        dry_run=result.dry_run,
        outcome=SyncOutcome.SUCCEEDED if result.ok else SyncOutcome.FAILED,
        records=result.records,
        pages=result.pages,
        created=result.created,
        updated=result.updated,
        moved=result.moved,
        unchanged=result.unchanged,
        message=result.summary(),
    )


def _audit(establishment: Establishment, result: SyncResult) -> None:
    audit_record(
        actor=PRISONER_SYNC,
        action=AuditAction.IMPORT,
        object_type=Prisoner._meta.label_lower,
        object_repr=f"Prisoner Search sync {establishment.code}",
        establishment_code=establishment.code,
        changes={
            "created": result.created,
            "updated": result.updated,
            "moved": result.moved,
            "moved_in": result.moved_in,
            "transferred_out": result.transferred_out,
            "released": result.released,
            "unchanged": result.unchanged,
        },
        summary=result.summary(),
    )


def sync_establishment(
    *,
    establishment: Establishment,
    client: PrisonerSearchClient | None = None,
    dry_run: bool = False,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """Sync one establishment's prisoners from Prisoner Search, all or nothing.

    The system actor runs it (the command line and the scheduled task): no user scope
    applies. ``as_of`` (default: today) dates a departure NOMIS gives no date for.
    ``dry_run`` reads and plans everything and saves nothing (no run is recorded).
    The result's ``error`` says why a run failed; a failed run changed no prisoner.
    """
    as_of = as_of or clock.today()
    started = clock.now()
    result = SyncResult(establishment_code=establishment.code, dry_run=dry_run)
    try:
        client = client or PrisonerSearchClient.from_settings()
        records = _read(client, establishment.code, result, progress)
        result.records = len(records)
        mapped = _map(records, as_of, result)
        gone = [number for number in _held_here(establishment) if number not in mapped]
        leavers = _look_up_leavers(client, gone, as_of)
        if dry_run:
            _plan(establishment, mapped, leavers, as_of, result, lock=False)
            return result
        with transaction.atomic():
            to_create, to_update = _plan(establishment, mapped, leavers, as_of, result, lock=True)
            if to_create or to_update:
                codes = dict(Establishment.objects.values_list("id", "code"))
                save_plan(
                    actor=PRISONER_SYNC,
                    to_create=to_create,
                    to_update=to_update,
                    codes=codes,
                    summary=AUDIT_SUMMARY,
                    key_date_source=KEY_DATE_SOURCE,
                )
            _audit(establishment, result)
            _record(establishment, result, started)
    except (PrisonerSearchError, _Failed) as error:
        _fail(result, str(error))
    except IntegrityError:
        _fail(result, "another change saved some of these prisoners meanwhile: run it again")
    if not result.ok and not dry_run:
        with transaction.atomic():
            _audit(establishment, result)
            _record(establishment, result, started)
    return result


def _fail(result: SyncResult, message: str) -> None:
    result.error = message
    result.created = result.updated = result.unchanged = result.key_date_changes = 0
    result.moved_in = result.transferred_out = result.released = 0
    result.reception_defaulted = []


def establishments_to_sync() -> list[Establishment]:
    """Every active establishment, by code (``--all``)."""
    return list(Establishment.objects.filter(active=True).order_by("code"))
