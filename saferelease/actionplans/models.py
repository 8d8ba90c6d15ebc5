"""Inspections, action plans and recommendations, tracked to verified change.

An Inspection (at one establishment) has at most one ActionPlan; a revised plan for the same
inspection updates it in place (recommendations matched by ref). Each Recommendation has
owner lines (function and target), progress updates with evidence, a target-date change
log, independent judgements by inspectors, links to earlier recommendations it repeats,
and links to public-protection metric codes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db import models

from saferelease.actionplans import rules
from saferelease.core.concurrency import Versioned


class InspectionKind(models.TextChoices):
    FULL_ANNOUNCED = "full_announced", "Full announced inspection"
    FULL_UNANNOUNCED = "full_unannounced", "Full unannounced inspection"
    INDEPENDENT_REVIEW_OF_PROGRESS = (
        "independent_review_of_progress",
        "Independent review of progress",
    )
    OTHER = "other", "Other inspection"
    NOT_STATED = "not_stated", "Kind not stated"


class HealthyPrisonGrade(models.IntegerChoices):
    POOR = 1, "1 – poor"
    NOT_SUFFICIENTLY_GOOD = 2, "2 – not sufficiently good"
    REASONABLY_GOOD = 3, "3 – reasonably good"
    GOOD = 4, "4 – good"


class RecommendationKind(models.TextChoices):
    MAIN_RECOMMENDATION = "main_recommendation", "Main recommendation"
    RECOMMENDATION = "recommendation", "Recommendation"
    HOUSEKEEPING = "housekeeping", "Housekeeping point"
    KEY_CONCERN = "key_concern", "Key concern"
    COMMITMENT = "commitment", "Commitment in reply to an urgent notification"


class PlanMatch(models.TextChoices):
    """How a recommendation in the report was found again in the action plan."""

    REF = "ref", "By reference"
    TEXT = "text", "By similar text"


class Decision(models.TextChoices):
    ACCEPTED = rules.ACCEPTED, "Accepted"
    PARTIALLY_ACCEPTED = rules.PARTIALLY_ACCEPTED, "Partially accepted"
    SUBJECT_TO_RESOURCES = rules.SUBJECT_TO_RESOURCES, "Accepted subject to resources"
    REJECTED = rules.REJECTED, "Rejected"


class ProgressStatus(models.TextChoices):
    """What a prison says about its own progress."""

    NOT_STARTED = rules.NOT_STARTED, "Not started"
    IN_PROGRESS = rules.IN_PROGRESS, "In progress"
    COMPLETE = rules.COMPLETE, "Complete"


#: Self-reported status including "no update yet" (derived, never stored).
STATUS_LABELS: dict[str, str] = {
    rules.NOT_REPORTED: "No update yet",
    **{value: str(label) for value, label in ProgressStatus.choices},
}


class JudgementKind(models.TextChoices):
    FOLLOW_UP_INSPECTION = "follow_up_inspection", "At a later inspection"
    REVIEW_OF_PROGRESS = "review_of_progress", "At an independent review of progress"


class JudgementOutcome(models.TextChoices):
    ACHIEVED = rules.ACHIEVED, "Achieved"
    PARTIALLY_ACHIEVED = "partially_achieved", "Partially achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    NO_MEANINGFUL_PROGRESS = "no_meaningful_progress", "No meaningful progress"
    INSUFFICIENT_PROGRESS = "insufficient_progress", "Insufficient progress"
    REASONABLE_PROGRESS = "reasonable_progress", "Reasonable progress"
    GOOD_PROGRESS = "good_progress", "Good progress"


#: Which outcomes belong to which kind of judgement (HMIP's two scales).
OUTCOMES_BY_KIND: dict[str, frozenset[str]] = {
    JudgementKind.FOLLOW_UP_INSPECTION: frozenset(
        {
            JudgementOutcome.ACHIEVED,
            JudgementOutcome.PARTIALLY_ACHIEVED,
            JudgementOutcome.NOT_ACHIEVED,
        }
    ),
    JudgementKind.REVIEW_OF_PROGRESS: frozenset(
        {
            JudgementOutcome.NO_MEANINGFUL_PROGRESS,
            JudgementOutcome.INSUFFICIENT_PROGRESS,
            JudgementOutcome.REASONABLE_PROGRESS,
            JudgementOutcome.GOOD_PROGRESS,
        }
    ),
}


class LinkKind(models.TextChoices):
    EXPLICIT = "explicit", "Repeated recommendation (stated in the report)"
    SIMILAR = "similar", "Similar text"


def _grade_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=HealthyPrisonGrade.choices, null=True, blank=True
    )


class Inspection(Versioned):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(
        max_length=40, choices=InspectionKind.choices, default=InspectionKind.NOT_STATED
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    report_published = models.DateField(null=True, blank=True)
    grade_safety = _grade_field("Safety")
    grade_respect = _grade_field("Respect")
    grade_purposeful_activity = _grade_field("Purposeful activity")
    grade_rehabilitation_release_planning = _grade_field("Rehabilitation and release planning")

    class Meta:
        ordering = ["establishment__name", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "start_date"], name="actionplans_one_inspection_a_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="actionplans_inspection_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment.name}: {self.get_kind_display()} from {self.start_date}"

    GRADE_FIELDS = (
        "grade_safety",
        "grade_respect",
        "grade_purposeful_activity",
        "grade_rehabilitation_release_planning",
    )

    @property
    def action_plan_or_none(self) -> ActionPlan | None:
        """The plan answering this inspection, if one is held."""
        try:
            return self.action_plan
        except ObjectDoesNotExist:
            return None

    @property
    def grades(self) -> dict[str, int | None]:
        return {name.removeprefix("grade_"): getattr(self, name) for name in self.GRADE_FIELDS}

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})
        if self.report_published and self.start_date and self.report_published < self.start_date:
            raise ValidationError(
                {"report_published": "The report cannot be published before the inspection"}
            )


class ActionPlan(models.Model):
    """The prison's action plan for one inspection; `document` is the last imported parse."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="action_plan"
    )
    submitted = models.DateField(null=True, blank=True)
    position_as_at = models.CharField(max_length=100, blank=True)
    format = models.CharField(max_length=20)
    source_file = models.FileField(upload_to="actionplans/sources/%Y/")
    source_filename = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    establishment_as_written = models.CharField(max_length=200, blank=True)
    stated_summary = models.JSONField(null=True, blank=True)
    reconciliation = models.JSONField(default=dict)
    document = models.JSONField(default=dict, help_text="The parsed document (the contract)")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-inspection__start_date"]

    def __str__(self) -> str:
        return f"Action plan: {self.inspection}"

    @property
    def establishment_code(self) -> str:
        return self.inspection.establishment.code

    @property
    def is_current(self) -> bool:
        """No later inspection at the establishment has a plan (SP1). Read from the
        annotation `selectors.action_plan_list` adds; a plan read otherwise counts as
        current."""
        return getattr(self, "superseded_by_plan_id", None) is None

    @property
    def differences(self) -> list[str]:
        return list((self.reconciliation or {}).get("differences", []))


