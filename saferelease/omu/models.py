"""The offender management unit's own work: requests for reports from community offender
managers (COM report requests), quality assurance of OASys assessments and POM supervision.
Prisoners' facts stay in ``release_planning``."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from saferelease.core.concurrency import Versioned


class ComReportKind(models.TextChoices):
    PRE_RELEASE = "pre_release", "Pre-release report"
    PAROLE = "parole", "Parole report"
    RISK_MANAGEMENT_PLAN = "risk_management_plan", "Risk management plan"
    OTHER = "other", "Other"


class ComReportRequest(Versioned):
    """A report the OMU asked a community offender manager for, with its due date; whether
    it arrived, when, and whether its quality was acceptable. ``pdu`` is the probation
    delivery unit the COM works in (free text, as the record names it)."""

    prisoner = models.ForeignKey(
        "release_planning.Prisoner", on_delete=models.CASCADE, related_name="com_report_requests"
    )
    kind = models.CharField("Report", max_length=24, choices=ComReportKind.choices)
    kind_other = models.CharField("Other report", max_length=200, blank=True)
    pdu = models.CharField("Probation delivery unit", max_length=200, blank=True)
    requested_on = models.DateField("Requested")
    due_on = models.DateField("Due")
    received_on = models.DateField("Received", null=True, blank=True)
    quality_acceptable = models.BooleanField("Quality acceptable", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="com_report_due_on_or_after_request",
            ),
            models.CheckConstraint(
                condition=models.Q(received_on__isnull=True)
                | models.Q(received_on__gte=models.F("requested_on")),
                name="com_report_received_on_or_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} for {self.prisoner.prison_number}, due {self.due_on.isoformat()}"

    @property
    def kind_label(self) -> str:
        if self.kind == ComReportKind.OTHER and self.kind_other:
            return self.kind_other
        return str(ComReportKind(self.kind).label) if self.kind else ""


# --- Quality assurance of offender management (recommendation 5.50) ----------------------


class OmuSettings(Versioned):
    """An establishment's settings for the OMU's own work: the share of last month's OASys
    assessments sampled for quality assurance, and which POMs are senior POMs (reviewers
    with the head of OMU)."""

    establishment = models.OneToOneField(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="omu_settings"
    )
    qa_sample_percent = models.PositiveSmallIntegerField(
        "Share of OASys assessments sampled each month (%)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    senior_poms = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="senior_pom_at",
        verbose_name="Senior POMs",
    )

    class Meta:
        verbose_name_plural = "OMU settings"

    def __str__(self) -> str:
        return f"OMU settings for {self.establishment.code}"


class QaChecklistItem(models.Model):
    """One question of an establishment's QA checklist (the establishment manages them)."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="qa_checklist"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["establishment", "position", "id"]

    def __str__(self) -> str:
        return self.text


class QaSample(models.Model):
    """The sample of one month's OASys assessments at an establishment: drawn once, with
    its seed, so anyone can draw it again from the same population and get the same men."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="qa_samples"
    )
    month = models.DateField(help_text="The first day of the month whose assessments it samples")
    seed = models.BigIntegerField()
    population = models.PositiveIntegerField(help_text="Assessments completed in the month")
    percent = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField()
    due_on = models.DateField()
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "establishment"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "month"], name="one_qa_sample_a_month")
        ]

    def __str__(self) -> str:
        return f"QA sample {self.establishment.code} {self.month:%Y-%m}"


class QaRating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class QaReview(Versioned):
    """One sampled OASys assessment, its author, its reviewer (never its author) and when
    the review is due and was completed."""

    sample = models.ForeignKey(QaSample, on_delete=models.CASCADE, related_name="reviews")
    prisoner = models.ForeignKey(
        "release_planning.Prisoner", on_delete=models.CASCADE, related_name="qa_reviews"
    )
    assessment_completed_on = models.DateField("OASys completed")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qa_reviews_to_do",
    )
    due_on = models.DateField("Due")
    completed_on = models.DateField("Completed", null=True, blank=True)
    summary = models.TextField("Overall comments", blank=True, max_length=2000)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "prisoner"], name="one_review_per_man"),
            models.CheckConstraint(
                condition=models.Q(reviewer__isnull=True)
                | models.Q(author__isnull=True)
                | ~models.Q(reviewer=models.F("author")),
                name="qa_reviewer_is_not_the_author",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"QA review of {self.prisoner.prison_number}'s OASys ({self.assessment_completed_on})"
        )


class QaAnswer(models.Model):
    """A reviewer's rating of one checklist item (the item's words kept as asked)."""

    review = models.ForeignKey(QaReview, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(QaChecklistItem, null=True, on_delete=models.SET_NULL)
    item_text = models.CharField(max_length=300)
    rating = models.CharField(max_length=12, choices=QaRating.choices)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item_text}: {self.rating}"


class SupervisionSession(Versioned):
    """A POM's professional supervision session."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    pom = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_given"
    )
    held_on = models.DateField("Date")
    notes = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(pom=models.F("supervisor")), name="supervisor_is_not_the_pom"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.pom_id} on {self.held_on.isoformat()}"


# --- Programmes and men maintaining innocence (recommendation 5.57) ----------------------


class Programme(models.Model):
    """An offending-behaviour programme an establishment runs, with its places a year."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    places_per_year = models.PositiveIntegerField("Places a year")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["establishment", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name"], name="one_programme_name_per_establishment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.establishment.code})"


class ProgrammeNeed(Versioned):
    """A man assessed as needing a programme; ``started_on`` once he starts it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="needs")
    prisoner = models.ForeignKey(
        "release_planning.Prisoner", on_delete=models.CASCADE, related_name="programme_needs"
    )
    assessed_on = models.DateField("Assessed as needing it")
    started_on = models.DateField("Started", null=True, blank=True)

    class Meta:
        ordering = ["programme", "assessed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "prisoner"], name="one_need_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.prisoner.prison_number} needs {self.programme.name}"


class EngagementOutcome(models.TextChoices):
    TAKEN_UP = "taken_up", "Taken up"
    DECLINED = "declined", "Declined"


class EngagementOffer(Versioned):
    """Work offered to a man maintaining innocence (or below a programme's threshold)."""

    prisoner = models.ForeignKey(
        "release_planning.Prisoner", on_delete=models.CASCADE, related_name="engagement_offers"
    )
    intervention = models.CharField("Intervention offered", max_length=200)
    offered_on = models.DateField("Date offered")
    outcome = models.CharField(max_length=12, choices=EngagementOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.intervention} offered to {self.prisoner.prison_number}"
