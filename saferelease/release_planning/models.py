"""Prisoner records for release planning. Deadlines are computed from the facts; the
results the summaries count are kept per man (``DeadlineResult``), derived and refreshed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from saferelease.core.concurrency import Versioned
from saferelease.deadlines import (
    RECORD_FACTS,
    RULES_BY_CODE,
    AccommodationStatus,
    LocalRule,
    MappaCategory,
    MappaLevel,
    OffenceCategory,
    Offset,
    PrisonerFacts,
    RiskLevel,
    SentenceType,
    facts_from_record,
)
from saferelease.deadlines.catalogue import FACTS_BY_NAME, KEY_DATES
from saferelease.deadlines.vocabularies import EteArranged, HealthNeed

PRISON_NUMBER_RE = r"^[A-Z][0-9]{4}[A-Z]{2}$"

# Named choice sets, shared by several fields (and named once in the OpenAPI schema).
RISK_CHOICES = RiskLevel.choices()
ACCOMMODATION_CHOICES = AccommodationStatus.choices()

#: Key dates from sentence calculation (changes to them are kept in KeyDateChange).
KEY_DATE_FIELDS = KEY_DATES
#: How screens name each key date.
KEY_DATE_LABELS = {name: FACTS_BY_NAME[name].label for name in KEY_DATES}


#: How a list of health needs is stored and written in the prisoner file.
HEALTH_NEEDS_SEPARATOR = ";"


def health_needs_from_text(text: str) -> str:
    """The stored form of a list of health needs: the values, each once, in the
    vocabulary's order, separated by ";" ("" for none). Accepts any order, spaces, hyphens
    and capitals ("Mental; social care"); raises ``ValueError`` naming a value that is not
    a health need."""
    allowed = {need.value for need in HealthNeed}
    given = set()
    for part in text.split(HEALTH_NEEDS_SEPARATOR):
        value = part.strip().lower().replace(" ", "_").replace("-", "_")
        if not value:
            continue
        if value not in allowed:
            listed = ", ".join(need.value for need in HealthNeed)
            raise ValueError(f"'{part.strip()}' is not a health need: use {listed}")
        given.add(value)
    return HEALTH_NEEDS_SEPARATOR.join(need.value for need in HealthNeed if need.value in given)


def health_need_labels(stored: str) -> list[str]:
    """The labels of a stored list of health needs ("Mental health")."""
    return [HealthNeed(value).label for value in stored.split(HEALTH_NEEDS_SEPARATOR) if value]


def validate_health_needs(value: str) -> None:
    """A stored list of health needs must be in the stored form (see
    :func:`health_needs_from_text`)."""
    try:
        normal = health_needs_from_text(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if normal != value:
        raise ValidationError(
            f"Write the health needs as {normal!r}: each once, in the order "
            + ", ".join(need.value for need in HealthNeed)
        )


class ProgrammeStatus(models.TextChoices):
    """Offending-behaviour programme referral states used by HMPPS, plus alternative work
    for men not eligible for an accredited programme (for example men in denial)."""

    NONE = "none", "No referral"
    SUBMITTED = "submitted", "Referral submitted"
    AWAITING_ASSESSMENT = "awaiting_assessment", "Awaiting assessment"
    ASSESSED_SUITABLE = "assessed_suitable", "Assessed suitable"
    SUITABLE_NOT_READY = "suitable_not_ready", "Suitable, not ready"
    ON_PROGRAMME = "on_programme", "On programme"
    COMPLETE = "complete", "Programme complete"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    DESELECTED = "deselected", "Deselected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ALTERNATIVE_WORK = "alternative_work", "Alternative offending-behaviour work"


#: Programme statuses that count as "any offending-behaviour work".
OFFENDING_BEHAVIOUR_WORK = frozenset(
    {ProgrammeStatus.ON_PROGRAMME, ProgrammeStatus.COMPLETE, ProgrammeStatus.ALTERNATIVE_WORK}
)
#: Programme statuses that count as needing a programme place.
PROGRAMME_NEED = frozenset(
    {
        ProgrammeStatus.SUBMITTED,
        ProgrammeStatus.AWAITING_ASSESSMENT,
        ProgrammeStatus.ASSESSED_SUITABLE,
        ProgrammeStatus.SUITABLE_NOT_READY,
        ProgrammeStatus.ON_PROGRAMME,
    }
)


#: Held at his establishment: neither released nor transferred out (a man the Prisoner
#: Search sync no longer finds at his prison is kept, marked transferred out).
HELD = models.Q(released_on__isnull=True, transferred_out_on__isnull=True)


class PrisonerQuerySet(models.QuerySet["Prisoner"]):
    def in_custody(self) -> PrisonerQuerySet:
        return self.filter(HELD)

    def released_between(self, start: dt.date, end: dt.date) -> PrisonerQuerySet:
        return self.filter(released_on__gte=start, released_on__lte=end)


class Prisoner(Versioned):
    prison_number = models.CharField(
        max_length=7,
        unique=True,
        validators=[RegexValidator(PRISON_NUMBER_RE, "Enter a prison number like A1234BC")],
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="prisoners"
    )
    reception_date = models.DateField()
    sentence_type = models.CharField(max_length=16, choices=SentenceType.choices())
    sentence_start_date = models.DateField(null=True, blank=True)
    # Key dates from sentence calculation: stored, never recalculated.
    sed = models.DateField("SED", null=True, blank=True)
    led = models.DateField("LED", null=True, blank=True)
    crd = models.DateField("CRD", null=True, blank=True)
    ard = models.DateField("ARD", null=True, blank=True)
    ped = models.DateField("PED", null=True, blank=True)
    hdced = models.DateField("HDCED", null=True, blank=True)
    ted = models.DateField("TED", null=True, blank=True)
    thd = models.DateField("THD", null=True, blank=True)
    tused = models.DateField("TUSED", null=True, blank=True)
    confirmed_release_date = models.DateField(null=True, blank=True)
    # Risk and public protection.
    offence_category = models.CharField(
        max_length=16, choices=OffenceCategory.choices(), blank=True
    )
    rosh = models.CharField("RoSH", max_length=16, choices=RISK_CHOICES, blank=True)
    osp = models.CharField("OSP", max_length=16, choices=RISK_CHOICES, blank=True)
    oasys_completed_date = models.DateField("OASys last completed", null=True, blank=True)
    mappa_category = models.PositiveSmallIntegerField(
        choices=MappaCategory.choices(), null=True, blank=True
    )
    mappa_level = models.PositiveSmallIntegerField(
        choices=MappaLevel.choices(), null=True, blank=True
    )
    mappa_level_set_date = models.DateField(null=True, blank=True)
    irmt_review_date = models.DateField("IRMT review", null=True, blank=True)
    # Community offender manager.
    com_allocated_date = models.DateField("COM allocated", null=True, blank=True)
    com_name = models.CharField("COM name", max_length=200, blank=True)
    com_team = models.CharField("COM team", max_length=200, blank=True)
    # Accommodation and resettlement.
    accommodation_status = models.CharField(
        max_length=20, choices=ACCOMMODATION_CHOICES, blank=True
    )
    accommodation_confirmed_date = models.DateField(
        "Release address confirmed", null=True, blank=True
    )
    ap_application_date = models.DateField("Approved premises application", null=True, blank=True)
    duty_to_refer_date = models.DateField("Duty to refer", null=True, blank=True)
    resettlement_plan_date = models.DateField("Resettlement plan", null=True, blank=True)
    resettlement_transfer_date = models.DateField("Resettlement transfer", null=True, blank=True)
    resettlement_transfer_exemption = models.CharField(
        "Resettlement transfer exemption reason", max_length=300, blank=True
    )
    licence_approved_date = models.DateField("Licence approved", null=True, blank=True)
    maintains_innocence = models.BooleanField(default=False)
    programme_status = models.CharField(
        max_length=24, choices=ProgrammeStatus.choices, default=ProgrammeStatus.NONE
    )
    # Health and care needs continuing after release, and the discharge plan for them.
    health_needs = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_health_needs],
        help_text="Any of physical, mental, substance, social_care, separated by ';'",
    )
    discharge_plan_date = models.DateField("Health discharge plan", null=True, blank=True)
    # Work on release: careers advice, and employment, training or education arranged.
    careers_advice_date = models.DateField("Careers advice", null=True, blank=True)
    ete_on_release = models.CharField(
        "ETE arranged at release", max_length=16, choices=EteArranged.choices(), blank=True
    )
    pom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        verbose_name="POM",
    )
    most_serious_offence = models.CharField(max_length=200, blank=True)
    # Outcome: kept after release so outcomes can be measured.
    released_on = models.DateField(null=True, blank=True)
    accommodation_on_release = models.CharField(
        max_length=20, choices=ACCOMMODATION_CHOICES, blank=True
    )
    transferred_out_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrisonerQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "prison_number"]
        indexes = [
            models.Index(fields=["establishment", "released_on"]),
            models.Index(fields=["pom", "released_on"]),
            models.Index(fields=["released_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mappa_category__isnull=True)
                | models.Q(mappa_category__in=[1, 2, 3]),
                name="prisoner_mappa_category_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(mappa_level__isnull=True) | models.Q(mappa_level__in=[1, 2, 3]),
                name="prisoner_mappa_level_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prison_number} {self.family_name.upper()}, {self.given_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def in_custody(self) -> bool:
        return self.released_on is None and self.transferred_out_on is None

    @property
    def health_needs_display(self) -> str:
        """ "Mental health, substance misuse", or "" for none."""
        return ", ".join(health_need_labels(self.health_needs))

    def facts(self) -> PrisonerFacts:
        """The facts the deadline engine needs (reads the establishment's designation)."""
        return facts_from_record(
            {name: getattr(self, name) for name in RECORD_FACTS},
            in_resettlement_prison=self.establishment.designated_resettlement,
        )


class KeyDateChange(models.Model):
    """History of key-date changes (append-only, written by services)."""

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="key_date_changes"
    )
    field = models.CharField(max_length=32)
    old_value = models.DateField(null=True, blank=True)
    new_value = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=16, help_text="web, api, cli or import")

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prisoner_id} {self.field}: {self.old_value} → {self.new_value}"

    @property
    def label(self) -> str:
        return KEY_DATE_LABELS.get(self.field, self.field)


