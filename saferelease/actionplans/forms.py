"""Forms for the action-plan pages. They check input shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from saferelease.actionplans.evidence import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_TEXT,
    MAX_EVIDENCE_FILES,
    evidence_problem,
)
from saferelease.actionplans.models import (
    OUTCOMES_BY_KIND,
    STATUS_LABELS,
    Decision,
    HealthyPrisonGrade,
    InspectionKind,
    JudgementKind,
    JudgementOutcome,
    ProgressStatus,
)
from saferelease.core.forms import DATE_HINT, GovukDateField, VersionedForm
from saferelease.core.uploads import format_bytes, limits_for
from saferelease.core.uploads.forms import BoundedFileField
from saferelease.metrics.catalogue import METRICS


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *[(str(v), str(lbl)) for v, lbl in choices]]


class ActionPlanUploadForm(forms.Form):
    file = BoundedFileField(
        kind="action_plan",
        label="Action plan file",
        help_text="Text (.txt), Word (.docx), Excel (.xlsx), CSV or PDF",
        error_messages={"required": "Choose the action plan file"},
    )
    establishment = forms.ChoiceField(
        label="Establishment",
        required=False,
        help_text="Leave as it is to use the establishment named in the document",
    )
    inspection_kind = forms.ChoiceField(
        label="Kind of inspection",
        required=False,
        choices=_blank("As stated in the document", InspectionKind.choices),
    )
    inspection_start = GovukDateField(
        label="Inspection start date",
        required=False,
        help_text="Only if the document does not give it. " + DATE_HINT,
    )
    inspection_end = GovukDateField(label="Inspection end date", required=False)
    report_published = GovukDateField(label="Report published", required=False)

    def __init__(self, *args: Any, establishments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["establishment"]
        field.choices = [  # type: ignore[attr-defined]
            ("", "The establishment named in the document"),
            *[(e.code, f"{e.name} ({e.code})") for e in establishments],
        ]
        self.fields["file"].widget.attrs["accept"] = ".txt,.tsv,.docx,.xlsx,.csv,.pdf"
        self.fields[
            "file"
        ].help_text += f", smaller than {format_bytes(limits_for('action_plan').max_bytes)}"


class EvidenceWidget(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, each checked for type (by name and content) and size."""

    widget = EvidenceWidget

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(f"Attach at most {MAX_EVIDENCE_FILES} files")
        problems = []
        limits = limits_for("evidence")
        for upload in files:
            content = upload.read(limits.max_bytes + 1) if upload.size <= limits.max_bytes else b""
            upload.seek(0)
            problem = evidence_problem(upload.name, max(upload.size, len(content)), content, limits)
            if problem:
                problems.append(problem)
        if problems:
            raise ValidationError(problems)
        return list(files)