class InspectionReport(models.Model):
    """The inspection report as imported: its file and what was read from it."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="report")
    format = models.CharField(max_length=20)
    source_file = models.FileField(upload_to="actionplans/reports/%Y/")
    source_filename = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    establishment_as_written = models.CharField(max_length=200, blank=True)
    document = models.JSONField(default=dict, help_text="The parsed report")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-inspection__start_date"]

    def __str__(self) -> str:
        return f"Report: {self.inspection}"


class ReviewOfProgress(models.Model):
    """An Independent Review of Progress: inspectors return 8 to 12 months after the report
    and judge each recommendation they follow up (the judgements point here)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="reviews")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    published = models.DateField(null=True, blank=True)
    inspectors = models.TextField(help_text="The inspectors' names, one a line")
    summary = models.TextField(blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "start_date"], name="actionplans_one_review_a_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="actionplans_review_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of progress at {self.inspection.establishment.name} from {self.start_date}"

    @property
    def inspector_names(self) -> list[str]:
        return [name.strip() for name in self.inspectors.splitlines() if name.strip()]

    @property
    def judged_on(self) -> dt.date:
        return self.end_date or self.start_date

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})
        if self.start_date and self.inspection_id and self.start_date <= self.inspection.start_date:
            raise ValidationError(
                {"start_date": "A review of progress comes after the inspection it follows up"}
            )
        if not self.inspectors.strip():
            raise ValidationError({"inspectors": "Enter the inspectors' names"})