class NotificationLog(models.Model):
    """One digest per POM per day: makes `saferelease notify` idempotent for a day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    for_date = models.DateField()
    sent_at = models.DateTimeField()
    item_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "for_date"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.for_date}"


class SyncOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class PrisonerSyncRun(models.Model):
    """One run of the Prisoner Search sync for one establishment (append-only, written by
    ``prisoner_sync.service``): when, what it found and changed, or why it failed."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="sync_runs"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    dry_run = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16, choices=SyncOutcome.choices)
    records = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    moved = models.PositiveIntegerField(
        default=0, help_text="Moved in from another establishment, transferred out or released"
    )
    unchanged = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["establishment", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def succeeded(self) -> bool:
        return self.outcome == SyncOutcome.SUCCEEDED


class RuleSetting(Versioned, models.Model):
    """An establishment's setting of one deadline rule: switched off, or another offset
    before the ERD, with the reason (a local-default rule, or one that applies only where
    the establishment says so: ``saferelease.deadlines.settings``). Written by
    ``services.rule_setting_save`` (the governor), versioned and audited; read by the
    engine as :class:`~saferelease.deadlines.LocalRule` (``local_rule``)."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="rule_settings"
    )
    rule_code = models.CharField(max_length=64)
    switched_off = models.BooleanField(default=False)
    offset_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months before the ERD (with offset_days)"
    )
    offset_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days before the ERD, after the months"
    )
    reason = models.TextField(max_length=500)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["establishment_id", "rule_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "rule_code"], name="one_setting_per_rule_per_prison"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} at {self.establishment_id}"

    @property
    def changes_offset(self) -> bool:
        return bool(self.offset_months or self.offset_days)

    @property
    def is_default(self) -> bool:
        """Neither switched off nor another offset: the rule as declared."""
        return not self.switched_off and not self.changes_offset

    def offset(self) -> Offset | None:
        """The establishment's offset before the ERD, or None."""
        if not self.changes_offset:
            return None
        return Offset(months=self.offset_months or 0, days=self.offset_days or 0)

    def local_rule(self, establishment_name: str) -> LocalRule | None:
        """What the engine takes (None when the rule is as declared)."""
        if self.is_default:
            return None
        rule = RULES_BY_CODE.get(self.rule_code)
        if rule is None:  # a rule since removed: nothing to change
            return None
        if self.switched_off:
            if rule.local_condition:
                words = f"{establishment_name} does not expect this: {self.reason}"
            else:
                words = f"switched off at {establishment_name}: {self.reason}"
            return LocalRule(True, None, words)
        return LocalRule(False, self.offset(), f"{establishment_name}'s setting: {self.reason}")


class DeadlineResult(models.Model):
    """One rule's result for one man in custody, evaluated at ``as_of``: the stored
    results the deadline summaries count (``selectors_results``). Derived from the
    prisoner's facts and his establishment's settings by the engine, never edited: written
    only by ``services_results`` (a prisoner's write, an import or sync, a rule setting, the
    daily rebuild and ``saferelease deadline_results``), and deleted with the prisoner.
    See docs/adr/0016-stored-deadline-results.md."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="+")
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="+"
    )
    rule_code = models.CharField(max_length=64)
    status = models.CharField(max_length=16)
    due_date = models.DateField(null=True)
    completed_date = models.DateField(null=True)
    as_of = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner", "rule_code"], name="one_result_per_rule_per_prisoner"
            )
        ]
        indexes = [models.Index(fields=["establishment", "rule_code", "status"])]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.status} for {self.prisoner_id} at {self.as_of}"


class DeadlineResultsDate(models.Model):
    """The date an establishment's stored deadline results are evaluated at. With a row,
    every man in custody there has one :class:`DeadlineResult` per rule at this date (kept
    so by ``services_results``); without one, nothing is stored for it and summaries
    evaluate its men live."""

    establishment = models.OneToOneField(
        "establishments.Establishment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    as_of = models.DateField()

    def __str__(self) -> str:
        return f"{self.establishment_id} results at {self.as_of}"
