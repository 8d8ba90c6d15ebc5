"""The one-pass counting gives exactly what the plain man-by-man, day-by-day computation
(:mod:`.reference`) gives: for the period, every month of the trend and every
establishment, on a seeded random population full of boundary cases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from saferelease.accounts.models import User
from saferelease.accounts.tests.factories import UserFactory
from saferelease.establishments.models import Establishment
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import Standing
from saferelease.metrics.catalogue.population import age_on, latest_birth_date_aged_50
from saferelease.metrics.catalogue.records import (
    ComReportRecord,
    QaReviewRecord,
    SupervisionRecord,
)
from saferelease.metrics.catalogue.risk import oasys_current_since
from saferelease.metrics.counting import ROW_FIELDS
from saferelease.metrics.periods import Period
from saferelease.metrics.tests import reference
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaAnswer,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.release_planning.models import OFFENDING_BEHAVIOUR_WORK, Prisoner

D = dt.date
CODES = ("LTI", "DAI", "SFI")
#: Part months at both ends, and 29 February 2024 as a month end.
PERIODS = (
    Period(D(2023, 12, 15), D(2025, 3, 10)),
    Period(D(2024, 2, 1), D(2024, 2, 29)),
    Period(D(2024, 6, 30), D(2024, 6, 30)),
)
MONTH_ENDS = [p.end for p in PERIODS[0].monthly()]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A random day, one time in three on or next to a month end."""
    if rng.random() < 0.33:
        return rng.choice(MONTH_ENDS) + dt.timedelta(days=rng.choice((-1, 0, 0, 1)))
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _maybe(rng: random.Random, value: Any, chance: float = 0.6) -> Any:
    return value if rng.random() < chance else None


def _man(rng: random.Random, index: int, establishments: list[Establishment]) -> Prisoner:
    received = _day(rng, D(2015, 1, 1), D(2025, 6, 1))
    released = _maybe(rng, _day(rng, D(2023, 10, 1), D(2025, 6, 1)), 0.5)
    if released is not None and released < received:
        received, released = released, received
    sentence_type = rng.choice(["determinate", "determinate", "recall", "indeterminate", "remand"])
    start = _maybe(rng, received - dt.timedelta(days=rng.randint(0, 400)), 0.85)
    sed = None
    if start is not None and rng.random() < 0.9:
        years = rng.choice([2, 4, 4, 7, 10, 10, 12])
        sed = start.replace(year=start.year + years, day=min(start.day, 28))
        sed += dt.timedelta(days=rng.choice([-1, 0, 0, 1, 40]))
    month_end = rng.choice(MONTH_ENDS)
    born = rng.choice(
        [
            D(1976, 2, 29),
            month_end.replace(year=month_end.year - 50, day=min(month_end.day, 28)),
            _day(rng, D(1940, 1, 1), D(2000, 1, 1)),
        ]
    )
    oasys = rng.choice(
        [
            None,
            month_end - dt.timedelta(days=364),
            month_end - dt.timedelta(days=365),
            month_end + dt.timedelta(days=1),
            _day(rng, D(2022, 1, 1), D(2025, 6, 1)),
        ]
    )
    mappa = _maybe(rng, rng.choice([1, 2, 3]), 0.4)
    crd = _maybe(rng, (released or received) + dt.timedelta(days=rng.randint(-30, 900)), 0.8)
    dated = {
        name: _maybe(rng, _day(rng, D(2022, 6, 1), D(2025, 6, 1)), 0.5)
        for name in (
            "com_allocated_date",
            "irmt_review_date",
            "accommodation_confirmed_date",
            "ap_application_date",
            "duty_to_refer_date",
            "resettlement_plan_date",
            "resettlement_transfer_date",
            "licence_approved_date",
            "discharge_plan_date",
            "careers_advice_date",
            "ped",
            "ted",
            "thd",
            "confirmed_release_date",
        )
    }
    return Prisoner(
        prison_number=f"R{index:04d}XY",
        given_name="Test",
        family_name=f"Man {index}",
        date_of_birth=born,
        establishment=rng.choice(establishments),
        reception_date=received,
        sentence_type=sentence_type,
        sentence_start_date=start,
        sed=sed,
        crd=crd,
        offence_category=rng.choice(["", "sexual", "violent", "other"]),
        rosh=rng.choice(["", "low", "medium", "high", "very_high"]),
        osp=rng.choice(["", "low", "high"]),
        oasys_completed_date=oasys,
        mappa_category=mappa,
        mappa_level=_maybe(rng, rng.choice([1, 2, 3])) if mappa else None,
        mappa_level_set_date=_maybe(rng, _day(rng, D(2023, 1, 1), D(2025, 3, 1))),
        accommodation_status=rng.choice(["", "settled", "temporary", "none", "cas3", "unknown"]),
        resettlement_transfer_exemption=rng.choice(["", "", "", "Lives nearby"]),
        maintains_innocence=rng.random() < 0.3,
        programme_status=rng.choice(
            ["none", "submitted", "not_suitable", *sorted(OFFENDING_BEHAVIOUR_WORK)]
        ),
        health_needs=rng.choice(["", "", "mental", "physical;substance", "social_care"]),
        ete_on_release=rng.choice(["", "yes", "no", "not_applicable"]),
        released_on=released,
        accommodation_on_release=(
            rng.choice(["", "settled", "temporary", "none", "cas3"]) if released else ""
        ),
        **dated,
    )


