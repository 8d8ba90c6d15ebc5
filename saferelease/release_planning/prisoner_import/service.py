"""Importing a prisoner file: validate everything, then upsert by prison number, all or
nothing, audited. The contract is ``docs/prisoner-csv.md``.

Built for the national file (about 90,000 rows): rows are validated in pure Python
(``parser``), existing prisoners are loaded in chunks as plain values (``plan``), and
prisoners, key-date history and audit entries are written in bulk (``save``, ``bulk``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import Http404

from saferelease.accounts.actors import Actor, SystemActor
from saferelease.accounts.capabilities import Capability, require
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core.uploads import limits_for
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.prisoner_import.model import ParsedFile, RowError
from saferelease.release_planning.prisoner_import.parser import parse_prisoner_csv
from saferelease.release_planning.prisoner_import.plan import plan_import
from saferelease.release_planning.prisoner_import.reader import Source
from saferelease.release_planning.prisoner_import.results import ImportResult
from saferelease.release_planning.prisoner_import.save import save_plan


def _check_default_establishment(actor: Actor, code: str) -> str:
    """The default establishment's code: 404 if it is unknown or outside the actor's scope."""
    code = code.strip().upper()
    if not code:
        return ""
    if isinstance(actor, SystemActor):
        if not Establishment.objects.filter(code=code).exists():
            raise Http404(f"No establishment with the code {code}")
        return code
    return establishment_get(actor, code).code


def prisoners_import(
    *,
    actor: Actor,
    rows_or_file: ParsedFile | Source,
    default_establishment_code: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Validate a whole prisoner file, then create or update every prisoner in it by
    prison number, in one transaction; with any error nothing is saved.

    ``actor`` is the signed-in user (who must be allowed to import prisoner files, a head
    of OMU or an administrator, else ``CapabilityRefused``) or a system actor (the command
    line, the demo loader), which may import into any establishment. A user may import only
    into establishments they can see, and may update only prisoners held at establishments
    they can see. ``default_establishment_code`` fills empty ``establishment`` cells; it
    must be visible to the actor (``Http404`` otherwise).

    ``rows_or_file`` is the file (text, bytes or an open file, read within the prisoner
    file's upload limits) or a ``ParsedFile`` from ``parse_prisoner_csv`` (parsed with the
    same default establishment).

    Every created or updated prisoner gets an audit entry with its changed fields (old,
    new); every changed key date a ``KeyDateChange`` with source "import"; the import as a
    whole one "import" audit entry. An import that changes nothing writes nothing.
    ``dry_run`` does all the checks and reports what would change without saving anything.
    """
    require(actor, Capability.ASSIGN_CASES)
    default_code = _check_default_establishment(actor, default_establishment_code)
    if isinstance(rows_or_file, ParsedFile):
        parsed = rows_or_file
    else:
        parsed = parse_prisoner_csv(
            rows_or_file,
            default_establishment_code=default_code,
            limits=limits_for("prisoner_file"),
        )
    if dry_run:
        return plan_import(parsed, actor=actor, lock=False).result

    try:
        with transaction.atomic():
            plan = plan_import(parsed, actor=actor, lock=True)
            result = plan.result
            result.dry_run = False
            if not result.ok:
                return result
            if not plan.to_create and not plan.to_update:
                return result  # nothing changes, so nothing is written or audited
            codes = dict(Establishment.objects.values_list("id", "code"))
            save_plan(actor=actor, to_create=plan.to_create, to_update=plan.to_update, codes=codes)
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type=Prisoner._meta.label_lower,
                object_repr="Prisoner file",
                establishment_code=default_code,
                summary=(
                    f"Prisoner file imported: {result.rows} rows, {result.created} created, "
                    f"{result.updated} updated, {result.unchanged} unchanged"
                ),
            )
    except IntegrityError:
        # Another import created one of these prison numbers while this one ran.
        return ImportResult(
            dry_run=False,
            rows=parsed.row_count,
            errors=[
                RowError(
                    0,
                    "",
                    "some of these prisoners were saved by someone else while the file was "
                    "being imported; nothing was saved: import the file again",
                )
            ],
        )
    return result
