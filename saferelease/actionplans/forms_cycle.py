"""Forms for the inspection cycle pages: reports, reviews of progress, urgent notifications.
They check the shape of the input; the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from saferelease.actionplans.importing import MAX_PLAN_BYTES
from saferelease.actionplans.models import (
    OUTCOMES_BY_KIND,
    JudgementKind,
    JudgementOutcome,
    Recommendation,
)
from saferelease.core.forms import GovukDateField

REVIEW_OUTCOME_CHOICES = [
    ("", "Not followed up"),
    *[
        (str(value), str(label))
        for value, label in JudgementOutcome.choices
        if value in OUTCOMES_BY_KIND[JudgementKind.REVIEW_OF_PROGRESS]
    ],
]


class _DocumentForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="Text (.txt), Word (.docx) or PDF, up to 20 MB",
        error_messages={"required": "Choose the file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".txt,.docx,.pdf"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PLAN_BYTES:
            raise ValidationError("The file must be smaller than 20 MB")
        return upload


class ReportUploadForm(_DocumentForm):
    establishment = forms.ChoiceField(
        label="Establishment",
        required=False,
        help_text="Leave as it is to use the establishment named in the report",
    )
    inspection_start = GovukDateField(
        label="Inspection start date",
        required=False,
        help_text="Only if the report does not give it. Use DD/MM/YYYY, for example 02/03/2015",
    )
    inspection_end = GovukDateField(label="Inspection end date", required=False)
    report_published = GovukDateField(label="Report published", required=False)

    def __init__(self, *args: Any, establishments: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Inspection report"
        self.fields["establishment"].choices = [  # type: ignore[attr-defined]
            ("", "The establishment named in the report"),
            *[(e.code, f"{e.name} ({e.code})") for e in establishments],
        ]


class ReviewImportForm(_DocumentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Report of the review of progress"


class ReviewForm(forms.Form):
    """A review of progress and, for each recommendation of the inspection, its judgement
    (fields outcome_<id> and words_<id>)."""

    start_date = GovukDateField(label="First day of the review")
    end_date = GovukDateField(label="Last day of the review", required=False)
    published = GovukDateField(label="Review report published", required=False)
    inspectors = forms.CharField(
        label="Inspectors",
        help_text="One name a line",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the inspectors' names"},
    )
    summary = forms.CharField(
        label="Summary (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, recommendations: Iterable[Recommendation] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        for recommendation in self.recommendations:
            self.fields[f"outcome_{recommendation.pk}"] = forms.ChoiceField(
                label=f"Judgement of {recommendation.ref}",
                choices=REVIEW_OUTCOME_CHOICES,
                required=False,
            )
            self.fields[f"words_{recommendation.pk}"] = forms.CharField(
                label=f"The inspectors' words on {recommendation.ref} (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def rows(self) -> list[tuple[Recommendation, Any, Any]]:
        return [(r, self[f"outcome_{r.pk}"], self[f"words_{r.pk}"]) for r in self.recommendations]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for recommendation in self.recommendations:
            if data.get(f"words_{recommendation.pk}") and not data.get(
                f"outcome_{recommendation.pk}"
            ):
                self.add_error(
                    f"outcome_{recommendation.pk}",
                    f"Choose the judgement of {recommendation.ref}, or clear its words",
                )
        return data

    def findings(self) -> list[tuple[Recommendation, str, str]]:
        data = self.cleaned_data
        return [
            (r, data[f"outcome_{r.pk}"], data.get(f"words_{r.pk}") or "")
            for r in self.recommendations
            if data.get(f"outcome_{r.pk}")
        ]


class UrgentNotificationForm(forms.Form):
    issued_on = GovukDateField(label="Date the notification was issued")
    concerns = forms.CharField(
        label="Concerns",
        help_text="The concerns the Chief Inspector raises, separated by a blank line",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the concerns the notification raises"},
    )


class UrgentResponseForm(forms.Form):
    published_on = GovukDateField(label="Date the response was published")
    summary = forms.CharField(
        label="What the response says",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the response says"},
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label="Commitment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the commitment"},
    )
    owner = forms.CharField(
        label="Owner", max_length=300, error_messages={"required": "Enter who owns it"}
    )
    target_date = GovukDateField(label="Target date", required=False)
