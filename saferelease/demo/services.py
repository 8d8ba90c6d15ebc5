"""Load the deterministic synthetic demo world. Every person in it is fictional.

``demo_load(as_of=...)`` is idempotent: loading twice for the same ``as_of`` gives the same
world and writes nothing the second time; loading on a later day moves the same people's
dates forward (the world is relative to ``as_of``). The demo owns the populations of its
five establishments (Littlehey, Stafford, Dartmoor, Peterborough, Nottingham): a prisoner
there that the generator does not make is removed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from django.db import transaction

from saferelease.accounts.actors import DEMO_LOADER
from saferelease.accounts.models import User
from saferelease.accounts.services import user_create
from saferelease.actionplans.importing import ImportOptions
from saferelease.actionplans.models import Inspection, Recommendation, ReviewOfProgress
from saferelease.actionplans.services import (
    action_plan_import,
    inspection_create,
    judgement_record,
    progress_update_create,
    recommendation_metric_add,
)
from saferelease.actionplans.services_reports import ReportOptions, inspection_report_import
from saferelease.actionplans.services_reviews import review_import
from saferelease.actionplans.services_urgent import urgent_notification_record
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record, snapshot
from saferelease.core import clock
from saferelease.core.concurrency import save_edit
from saferelease.core.services import demo_flag_set
from saferelease.demo.generator import FIELDS
from saferelease.demo.omu import demo_omu_load
from saferelease.demo.users import DEMO_PASSWORD, DEMO_POM_TEAM, DEMO_USERS, DemoUser
from saferelease.demo.world import DEMO_CODES, ESTABLISHMENT_SETTINGS, demo_world
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner

logger = logging.getLogger(__name__)

BATCH_SIZE: Final = 500
ACTION_PLAN_FILE: Final = (
    Path(__file__).resolve().parent.parent
    / "actionplans"
    / "data"
    / "littlehey_2015_action_plan.txt"
)
#: Model attribute names the loader writes (FKs by id).
_ATTNAMES: Final = tuple(
    {"establishment": "establishment_id", "pom": "pom_id"}.get(name, name) for name in FIELDS
)


@dataclass
class WorldLoadResult:
    """What a load changed, by establishment code."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@transaction.atomic
def demo_users_load() -> list[DemoUser]:
    """Create the demo users that do not exist yet (idempotent): the sign-ins, returned,
    and each prison's team of POMs, who hold caseloads but cannot sign in."""
    existing = set(
        User.objects.filter(
            username__in=[u.username for u in (*DEMO_USERS, *DEMO_POM_TEAM)]
        ).values_list("username", flat=True)
    )
    for demo_user, can_sign_in in [
        *((user, True) for user in DEMO_USERS),
        *((user, False) for user in DEMO_POM_TEAM),
    ]:
        if demo_user.username in existing:
            continue
        user_create(
            actor=DEMO_LOADER,
            username=demo_user.username,
            role=demo_user.role,
            establishment_codes=demo_user.establishments,
            first_name=demo_user.first_name,
            last_name=demo_user.last_name,
            email=f"{demo_user.username}@example.invalid",
            password=DEMO_PASSWORD if can_sign_in else None,
            can_sign_in=can_sign_in,
        )
    return list(DEMO_USERS)


def _establishments_configure() -> dict[str, Establishment]:
    """Designate the resettlement prisons and set programme places (audited when changed)."""
    establishments = {e.code: e for e in Establishment.objects.filter(code__in=DEMO_CODES)}
    missing = sorted(set(DEMO_CODES) - set(establishments))
    if missing:
        raise LookupError(f"Establishments missing from the register: {', '.join(missing)}")
    for code, wanted in ESTABLISHMENT_SETTINGS.items():
        establishment = establishments[code]
        if (
            establishment.designated_resettlement == wanted.designated_resettlement
            and establishment.programme_places == wanted.programme_places
        ):
            continue
        before = snapshot(establishment)
        establishment.designated_resettlement = wanted.designated_resettlement
        establishment.programme_places = wanted.programme_places
        establishment.full_clean()
        save_edit(
            DEMO_LOADER,
            establishment,
            before=before,
            establishment_code=code,
            summary="Demo data: designation and programme places",
        )
    return establishments


def _model_values(
    row: dict[str, Any], establishments: dict[str, Establishment], users: dict[str, int]
) -> dict[str, Any]:
    values = {name: row[name] for name in FIELDS if name not in {"establishment", "pom"}}
    values["establishment_id"] = establishments[row["establishment"]].pk
    values["pom_id"] = users.get(row["pom"]) if row["pom"] else None
    return values