def _omu_work(rng: random.Random, establishments: list[Establishment]) -> None:
    """Offers, programme needs and the OMU's records, dated on and around month ends."""
    men = list(Prisoner.objects.all())
    programmes = {
        e.id: [
            Programme.objects.create(establishment=e, name=f"Programme {n}", places_per_year=p)
            for n, p in enumerate((12, 30))
        ]
        for e in establishments[:2]
    }
    poms: list[User] = [
        UserFactory.create(username=f"pom.tally.{n}", role="caseworker", establishments=[e.code])
        for n, e in enumerate([*establishments, establishments[0]])
    ]
    for man in men:
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            EngagementOffer.objects.create(
                prisoner=man,
                intervention="Group work",
                offered_on=_day(rng, D(2022, 6, 1), D(2025, 6, 1)),
                outcome="declined",
            )
        for programme in programmes.get(man.establishment_id, ())[: rng.choice((0, 0, 1, 2))]:
            assessed = _day(rng, D(2022, 6, 1), D(2025, 6, 1))
            started = _maybe(rng, assessed + dt.timedelta(days=rng.choice((0, 1, 30, 400))), 0.5)
            ProgrammeNeed.objects.create(
                programme=programme, prisoner=man, assessed_on=assessed, started_on=started
            )
    for establishment in establishments:
        for month in (D(2024, 1, 1), D(2024, 2, 1), D(2024, 6, 1), D(2025, 1, 1)):
            sample = QaSample.objects.create(
                establishment=establishment,
                month=month,
                seed=1,
                population=10,
                percent=10,
                size=5,
                due_on=D(2024, 1, 31),
                drawn_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
            )
            for man in rng.sample([m for m in men if m.establishment_id == establishment.id], 5):
                due = rng.choice(MONTH_ENDS)
                done = _maybe(rng, due + dt.timedelta(days=rng.choice((-3, 0, 1, 40))))
                review = QaReview.objects.create(
                    sample=sample,
                    prisoner=man,
                    assessment_completed_on=month,
                    due_on=due,
                    completed_on=done,
                )
                for _ in range(rng.choice((0, 1, 2))):
                    QaAnswer.objects.create(
                        review=review, item_text="Item", rating=rng.choice(["met", "not_met"])
                    )
        local = [p for p in poms if establishment in p.establishments.all()]
        for _ in range(12):
            SupervisionSession.objects.create(
                establishment=establishment,
                pom=local[0],
                supervisor=poms[-2] if local[0] != poms[-2] else poms[-1],
                held_on=_day(rng, D(2023, 10, 1), D(2025, 6, 1)),
            )
        for man in rng.sample([m for m in men if m.establishment_id == establishment.id], 20):
            due = _day(rng, D(2023, 10, 1), D(2025, 6, 1))
            ComReportRequest.objects.create(
                prisoner=man,
                kind="parole",
                requested_on=due - dt.timedelta(days=30),
                due_on=due,
                received_on=_maybe(rng, due + dt.timedelta(days=rng.choice((-1, 0, 1, 20)))),
            )


