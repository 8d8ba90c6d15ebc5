"""What each kind of job does. A runner takes the job and a progress callback and returns
an :class:`Outcome` (or raises ``JobFailed``); the work itself is the domain's services
and selectors, the same as the command line's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from saferelease.accounts.actors import SCHEDULER
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.core.pdf import pdf_bytes
from saferelease.core.spreadsheets import csv_writer
from saferelease.deadlines import RULES
from saferelease.establishments.models import Establishment
from saferelease.jobs.models import Job, JobKind
from saferelease.jobs.services import JobFailed, Progress
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.notifications import digests_send
from saferelease.release_planning.prisoner_sync.service import (
    establishments_to_sync,
    sync_establishment,
)

#: Rows written between two progress updates of an export.
EXPORT_STEP = 5000


@dataclass(frozen=True)
class Outcome:
    message: str
    file: str = ""  # relative to MEDIA_ROOT
    name: str = ""  # the download's file name


def _as_of(job: Job) -> dt.date:
    text = job.parameters.get("as_of")
    return parse_date(text) if text else clock.today()


def _result_path(job: Job, name: str) -> tuple[Path, str]:
    relative = f"jobs/{job.pk}/{name}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, relative


def prisoner_sync(job: Job, progress: Progress) -> Outcome:
    """Sync one establishment (``establishment``) or every active one."""
    code = job.parameters.get("establishment")
    establishments = (
        list(Establishment.objects.filter(code=code)) if code else establishments_to_sync()
    )
    if not establishments:
        raise JobFailed(f"No establishment with the code {code}")
    lines, failed = [], 0
    for index, establishment in enumerate(establishments):
        progress(index, len(establishments), f"Syncing {establishment.code}")
        result = sync_establishment(establishment=establishment)
        lines.append(result.summary())
        failed += not result.ok
    progress(len(establishments), len(establishments), "Done")
    if failed:
        raise JobFailed(
            f"{failed} of {len(establishments)} establishments failed (nothing changed at "
            "those):\n" + "\n".join(lines)
        )
    return Outcome("\n".join(lines))


def digest(job: Job, progress: Progress) -> Outcome:
    progress(0, 1, "Sending digests")
    report = digests_send(as_of=_as_of(job))
    progress(1, 1, "Done")
    return Outcome(
        f"{report.sent} digest(s) sent, {report.already_sent} already sent today, "
        f"{report.nothing_due} POM(s) with nothing due"
    )


def milestones_export(job: Job, progress: Progress) -> Outcome:
    """Every deadline of every man in custody (or at one establishment) as CSV: the
    columns of ``saferelease milestones --format csv``."""
    from saferelease.release_planning.management.commands.milestones import (
        FIELDS,
        milestone_values,
    )
    from saferelease.release_planning.selectors import milestones

    as_of = _as_of(job)
    code = job.parameters.get("establishment") or None
    held = Prisoner.objects.in_custody()
    if code:
        held = held.filter(establishment__code=code)
    total = held.count() * len(RULES)
    name = f"deadlines-{code or 'national'}-{as_of.isoformat()}.csv"
    path, relative = _result_path(job, name)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for milestone in milestones(as_of=as_of, establishment_code=code):
            writer.writerow(milestone_values(milestone))
            rows += 1
            if rows % EXPORT_STEP == 0:
                progress(rows, total, f"{rows:,} rows written")
    progress(rows, rows, f"{rows:,} rows written")
    return Outcome(f"{rows:,} deadlines of {rows // max(1, len(RULES)):,} men", relative, name)


def irmt_pack(job: Job, progress: Progress) -> Outcome:
    """The upcoming-releases board of one establishment as the IRMT meeting's PDF, for
    the user who asked (within their scope; every record in it audited as viewed)."""
    from saferelease.establishments.selectors import establishment_get
    from saferelease.release_planning import selectors, services

    user = job.requested_by
    if user is None:
        raise JobFailed("An IRMT pack is made for a signed-in user")
    as_of = _as_of(job)
    establishment = establishment_get(user, str(job.parameters.get("establishment", "")))
    progress(0, 2, "Finding the releases")
    board = selectors.releases_board(user, establishment=establishment, as_of=as_of)
    cases = [*board.past, *board.upcoming_cases]
    for case in cases:
        services.prisoner_record_viewed(actor=user, prisoner=case.prisoner, what="IRMT pack")
    progress(1, 2, "Drawing the PDF")
    # The same context as the board's PDF view, every week, unfiltered.
    context: dict[str, Any] = {
        "establishment": establishment,
        "board": board,
        "weeks": board.weeks,
        "past": board.past,
        "filters": selectors.BoardFilter(),
        "rule_settings": selectors.changed_rule_settings(establishment),
        "as_of": as_of,
        "total": board.upcoming,
        "pack_total": len(cases),
        "user": user,
    }
    data = pdf_bytes("release_planning/releases_pdf.html", context)
    name = f"irmt-pack-{establishment.code}-{as_of.isoformat()}.pdf"
    path, relative = _result_path(job, name)
    path.write_bytes(data)
    progress(2, 2, "Done")
    return Outcome(f"IRMT pack of {len(cases)} men", relative, name)


def national_metrics_export(job: Job, progress: Progress) -> Outcome:
    """The national dashboard's figures and every establishment side by side, as a
    workbook, for the period asked (default: the dashboard's), within the requester's
    scope (every establishment for the schedule)."""
    from saferelease.metrics import exports
    from saferelease.metrics import selectors as metrics
    from saferelease.metrics.periods import Period, default_period

    user = job.requested_by
    scope = metrics.scope_for(user if user is not None else SCHEDULER)
    default = default_period(clock.today())
    start, end = job.parameters.get("from"), job.parameters.get("to")
    period = Period(
        parse_date(start) if start else default.start, parse_date(end) if end else default.end
    )
    progress(0, 2, "Computing the figures")
    report, comparison = metrics.national_report(scope, period)
    progress(1, 2, "Writing the workbook")
    data = exports.xlsx_bytes(
        [
            ("Metrics", exports.metrics_table(report)),
            ("Establishments", exports.comparison_table(comparison)),
        ]
    )
    name = f"metrics-all-{period.start.isoformat()}-to-{period.end.isoformat()}.xlsx"
    path, relative = _result_path(job, name)
    path.write_bytes(data)
    progress(2, 2, "Done")
    return Outcome(f"National figures for {len(comparison)} establishments", relative, name)


def prisoner_import(job: Job, progress: Progress) -> Outcome:
    """A large prisoner file, confirmed on the import page and staged there: validated
    again and saved all or nothing, as the requester (their scope and capability)."""
    from saferelease.release_planning.prisoner_import import prisoners_import
    from saferelease.release_planning.views_import import STAGING

    user = job.requested_by
    if user is None:
        raise JobFailed("A prisoner file is imported for a signed-in user")
    token, sha256 = str(job.parameters.get("token", "")), str(job.parameters.get("sha256", ""))
    data = STAGING.read(token, sha256)
    if data is None:
        raise JobFailed("The uploaded file has gone: upload it again")
    rows = int(job.parameters.get("rows", 0)) or None
    progress(0, rows, "Checking and saving every row")
    try:
        result = prisoners_import(
            actor=user,
            rows_or_file=data,
            default_establishment_code=str(job.parameters.get("establishment", "")),
        )
    finally:
        STAGING.discard(token)
    if not result.ok:
        shown = "\n".join(str(error) for error in result.errors[:20])
        raise JobFailed(f"Nothing was imported: {len(result.errors)} problems.\n{shown}")
    progress(result.rows, result.rows, "Done")
    return Outcome(
        f"Prisoner file imported: {result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged"
    )


RUNNERS: dict[JobKind, Callable[[Job, Progress], Outcome]] = {
    JobKind.PRISONER_IMPORT: prisoner_import,
    JobKind.METRICS_EXPORT: national_metrics_export,
    JobKind.PRISONER_SYNC: prisoner_sync,
    JobKind.DIGEST: digest,
    JobKind.MILESTONES_EXPORT: milestones_export,
    JobKind.IRMT_PACK: irmt_pack,
}