@transaction.atomic
def demo_world_load(*, as_of: dt.date) -> WorldLoadResult:
    """Create, update or remove prisoners so the demo establishments hold exactly the
    generated world at ``as_of``. Bulk writes; one audit entry per establishment whose
    population changed ("demo data loaded"), none when nothing changed."""
    establishments = _establishments_configure()
    users = dict(
        User.objects.filter(
            username__in=[u.username for u in (*DEMO_USERS, *DEMO_POM_TEAM)]
        ).values_list("username", "pk")
    )
    codes_by_id = {e.pk: code for code, e in establishments.items()}
    wanted = {
        row["prison_number"]: _model_values(row, establishments, users) for row in demo_world(as_of)
    }
    existing = {
        values["prison_number"]: values
        for values in Prisoner.objects.filter(establishment__code__in=DEMO_CODES)
        .values("id", "version", *_ATTNAMES)
        .iterator(chunk_size=2000)
    }
    # A prison number the world needs may be held at another establishment: take it over.
    elsewhere = set(wanted) - set(existing)
    for values in (
        Prisoner.objects.filter(prison_number__in=elsewhere)
        .values("id", "version", *_ATTNAMES)
        .iterator(chunk_size=2000)
    ):
        existing[values["prison_number"]] = values
    result = WorldLoadResult()
    now = clock.now()
    to_create: list[Prisoner] = []
    to_update: list[Prisoner] = []
    changed_fields: set[str] = set()
    for number, values in wanted.items():
        code = codes_by_id[values["establishment_id"]]
        held = existing.get(number)
        if held is None:
            to_create.append(Prisoner(**values))
            result.created[code] += 1
            continue
        changes = {name for name in _ATTNAMES if held[name] != values[name]}
        if not changes:
            result.unchanged[code] += 1
            continue
        # A system write raises the version too (an edit begun before it is refused).
        to_update.append(
            Prisoner(id=held["id"], updated_at=now, version=held["version"] + 1, **values)
        )
        changed_fields |= changes
        result.updated[code] += 1
    stale = [v for n, v in existing.items() if n not in wanted]
    for values in stale:
        result.removed[codes_by_id.get(values["establishment_id"], "other")] += 1
    if stale:
        Prisoner.objects.filter(id__in=[v["id"] for v in stale]).delete()
    if to_update:
        Prisoner.objects.bulk_update(
            to_update, sorted(changed_fields | {"updated_at", "version"}), batch_size=BATCH_SIZE
        )
    Prisoner.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    for code in DEMO_CODES:
        counts = (result.created[code], result.updated[code], result.removed[code])
        if not any(counts):
            continue
        audit_record(
            actor=DEMO_LOADER,
            action=AuditAction.IMPORT,
            object_type="establishments.establishment",
            object_id=establishments[code].pk,
            object_repr=str(establishments[code]),
            establishment_code=code,
            changes={
                "as_of": as_of.isoformat(),
                "created": counts[0],
                "updated": counts[1],
                "removed": counts[2],
            },
            summary=(
                f"Demo data loaded (synthetic, fictional) for {as_of.isoformat()}: "
                f"{counts[0]} created, {counts[1]} updated, {counts[2]} removed"
            ),
        )
    return result


