"""Factories for inspections, plans and recommendations. Every person is fictional."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from saferelease.actionplans.models import (
    ActionPlan,
    Inspection,
    InspectionKind,
    Judgement,
    JudgementKind,
    OwnerLine,
    ProgressUpdate,
    Recommendation,
)
from saferelease.establishments.models import Establishment


class InspectionFactory(factory.django.DjangoModelFactory[Inspection]):
    class Meta:
        model = Inspection

    establishment = factory.LazyFunction(lambda: Establishment.objects.get(code="LTI"))
    kind = InspectionKind.FULL_UNANNOUNCED
    start_date = factory.Sequence(lambda n: dt.date(2015, 3, 2) + dt.timedelta(days=400 * n))
    end_date = factory.LazyAttribute(lambda i: i.start_date + dt.timedelta(days=11))
    report_published = factory.LazyAttribute(lambda i: i.start_date + dt.timedelta(days=150))


class ActionPlanFactory(factory.django.DjangoModelFactory[ActionPlan]):
    class Meta:
        model = ActionPlan

    inspection = factory.SubFactory(InspectionFactory)
    submitted = factory.LazyAttribute(lambda p: p.inspection.start_date + dt.timedelta(days=228))
    format = "csv"
    source_file = factory.django.FileField(filename="plan.csv", data=b"ref,text\n")
    source_filename = "plan.csv"
    source_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    reconciliation = factory.LazyFunction(lambda: {"consistent": True, "differences": []})
    document = factory.LazyFunction(lambda: {"items": []})
    imported_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2015, 10, 20, 9, 0)))


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation

    action_plan = factory.SubFactory(ActionPlanFactory)
    inspection = factory.SelfAttribute("action_plan.inspection")
    ref = factory.Sequence(lambda n: f"5.{n + 1}")
    kind = "recommendation"
    addressee = "the governor"
    area = "Safer custody"
    text = factory.Sequence(
        lambda n: f"Fictional recommendation number {n} about a distinct topic {n * 7}."
    )
    decision = "accepted"
    decision_as_written = "Accepted"
    response = "A fictional response."
    position = factory.Sequence(lambda n: n)


class OwnerLineFactory(factory.django.DjangoModelFactory[OwnerLine]):
    class Meta:
        model = OwnerLine

    recommendation = factory.SubFactory(RecommendationFactory)
    function = "Head of Safer Custody"
    target_date = dt.date(2016, 3, 31)
    target_as_written = "31 March 2016"


class ProgressUpdateFactory(factory.django.DjangoModelFactory[ProgressUpdate]):
    class Meta:
        model = ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    date = dt.date(2016, 1, 15)
    status = "in_progress"
    narrative = "Fictional progress narrative."
    created_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2016, 1, 15, 9)))


class JudgementFactory(factory.django.DjangoModelFactory[Judgement]):
    class Meta:
        model = Judgement

    recommendation = factory.SubFactory(RecommendationFactory)
    kind = JudgementKind.FOLLOW_UP_INSPECTION
    outcome = "achieved"
    date = dt.date(2019, 3, 15)
    created_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2019, 3, 15, 9)))