class UrgentNotification(models.Model):
    """The Chief Inspector's Urgent Notification to the Secretary of State after an
    inspection, and the public response to it (its commitments are recommendations)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="urgent_notifications"
    )
    issued_on = models.DateField(help_text="The date of the Chief Inspector's letter")
    concerns = models.TextField(help_text="The concerns, one a paragraph")
    response_published_on = models.DateField(null=True, blank=True)
    response_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "issued_on"], name="actionplans_one_notification_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Urgent notification: {self.inspection.establishment.name}, {self.issued_on}"

    @property
    def concern_list(self) -> list[str]:
        return [part.strip() for part in self.concerns.split("\n\n") if part.strip()]

    def clean(self) -> None:
        if not self.concerns.strip():
            raise ValidationError({"concerns": "Enter the concerns the notification raises"})
        if self.issued_on and self.inspection_id and self.issued_on < self.inspection.start_date:
            raise ValidationError(
                {"issued_on": "A notification is issued after the inspection begins"}
            )
        if (
            self.response_published_on
            and self.issued_on
            and self.response_published_on < self.issued_on
        ):
            raise ValidationError(
                {"response_published_on": "The response comes after the notification"}
            )


class Recommendation(Versioned):
    """One recommendation of one inspection, from the report and the action plan alike.

    A recommendation read from the inspection report has ``in_report`` and keeps the report's
    reference and words (``report_ref``, ``report_text``); the prison's action plan answers
    it on the same record (``action_plan``, ``text`` as the plan words it, the decision and
    the response). A report's recommendation that no plan answers has no ``action_plan``; a
    plan's item that no report lists has ``in_report`` False.
    """

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations"
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="recommendations",
        null=True,
        blank=True,
        help_text="Empty while no action plan answers the recommendation",
    )
    ref = models.CharField(max_length=20)
    kind = models.CharField(max_length=24, choices=RecommendationKind.choices)
    addressee = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    paragraph_refs = models.JSONField(default=list, blank=True)
    repeats = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=40, choices=Decision.choices, blank=True)
    decision_as_written = models.CharField(max_length=100, blank=True)
    response = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    decide_by = models.DateField(
        null=True,
        blank=True,
        help_text="Partial or subject-to-resources decision: when the open part must be decided",
    )
    open_part_resolved_on = models.DateField(null=True, blank=True)
    open_part_resolution = models.TextField(blank=True)
    in_current_plan = models.BooleanField(
        default=True,
        help_text="False once a revised plan no longer lists it (or while no plan answers "
        "it); its history is kept",
    )
    in_report = models.BooleanField(
        default=False, help_text="The inspection report lists this recommendation"
    )
    report_ref = models.CharField(max_length=20, blank=True)
    report_text = models.TextField(blank=True, help_text="The words of the report")
    concern = models.TextField(blank=True, help_text="The key concern it answers (since 2022)")
    priority = models.BooleanField(default=False, help_text="A priority concern (since 2022)")
    urgent_notification = models.ForeignKey(
        UrgentNotification,
        on_delete=models.PROTECT,
        related_name="commitments",
        null=True,
        blank=True,
        help_text="A commitment made in the response to this urgent notification",
    )
    plan_match = models.CharField(max_length=10, choices=PlanMatch.choices, blank=True)
    plan_match_score = models.FloatField(
        null=True, blank=True, help_text="Similarity of the plan's words to the report's, 0-100"
    )

    class Meta:
        ordering = ["inspection", "action_plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "ref"], name="actionplans_one_recommendation_a_ref"
            ),
            models.UniqueConstraint(
                fields=["inspection", "report_ref"],
                condition=~models.Q(report_ref=""),
                name="actionplans_one_report_recommendation_a_ref",
            ),
            models.UniqueConstraint(
                fields=["urgent_notification", "ref"],
                condition=models.Q(urgent_notification__isnull=False),
                name="actionplans_one_commitment_a_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.ref}"

    @property
    def in_plan(self) -> bool:
        return self.action_plan_id is not None

    @property
    def reworded(self) -> bool:
        """The plan words a recommendation of the report differently."""
        return (
            self.in_report
            and self.in_plan
            and bool(self.report_text)
            and " ".join(self.report_text.split()).lower() != " ".join(self.text.split()).lower()
        )

    def clean(self) -> None:
        if self.action_plan is not None and self.inspection_id != self.action_plan.inspection_id:
            raise ValidationError({"action_plan": "The plan answers another inspection"})
        if self.action_plan_id is not None and not self.decision:
            raise ValidationError({"decision": "A recommendation in a plan has a decision"})
        if self.open_part_resolved_on and not self.open_part_resolution.strip():
            raise ValidationError(
                {"open_part_resolution": "Enter what was decided about the open part"}
            )


class OwnerLine(Versioned):
    """One responsible function and its target, as the plan states it (a date or a status)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="owner_lines"
    )
    position = models.PositiveIntegerField(default=0)
    function = models.CharField(max_length=300, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_as_written = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["recommendation", "position", "id"]

    def __str__(self) -> str:
        return f"{self.function or 'No owner named'} ({self.target_as_written or 'no target'})"


class ProgressUpdate(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="progress_updates"
    )
    date = models.DateField()
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    narrative = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Progress on {self.recommendation.ref}: {self.get_status_display()} ({self.date})"


class EvidenceFile(models.Model):
    progress_update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(upload_to="actionplans/evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class TargetDateChange(models.Model):
    """The change log of targets; the owner line may later go (a revised plan), the log stays."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="target_changes"
    )
    owner_line = models.ForeignKey(
        OwnerLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    function = models.CharField(max_length=300, blank=True)
    old_date = models.DateField(null=True, blank=True)
    old_as_written = models.CharField(max_length=200, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Target for {self.function}: {self.old_date} → {self.new_date}"

    def clean(self) -> None:
        if not self.reason.strip():
            raise ValidationError({"reason": "Enter the reason for changing the target date"})


class Judgement(models.Model):
    """An inspector's independent judgement of a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="judgements"
    )
    kind = models.CharField(max_length=30, choices=JudgementKind.choices)
    outcome = models.CharField(max_length=30, choices=JudgementOutcome.choices)
    date = models.DateField()
    notes = models.TextField(blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review = models.ForeignKey(
        ReviewOfProgress,
        on_delete=models.PROTECT,
        related_name="judgements",
        null=True,
        blank=True,
        help_text="The review of progress this judgement was made at",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "recommendation"],
                condition=models.Q(review__isnull=False),
                name="actionplans_one_judgement_a_review",
            )
        ]

    def __str__(self) -> str:
        return f"Judgement on {self.recommendation.ref}: {self.get_outcome_display()}"

    def clean(self) -> None:
        if self.kind in OUTCOMES_BY_KIND and self.outcome not in OUTCOMES_BY_KIND[self.kind]:
            allowed = ", ".join(
                str(label).lower()
                for value, label in JudgementOutcome.choices
                if value in OUTCOMES_BY_KIND[self.kind]
            )
            raise ValidationError(
                {"outcome": f"{self.get_kind_display()} the judgement is one of: {allowed}"}
            )