def demo_action_plans_load(*, as_of: dt.date) -> str:
    """The inspectors' story at Littlehey, all fictional apart from the 2015 plan's text.

    1. Import the Littlehey 2015 action plan (a copy of the seed file kept in the project).
    2. Add fictional progress updates to the recommendations they concern, and link 5.50,
       5.51, 5.54, 5.56 and 5.57 to the metrics that should show a change.
    3. Import a fictional follow-up plan (``demo/data/littlehey_followup_action_plan.csv``)
       for a follow-up inspection in September 2025 that repeats 5.47, 5.52 and 5.57.
    4. Record fictional inspector judgements on the 2015 recommendations at that inspection.
    5. Link the follow-up recommendations to the metrics that should show the change.
    6. Before the follow-up plan, import the fictional report of the 2025 inspection
       (``demo/data/littlehey_2025_report.txt``): six concerns, one the plan rewords and one
       it leaves unanswered.
    7. From 12 November 2026, import the fictional review of progress of that inspection
       (``demo/data/littlehey_2026_review_of_progress.txt``), which contradicts three of the
       prison's claims of completion; it drives claimed versus verified.
    8. From 21 October 2026, a fictional urgent notification after a fictional inspection of
       Dartmoor, with its response late from 19 November 2026.

    Idempotent: imports of unchanged files change nothing, and progress, judgements and
    metric links are added only when missing.
    """
    lines = []
    plan = _import(ACTION_PLAN_FILE, ImportOptions(establishment_code="LTI"))
    lines.append(f"Littlehey 2015 plan {plan.outcome}")
    governor = User.objects.get(username="governor.littlehey")
    inspector = User.objects.get(username="inspector")
    added = 0
    for ref, status, days_ago, narrative in DEMO_PROGRESS:
        recommendation = _recommendation(plan.plan, ref)
        if recommendation.progress_updates.filter(narrative=narrative).exists():
            continue
        progress_update_create(
            actor=governor,
            recommendation=recommendation,
            date=as_of - dt.timedelta(days=days_ago),
            status=status,
            narrative=narrative,
            as_of=as_of,
        )
        added += 1
    lines.append(f"{added} progress updates added")
    for ref, metric_code, note in DEMO_METRIC_LINKS_2015:
        recommendation = _recommendation(plan.plan, ref)
        if not recommendation.metrics.filter(metric_code=metric_code).exists():
            recommendation_metric_add(
                actor=governor, recommendation=recommendation, metric_code=metric_code, note=note
            )
    if as_of < FOLLOW_UP_END:
        return "; ".join(lines)
    report = inspection_report_import(
        actor=DEMO_LOADER,
        data=FOLLOW_UP_REPORT_FILE.read_bytes(),
        filename=FOLLOW_UP_REPORT_FILE.name,
        options=ReportOptions(establishment_code="LTI"),
    )
    lines.append(f"follow-up report {report.outcome}")
    followup = _import(
        FOLLOW_UP_FILE,
        ImportOptions(
            establishment_code="LTI",
            inspection_kind="full_unannounced",
            inspection_start=FOLLOW_UP_START,
            inspection_end=FOLLOW_UP_END,
            report_published=FOLLOW_UP_PUBLISHED,
        ),
    )
    lines.append(f"follow-up plan {followup.outcome}")
    judged = 0
    for recommendation in Recommendation.objects.filter(action_plan=plan.plan).exclude(
        kind="housekeeping"
    ):
        if recommendation.judgements.exists():
            continue
        outcome, notes = _demo_judgement(recommendation.ref)
        judgement_record(
            actor=inspector,
            recommendation=recommendation,
            kind="follow_up_inspection",
            outcome=outcome,
            date=FOLLOW_UP_END,
            notes=notes,
            as_of=as_of,
        )
        judged += 1
    lines.append(f"{judged} judgements recorded")
    for ref, metric_code, note in DEMO_METRIC_LINKS:
        recommendation = _recommendation(followup.plan, ref)
        if not recommendation.metrics.filter(metric_code=metric_code).exists():
            recommendation_metric_add(
                actor=governor, recommendation=recommendation, metric_code=metric_code, note=note
            )
    for ref, status, days_ago, narrative in DEMO_FOLLOW_UP_PROGRESS:
        recommendation = _recommendation(followup.plan, ref)
        if not recommendation.progress_updates.filter(narrative=narrative).exists():
            progress_update_create(
                actor=governor,
                recommendation=recommendation,
                date=as_of - dt.timedelta(days=days_ago),
                status=status,
                narrative=narrative,
                as_of=as_of,
            )
    lines.append(_demo_review(followup.plan.inspection, inspector, as_of))
    lines.append(_demo_urgent_notification(inspector, as_of))
    return "; ".join(lines)


def _demo_review(inspection: Inspection, inspector: User, as_of: dt.date) -> str:
    """The fictional review of progress of the 2025 inspection (November 2026)."""
    if as_of < REVIEW_END:
        return "review of progress not yet due"
    if ReviewOfProgress.objects.filter(inspection=inspection, start_date=REVIEW_START).exists():
        return "review of progress already held"
    review_import(
        actor=inspector,
        data=REVIEW_FILE.read_bytes(),
        filename=REVIEW_FILE.name,
        inspection=inspection,
        as_of=as_of,
    )
    return "review of progress imported"