def _records() -> list[Any]:
    """Every OMU record as the catalogue's rows, read plainly."""
    records: list[Any] = [
        QaReviewRecord(
            r.sample.establishment_id,
            r.due_on,
            r.completed_on,
            None if not r.answers.exists() else not r.answers.filter(rating="not_met").exists(),
        )
        for r in QaReview.objects.select_related("sample")
    ]
    records += [
        SupervisionRecord(s.establishment_id, s.held_on) for s in SupervisionSession.objects.all()
    ]
    records += [
        ComReportRecord(r.prisoner.establishment_id, r.due_on, r.received_on, r.pdu)
        for r in ComReportRequest.objects.select_related("prisoner")
    ]
    return records


def _standing(establishment: Establishment) -> Standing:
    programmes = list(Programme.objects.filter(establishment=establishment, active=True))
    return Standing(
        establishment.programme_places,
        establishment.users.filter(role="caseworker", is_active=True).count(),
        sum(p.places_per_year for p in programmes) if programmes else None,
    )


@pytest.fixture
def random_population() -> tuple[list[dict[str, Any]], list[Any]]:
    establishments = list(Establishment.objects.filter(code__in=CODES))
    establishments[0].programme_places = 25
    establishments[0].save()
    rng = random.Random(20250101)
    Prisoner.objects.bulk_create(_man(rng, i, establishments) for i in range(400))
    _omu_work(rng, establishments)
    rows = selectors.metric_rows(Prisoner.objects.all())
    return [dict(zip(ROW_FIELDS, row, strict=True)) for row in rows], _records()


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_report_equals_the_plain_computation(random_population, period):
    population, records = random_population
    scope = selectors.scope_unscoped(CODES)
    report, comparison = selectors.national_report(scope, period)
    standing = Standing()
    for establishment in scope.establishments:
        standing += _standing(establishment)

    assert report.values == reference.compute(population, period, standing, records)
    assert [m.period for m in report.months] == period.monthly()
    for month in report.months:
        assert month.values == reference.compute(population, month.period, standing, records)
    assert selectors.metric_values(scope, period) == report.values

    by_code = {row.establishment.code: row for row in comparison}
    assert set(by_code) == set(CODES)
    for code, row in by_code.items():
        here = row.establishment.id
        rows = [r for r in population if r["establishment_id"] == here]
        mine = [r for r in records if r.establishment_id == here]
        local = _standing(row.establishment)
        expected = reference.compute(rows, period, local, mine)
        assert row.values == expected
        alone = selectors.metric_report(selectors.scope_unscoped([code]), period)
        assert alone.values == expected
        for month in alone.months:
            assert month.values == reference.compute(rows, month.period, local, mine)


@pytest.mark.django_db
def test_the_omu_figures_are_not_all_blank(random_population):
    report = selectors.metric_report(selectors.scope_unscoped(CODES), PERIODS[0])
    for code in (
        "innocence_without_offer_count",
        "programme_need_unmet_at_release_share",
        "programme_places_against_need",
        "qa_completed_on_time_share",
        "qa_meeting_standard_share",
        "supervision_sessions_per_pom_per_quarter",
        "com_reports_on_time_share",
    ):
        assert report.values[code], code


@pytest.mark.django_db
def test_an_empty_scope_has_figures_of_nobody():
    period = PERIODS[0]
    report = selectors.metric_report(selectors.scope_unscoped(["LTI"]), period)
    assert report.values == reference.compute([], period)
    assert all(m.values == reference.compute([], m.period) for m in report.months)
    assert selectors.establishment_comparison(selectors.scope_unscoped(), period) == []


def test_latest_birth_date_aged_50_agrees_with_age_on():
    births = [D(1974, 2, 28), D(1974, 3, 1), D(1976, 2, 29), D(1975, 12, 31), D(1976, 1, 1)]
    day = D(2023, 12, 1)
    while day <= D(2026, 3, 31):
        for born in births:
            assert (born <= latest_birth_date_aged_50(day)) == (age_on(born, day) >= 50), (
                born,
                day,
            )
        day += dt.timedelta(days=1)


def test_oasys_current_since_is_364_days_before():
    day = D(2025, 12, 31)
    assert oasys_current_since(day) == D(2025, 1, 1)  # 364 days before counts
    assert (day - oasys_current_since(day)).days == 364