class RecommendationLink(models.Model):
    """`recommendation` repeats `earlier` (a recommendation of an earlier inspection)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="links_to_earlier"
    )
    earlier = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="links_from_later"
    )
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    ref_as_written = models.CharField(max_length=20, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="Text similarity, 0 to 100")

    class Meta:
        ordering = ["kind", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "earlier"], name="actionplans_one_link_a_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} repeats {self.earlier} ({self.kind})"


METRIC_CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{1,62}$",
    "A metric code is lower-case letters, digits and underscores, for example oasys_current_share",
)


class RecommendationMetric(models.Model):
    """A public-protection metric that should show whether the recommendation changed anything."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="metrics"
    )
    metric_code = models.CharField(max_length=64, validators=[METRIC_CODE_VALIDATOR])
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["metric_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "metric_code"], name="actionplans_one_metric_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.ref} → {self.metric_code}"


class OwnerFunction(Versioned):
    """A responsible function by one canonical name ("Head of OMU"). Owner lines whose
    function is the name or one of its aliases are grouped and counted under it; the line
    keeps its words as written (docs/actionplans.md, "Owner functions and aliases")."""

    name = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        if not self.name:
            raise ValidationError({"name": "Enter the function's name"})


class OwnerAlias(models.Model):
    """Another way plans write a function ("Head of Offender Management Unit (OMU)")."""

    function = models.ForeignKey(OwnerFunction, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    key = models.CharField(
        max_length=300,
        unique=True,
        editable=False,
        help_text="The alias as matched (OF1)",
        error_messages={"blank": "Enter the alias with at least one letter or digit"},
    )

    class Meta:
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.function.name}"

    def clean(self) -> None:
        self.alias = " ".join(self.alias.split())
        self.key = rules.owner_key(self.alias)
