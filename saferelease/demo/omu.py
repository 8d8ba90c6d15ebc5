# ruff: noqa: S311 - seeded pseudo-random numbers are the point: synthetic, reproducible data
"""The demo's offender management unit work (docs/omu.md), fictional and deterministic:
programmes and their waiting lists, engagement offers to men maintaining innocence, COM
report requests, quality assurance samples and reviews, POM supervision sessions.

Calibrated to the seeds (docs/demo-data.md): Littlehey runs the programmes of its 2015
action plan (54 Core SOTP, 9 extended SOTP, 3 Healthy Sex Programme and 70 Thinking
Skills Programme places a year), far below the men assessed as needing them, and few of
its many men maintaining innocence have been offered any work. Loaded once per
establishment (a second load changes nothing).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Final

from django.db import transaction

from saferelease.accounts.actors import DEMO_LOADER
from saferelease.accounts.models import User
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core.calendar import add_months
from saferelease.demo.generator import SEED
from saferelease.establishments.models import Establishment
from saferelease.omu import services as omu
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaAnswer,
    QaRating,
    SupervisionSession,
)
from saferelease.omu.rules import month_start, previous_month
from saferelease.release_planning.models import Prisoner

#: Programmes and places a year: Littlehey's from its 2015 action plan (5.57); the others
#: fictional demo values.
PROGRAMMES: Final = {
    "LTI": (
        ("Core sex offender treatment programme", 54),
        ("Extended sex offender treatment programme", 9),
        ("Healthy Sex Programme", 3),
        ("Thinking Skills Programme", 70),
    ),
    "SFI": (("Horizon", 30), ("Thinking Skills Programme", 40)),
    "DAI": (("Kaizen", 12), ("Horizon", 20)),
}
WAITING: Final = ("submitted", "awaiting_assessment", "assessed_suitable", "suitable_not_ready")
#: Share of men maintaining innocence offered work in the last year, and earlier.
OFFERED: Final = {"LTI": (0.18, 0.12), "SFI": (0.05, 0.05), "DAI": (0.04, 0.03)}
#: Men released in the last two years who had been assessed as needing a programme: the
#: share who had started it before release (places far below need at Littlehey).
STARTED_BEFORE_RELEASE: Final = {"LTI": 0.3, "SFI": 0.5, "DAI": 0.45}
#: COM reports: share received on time, late, by probation delivery unit (fictional).
REPORTS_ON_TIME: Final = {"LTI": 0.55, "SFI": 0.45, "DAI": 0.5}
INTERVENTIONS: Final = (
    "Maintaining innocence group work",
    "One-to-one psychology sessions",
    "Healthy relationships course",
    "Victim awareness course",
)
COMMENTS: Final = (
    "Clear and evidenced",
    "Some evidence; needs the latest security information",
    "No input from healthcare or psychology recorded",
    "Sentence plan targets not linked to the risks",
)


def _programme_for(prisoner: Prisoner, rng: random.Random, code: str) -> str:
    names = [name for name, _ in PROGRAMMES[code]]
    if code != "LTI":
        return names[0] if prisoner.offence_category == "sexual" else names[-1]
    if prisoner.offence_category != "sexual":
        return names[3]
    u = rng.random()
    if prisoner.rosh in ("high", "very_high") and u < 0.2:
        return names[1]
    if u < 0.25:
        return names[2]
    return names[0] if u < 0.85 else names[3]


@transaction.atomic
def demo_omu_load(*, as_of: dt.date) -> str:
    """Load the OMU's demo work at LTI, SFI and DAI (once each)."""
    loaded = []
    for code in PROGRAMMES:
        establishment = Establishment.objects.get(code=code)
        if Programme.objects.filter(establishment=establishment).exists():
            continue
        rng = random.Random(f"{SEED}:omu:{code}")
        counts = _load(establishment, rng, as_of)
        audit_record(
            actor=DEMO_LOADER,
            action=AuditAction.CREATE,
            object_type="omu.demo",
            establishment_code=code,
            changes={name: [None, value] for name, value in counts.items()},
            summary="Demo OMU work loaded (fictional)",
        )
        loaded.append(f"{code}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return "; ".join(loaded) or "demo OMU work already loaded"


def _load(establishment: Establishment, rng: random.Random, as_of: dt.date) -> dict[str, int]:
    code = establishment.code
    programmes = {
        name: Programme.objects.create(establishment=establishment, name=name, places_per_year=p)
        for name, p in PROGRAMMES[code]
    }
    men = list(
        Prisoner.objects.filter(establishment=establishment, released_on__isnull=True)
        .select_related("pom")
        .order_by("prison_number")
    )
    needs = [
        ProgrammeNeed(
            programme=programmes[_programme_for(man, rng, code)],
            prisoner=man,
            assessed_on=max(as_of - dt.timedelta(days=rng.randint(10, 700)), man.reception_date),
        )
        for man in men
        if man.programme_status in WAITING
        or (  # assessed as needing a programme, not referred yet
            man.programme_status == "none"
            and not man.maintains_innocence
            and man.rosh in ("medium", "high", "very_high")
        )
    ]
    ProgrammeNeed.objects.bulk_create(needs)
    recent, earlier = OFFERED[code]
    offers = []
    for man in men:
        if not man.maintains_innocence:
            continue
        u = rng.random()
        if u < recent + earlier:
            days = rng.randint(5, 360) if u < recent else rng.randint(380, 1100)
            offered = max(as_of - dt.timedelta(days=days), man.reception_date)
            offers.append(
                EngagementOffer(
                    prisoner=man,
                    intervention=rng.choice(INTERVENTIONS),
                    offered_on=offered,
                    outcome="taken_up" if rng.random() < 0.3 else "declined",
                )
            )
    EngagementOffer.objects.bulk_create(offers)
    reports = []
    for man in men:
        if not man.com_allocated_date or rng.random() > 0.35:
            continue
        requested = as_of - dt.timedelta(days=rng.randint(1, 330))
        requested = max(requested, man.com_allocated_date)
        if requested > as_of:
            continue
        due = requested + dt.timedelta(days=rng.choice((14, 21, 28, 42)))
        received = None
        u = rng.random()
        if due <= as_of:
            if u < REPORTS_ON_TIME[code]:
                received = due - dt.timedelta(days=rng.randint(0, 10))
            elif u < REPORTS_ON_TIME[code] + 0.3:
                received = min(due + dt.timedelta(days=rng.randint(1, 40)), as_of)
        elif u < 0.3:
            received = min(requested + dt.timedelta(days=rng.randint(1, 14)), as_of)
        received = max(received, requested) if received else None
        quality = None if received is None else rng.random() < 0.8
        reports.append(
            ComReportRequest(
                prisoner=man,
                kind=rng.choice(("pre_release", "pre_release", "parole", "risk_management_plan")),
                pdu=man.com_team,
                requested_on=requested,
                due_on=due,
                received_on=received,
                quality_acceptable=quality,
            )
        )
    ComReportRequest.objects.bulk_create(reports)
    released_needs = _released_needs(establishment, programmes, as_of)
    counts = {
        "programmes": len(programmes),
        "men waiting": len(needs),
        "men released who needed a programme": released_needs,
        "engagement offers": len(offers),
        "COM report requests": len(reports),
    }
    if code == "LTI":
        counts |= _quality_assurance(establishment, rng, as_of)
    return counts


def _released_needs(
    establishment: Establishment, programmes: dict[str, Programme], as_of: dt.date
) -> int:
    """Men released in the last two years who had been assessed as needing a programme
    (sexual offences, or medium risk of serious harm and above, not maintaining innocence),
    some of whom started it before release (:data:`STARTED_BEFORE_RELEASE`). A random
    stream of its own, so the rest of the OMU's demo work is as before."""
    code = establishment.code
    rng = random.Random(f"{SEED}:omu:{code}:released")
    released = Prisoner.objects.filter(
        establishment=establishment,
        released_on__gte=as_of - dt.timedelta(days=730),
        released_on__lte=as_of,
    ).order_by("prison_number")
    needs = []
    for man in released:
        assert man.released_on is not None  # filtered above
        if man.maintains_innocence or not (
            man.offence_category == "sexual" or man.rosh in ("medium", "high", "very_high")
        ):
            continue
        stay = (man.released_on - man.reception_date).days
        if stay < 60:
            continue
        assessed = man.reception_date + dt.timedelta(days=rng.randint(20, min(stay // 2, 400)))
        started = None
        if rng.random() < STARTED_BEFORE_RELEASE[code]:
            started = min(
                assessed + dt.timedelta(days=rng.randint(30, 500)),
                man.released_on - dt.timedelta(days=rng.randint(1, 30)),
            )
            started = max(started, assessed)
        needs.append(
            ProgrammeNeed(
                programme=programmes[_programme_for(man, rng, code)],
                prisoner=man,
                assessed_on=assessed,
                started_on=started,
            )
        )
    ProgrammeNeed.objects.bulk_create(needs)
    return len(needs)


def _quality_assurance(
    establishment: Establishment, rng: random.Random, as_of: dt.date
) -> dict[str, int]:
    """Littlehey: three months of samples (the last one open) and a year of supervision."""
    head = User.objects.filter(username="omu.littlehey").first()
    senior = User.objects.filter(username="pom2.littlehey").first()
    if head is None:
        return {}
    settings_ = omu.omu_settings_for(establishment)
    if senior is not None:
        settings_.senior_poms.add(senior)
    items = omu.qa_checklist_ensure(establishment)
    reviews = 0
    month = previous_month(as_of)
    for back in (3, 2, 1):
        sampled = add_months(month, -(back - 1))
        drawn_on = month_start(add_months(sampled, 1)) + dt.timedelta(days=rng.randint(1, 6))
        drawn_on = min(drawn_on, as_of)
        sample, _ = omu.qa_sample_draw(
            actor=DEMO_LOADER, establishment=establishment, month=sampled, today=drawn_on
        )
        if back == 1:
            continue  # this month's reviews are still to do
        for review in sample.reviews.all():
            if review.reviewer_id is None or rng.random() < 0.1:
                continue
            done = min(review.due_on + dt.timedelta(days=rng.randint(-25, 12)), as_of)
            done = max(done, drawn_on)
            ratings = [
                rng.choices(
                    (QaRating.MET, QaRating.PARTLY_MET, QaRating.NOT_MET), weights=(6, 3, 1)
                )[0]
                for _ in items
            ]
            QaAnswer.objects.bulk_create(
                QaAnswer(
                    review=review,
                    item=item,
                    item_text=item.text,
                    rating=rating,
                    comment=COMMENTS[(index + len(item.text)) % len(COMMENTS)]
                    if rating != QaRating.MET
                    else "",
                )
                for index, (item, rating) in enumerate(zip(items, ratings, strict=True))
            )
            review.completed_on = done
            review.version += 1
            review.save(update_fields=["completed_on", "version"])
            reviews += 1
    poms = list(
        User.objects.filter(establishments=establishment, role="caseworker", is_active=True)
    )
    sessions = []
    for pom in poms:
        day = as_of - dt.timedelta(days=rng.randint(300, 365))
        while day <= as_of:
            sessions.append(
                SupervisionSession(
                    establishment=establishment,
                    pom=pom,
                    supervisor=head,
                    held_on=day,
                    notes="Caseload and casework review (fictional)",
                )
            )
            day += dt.timedelta(days=rng.randint(45, 150))
    SupervisionSession.objects.bulk_create(sessions)
    return {"QA reviews completed": reviews, "supervision sessions": len(sessions)}