class ProgressUpdateForm(forms.Form):
    date = GovukDateField(label="Date of the update")
    status = forms.ChoiceField(
        label="Status",
        choices=ProgressStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    narrative = forms.CharField(
        label="What has been done",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter what has been done"},
    )
    evidence = EvidenceField(
        label="Evidence (optional)",
        required=False,
        help_text=f"Up to {MAX_EVIDENCE_FILES} files: {ALLOWED_TEXT}",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE
        self.fields[
            "evidence"
        ].help_text += f", each smaller than {format_bytes(limits_for('evidence').max_bytes)}"


class TargetDateChangeForm(VersionedForm):
    new_date = GovukDateField(label="New target date")
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter the reason for changing the target date"},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError("Enter the reason for changing the target date")
        return reason


class JudgementForm(forms.Form):
    """Kind, then only the outcomes of that kind (GOV.UK radios with a conditional reveal
    each). Without JavaScript every outcome shows, so `clean` refuses an outcome of the
    other kind with a message naming the ones that belong."""

    kind = forms.ChoiceField(
        label="When was it judged?",
        choices=JudgementKind.choices,
        widget=forms.RadioSelect,
        help_text="A later inspection judges achieved, partially achieved or not achieved; "
        "a review of progress judges no meaningful, insufficient, reasonable or good progress.",
        error_messages={"required": "Select when it was judged"},
    )
    outcome = forms.ChoiceField(
        label="Judgement",
        choices=JudgementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the judgement"},
    )
    date = GovukDateField(label="Date of the judgement", help_text=DATE_HINT)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, outcome = cleaned.get("kind"), cleaned.get("outcome")
        if kind and outcome and outcome not in OUTCOMES_BY_KIND[kind]:
            self.add_error("outcome", _wrong_outcome(kind, outcome))
        return cleaned

    def kind_groups(self) -> list[dict[str, Any]]:
        """Each kind's radio with the outcomes it reveals. The outcome error (and the error
        summary's link, ``id_outcome_0``) goes with the chosen kind, else the first."""
        chosen = str(self["kind"].value() or "")
        current = str(self["outcome"].value() or "")
        anchor = chosen if chosen in OUTCOMES_BY_KIND else str(JudgementKind.FOLLOW_UP_INSPECTION)
        groups = []
        for kind_radio in self["kind"]:
            kind = str(kind_radio.data["value"])
            outcomes = [
                (value, label)
                for value, label in JudgementOutcome.choices
                if value in OUTCOMES_BY_KIND[kind]
            ]
            groups.append(
                {
                    "kind": kind_radio,
                    "outcomes": [
                        {
                            "id": "id_outcome_0"
                            if kind == anchor and i == 0
                            else f"id_outcome_{kind}_{i}",
                            "value": value,
                            "label": label,
                            "checked": value == current,
                        }
                        for i, (value, label) in enumerate(outcomes)
                    ],
                    "errors": self["outcome"].errors if kind == anchor else [],
                    "error_id": f"id_outcome_{kind}-error",
                }
            )
        return groups


def _wrong_outcome(kind: str, outcome: str) -> str:
    """ "Good progress is a judgement at a review of progress: at a later inspection, choose
    achieved, partially achieved or not achieved" """
    other = next(k for k, outcomes in OUTCOMES_BY_KIND.items() if outcome in outcomes)
    allowed = ", ".join(
        str(label).lower()
        for value, label in JudgementOutcome.choices
        if value in OUTCOMES_BY_KIND[kind]
    )
    allowed = " or ".join(allowed.rsplit(", ", 1))
    return (
        f"{JudgementOutcome(outcome).label} is a judgement "
        f"{JudgementKind(other).label.lower()}: {JudgementKind(kind).label.lower()}, choose "
        f"{allowed}"
    )


class DecideByForm(VersionedForm):
    decide_by = GovukDateField(label="Decide by")
    resolved_on = GovukDateField(
        label="Date the open part was decided",
        required=False,
        help_text="Leave empty while it is still open. " + DATE_HINT,
    )
    resolution = forms.CharField(
        label="What was decided (optional until decided)", widget=forms.Textarea, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("resolved_on") and not str(cleaned.get("resolution") or "").strip():
            self.add_error("resolution", "Enter what was decided about the open part")
        return cleaned


class MetricLinkForm(forms.Form):
    metric_code = forms.ChoiceField(
        label="Metric",
        choices=lambda: [("", "Choose a metric"), *((m.code, m.title) for m in METRICS)],
        error_messages={
            "required": "Choose the metric to watch",
            "invalid_choice": "Choose a metric from the list",
        },
    )
    note = forms.CharField(label="Why this metric (optional)", max_length=300, required=False)


class InspectionForm(VersionedForm):
    kind = forms.ChoiceField(label="Kind of inspection", choices=InspectionKind.choices)
    end_date = GovukDateField(label="Inspection end date", required=False)
    report_published = GovukDateField(label="Report published", required=False)
    grade_safety = forms.TypedChoiceField(
        label="Safety", coerce=int, empty_value=None, required=False
    )
    grade_respect = forms.TypedChoiceField(
        label="Respect", coerce=int, empty_value=None, required=False
    )
    grade_purposeful_activity = forms.TypedChoiceField(
        label="Purposeful activity", coerce=int, empty_value=None, required=False
    )
    grade_rehabilitation_release_planning = forms.TypedChoiceField(
        label="Rehabilitation and release planning", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("grade_"):
                field.choices = _blank("Not graded", HealthyPrisonGrade.choices)  # type: ignore[attr-defined]


class PlanFilterForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", required=False, choices=_blank("Any decision", Decision.choices)
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    status = forms.ChoiceField(
        label="Self-reported status",
        required=False,
        choices=[
            *_blank("Any status", STATUS_LABELS.items()),
            ("complete_nothing_changed", "Complete – nothing changed"),
        ],
    )
    overdue = forms.ChoiceField(
        label="Overdue",
        required=False,
        choices=[("", "Overdue or not"), ("yes", "Overdue"), ("no", "Not overdue")],
    )
    stale = forms.ChoiceField(
        label="Stale",
        required=False,
        choices=[("", "Stale or not"), ("yes", "Stale"), ("no", "Not stale")],
    )

    def __init__(self, *args: Any, owners: list[str], areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Any owner"), *[(o, o) for o in owners]]  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", "Any area"), *[(a, a) for a in areas]]  # type: ignore[attr-defined]


class OwnerFunctionForm(forms.Form):
    name = forms.CharField(
        label="Function",
        max_length=300,
        help_text="The name to group and count by, for example Head of OMU",
        error_messages={"required": "Enter the function's name"},
    )
    aliases = forms.CharField(
        label="Also written as (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5_000,
        help_text="One a line, as plans write it, for example Head of Offender Management "
        "Unit (OMU)",
    )

    def clean_aliases(self) -> list[str]:
        return [
            line.strip() for line in str(self.cleaned_data["aliases"]).splitlines() if line.strip()
        ]


class OwnerFunctionRenameForm(VersionedForm):
    name = forms.CharField(
        label="Rename the function",
        max_length=300,
        error_messages={"required": "Enter the function's name"},
    )


class OwnerAliasForm(VersionedForm):
    alias = forms.CharField(
        label="Add an alias",
        max_length=300,
        help_text="Another way plans write this function",
        error_messages={"required": "Enter the alias as plans write it"},
    )