def _demo_urgent_notification(inspector: User, as_of: dt.date) -> str:
    """A fictional urgent notification after a fictional inspection of Dartmoor in October
    2026, with no response yet (so late from 19 November 2026)."""
    if as_of < URGENT_ISSUED:
        return "no urgent notification yet"
    dartmoor = Establishment.objects.get(code="DAI")
    inspection = Inspection.objects.filter(
        establishment=dartmoor, start_date=URGENT_INSPECTION[0]
    ).first()
    if inspection is None:
        inspection = inspection_create(
            actor=DEMO_LOADER,
            establishment=dartmoor,
            kind="full_unannounced",
            start_date=URGENT_INSPECTION[0],
            end_date=URGENT_INSPECTION[1],
            as_of=as_of,
        )
    if inspection.urgent_notifications.filter(issued_on=URGENT_ISSUED).exists():
        return "urgent notification already held"
    urgent_notification_record(
        actor=inspector,
        inspection=inspection,
        issued_on=URGENT_ISSUED,
        concerns="\n\n".join(URGENT_CONCERNS),
        as_of=as_of,
    )
    return "urgent notification recorded"


def _import(path: Path, options: ImportOptions) -> Any:
    return action_plan_import(
        actor=DEMO_LOADER, data=path.read_bytes(), filename=path.name, options=options
    )


def _recommendation(plan: Any, ref: str) -> Recommendation:
    return Recommendation.objects.get(action_plan=plan, ref=ref)


def _demo_judgement(ref: str) -> tuple[str, str]:
    """A fixed, fictional outcome per recommendation: roughly a quarter achieved, a sixth
    partially achieved and the rest not achieved, as HMIP found nationally."""
    if ref in DEMO_JUDGEMENTS:
        return DEMO_JUDGEMENTS[ref]
    bucket = sum(ord(c) for c in ref) % 12
    if bucket < 3:
        return "achieved", "Demo: fictional inspector note."
    if bucket < 5:
        return "partially_achieved", "Demo: fictional inspector note."
    return "not_achieved", "Demo: fictional inspector note."


FOLLOW_UP_FILE: Final = (
    Path(__file__).resolve().parent / "data" / "littlehey_followup_action_plan.csv"
)
FOLLOW_UP_REPORT_FILE: Final = (
    Path(__file__).resolve().parent / "data" / "littlehey_2025_report.txt"
)
REVIEW_FILE: Final = (
    Path(__file__).resolve().parent / "data" / "littlehey_2026_review_of_progress.txt"
)
REVIEW_START: Final = dt.date(2026, 11, 10)
REVIEW_END: Final = dt.date(2026, 11, 12)
URGENT_INSPECTION: Final = (dt.date(2026, 10, 5), dt.date(2026, 10, 16))
URGENT_ISSUED: Final = dt.date(2026, 10, 21)
URGENT_CONCERNS: Final = (
    "Demo: fictional concern. Men assessed as high risk were released without a confirmed address.",
    "Demo: fictional concern. Public protection checks before release were not completed for "
    "a third of men.",
)
FOLLOW_UP_START: Final = dt.date(2025, 9, 8)
FOLLOW_UP_END: Final = dt.date(2025, 9, 19)
FOLLOW_UP_PUBLISHED: Final = dt.date(2026, 1, 20)

#: Fictional progress on the 2015 plan: (ref, status, days before as_of, narrative).
DEMO_PROGRESS: Final = (
    ("5.52", "complete", 400, "Demo: new IRMT terms of reference agreed and meeting monthly."),
    (
        "5.47",
        "in_progress",
        120,
        "Demo: OASys backlog reduced from 210 to 95; two assessors trained.",
    ),
    (
        "5.52",
        "complete",
        300,
        "Demo: MAPPA level confirmation added to the 6-month pre-release checklist.",
    ),
    (
        "5.53",
        "in_progress",
        60,
        "Demo: housing referrals now made at 12 weeks; outcomes not yet measured.",
    ),
    (
        "5.57",
        "not_started",
        30,
        "Demo: alternative work for men maintaining innocence awaiting funding.",
    ),
    ("5.3", "complete", 200, "Demo: resettlement transfer requests reviewed at every OMU meeting."),
    ("5.1", "complete", 500, "Demo: level 2 equipment installed in all workshops."),
    (
        "5.6",
        "complete",
        450,
        "Demo: ACCT case managers now consistent; audit shows 90% attendance.",
    ),
)

#: Fictional inspector judgements where the story needs a particular outcome.
DEMO_JUDGEMENTS: Final = {
    "5.47": ("not_achieved", "Demo: a third of OASys assessments were still out of date."),
    "5.52": ("partially_achieved", "Demo: IRMT met monthly but MAPPA levels were often late."),
    "5.53": ("not_achieved", "Demo: men were still released with no address."),
    "5.57": ("not_achieved", "Demo: no work yet for men maintaining innocence."),
    "5.3": ("not_achieved", "Demo: transfers to resettlement prisons remained rare."),
    "5.1": ("achieved", "Demo: level 2 qualifications available in every workshop."),
    "5.6": ("achieved", "Demo: ACCT case management was consistent."),
}

#: The metrics that should show whether the 2015 plan's offender-management
#: recommendations changed anything (QA and supervision, COM reports, health discharge,
#: careers, men in denial and programme places).
DEMO_METRIC_LINKS_2015: Final = (
    ("5.50", "qa_completed_on_time_share", "Demo: sampled OASys reviewed by the due date"),
    ("5.50", "qa_meeting_standard_share", "Demo: OASys reviews meeting the standard"),
    ("5.50", "supervision_sessions_per_pom_per_quarter", "Demo: regular POM supervision"),
    ("5.51", "com_reports_on_time_share", "Demo: COM reports by the due date"),
    ("5.56", "health_discharge_plan_before_release_share", "Demo: discharge plans in time"),
    ("5.56", "rule_health_discharge_plan_on_time_share", "Demo: plans 28 days before release"),
    ("5.54", "careers_advice_before_release_share", "Demo: careers advice before release"),
    ("5.54", "ete_arranged_share", "Demo: work, training or education arranged"),
    ("5.57", "maintaining_innocence_with_work_share", "Demo: work for men in denial"),
    ("5.57", "innocence_without_offer_count", "Demo: every man in denial offered work"),
    ("5.57", "programme_need_unmet_at_release_share", "Demo: fewer released with need unmet"),
    ("5.57", "programme_places_against_need", "Demo: places closer to need"),
)

#: The metrics that should show each follow-up recommendation's change.
DEMO_METRIC_LINKS: Final = (
    ("1.1", "mappa_set_on_time_share", "Demo: levels confirmed six months before release"),
    ("1.2", "oasys_current_share", "Demo: assessments current"),
    ("1.3", "maintaining_innocence_with_work_share", "Demo: work for men in denial"),
    ("1.3", "innocence_without_offer_count", "Demo: every man in denial offered work"),
    ("1.4", "released_homeless_share", "Demo: nobody released homeless"),
    ("1.5", "resettlement_transfers_achieved_share", "Demo: transfers achieved"),
)

#: Fictional progress on the follow-up plan: the prison claims three complete, one of
#: them (1.5, resettlement transfers) with nothing changed in its metric.
DEMO_FOLLOW_UP_PROGRESS: Final = (
    ("1.1", "complete", 90, "Demo: weekly MAPPA tracker in place; marked complete by the prison."),
    ("1.3", "complete", 45, "Demo: strategy for men maintaining innocence published."),
    ("1.2", "in_progress", 30, "Demo: OASys currency report now monthly."),
    ("1.5", "complete", 150, "Demo: transfer requests now reviewed at every OMU meeting."),
)


@transaction.atomic
def demo_load(*, as_of: dt.date) -> list[DemoUser]:
    """Load everything the demo needs for ``as_of`` and mark the site as demo."""
    users = demo_users_load()
    result = demo_world_load(as_of=as_of)
    logger.info(
        "demo world loaded",
        extra={
            "prisoners_created": sum(result.created.values()),
            "prisoners_updated": sum(result.updated.values()),
            "prisoners_removed": sum(result.removed.values()),
        },
    )
    logger.info(demo_action_plans_load(as_of=as_of))
    demo_regions_load()
    logger.info(demo_omu_load(as_of=as_of))
    demo_flag_set(loaded=True)
    return users


#: Demo regions: groups of establishments managers compare by name (illustrative, not the
#: official prison groups).
DEMO_REGIONS: dict[str, tuple[str, ...]] = {
    "East of England (demo)": ("LTI", "PBI", "NWI"),
    "Midlands (demo)": ("SFI", "NMI", "RNI"),
    "South West (demo)": ("DAI", "EXI", "CWI"),
}


def demo_regions_load() -> None:
    from saferelease.establishments.services import region_save

    for name, codes in DEMO_REGIONS.items():
        region_save(actor=DEMO_LOADER, name=name, codes=codes)
