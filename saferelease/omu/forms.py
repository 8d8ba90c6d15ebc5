from __future__ import annotations

from typing import Any

from django import forms

from saferelease.core.forms import GovukDateField, VersionedForm
from saferelease.omu.models import ComReportKind, EngagementOutcome, QaRating
from saferelease.omu.rules import ReportStatus

QUALITY_CHOICES = [("", "Not judged yet"), ("yes", "Yes"), ("no", "No")]


class ComReportFields(forms.Form):
    kind = forms.ChoiceField(
        label="Report",
        choices=ComReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the report requested"},
    )
    kind_other = forms.CharField(label="Other report (if other)", required=False, max_length=200)
    pdu = forms.CharField(
        label="Probation delivery unit",
        required=False,
        max_length=200,
        help_text="Where the community offender manager works; left empty, his COM team",
    )
    requested_on = GovukDateField(label="Date requested")
    due_on = GovukDateField(label="Date due")
    received_on = GovukDateField(label="Date received", required=False)
    quality_acceptable = forms.ChoiceField(
        label="Was the report of an acceptable standard?",
        choices=QUALITY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea)

    def values(self) -> dict[str, Any]:
        """The cleaned values as model fields."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("prison_number", None)
        data["quality_acceptable"] = {"yes": True, "no": False}.get(data["quality_acceptable"])
        return data


class ComReportCreateForm(ComReportFields):
    prison_number = forms.CharField(
        label="Prison number",
        max_length=20,
        error_messages={"required": "Enter the prison number"},
    )
    field_order = ["prison_number"]


class ComReportEditForm(VersionedForm, ComReportFields):
    pass


def quality_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")  # type: ignore[arg-type]


class ComReportFilterForm(forms.Form):
    establishment = forms.ChoiceField(label="Establishment", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *[(s.value, s.label) for s in ReportStatus]],
    )
    prisoner = forms.CharField(label="Prison number", required=False, max_length=20)

    def __init__(self, *args: Any, establishments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].choices = [("", "All your establishments"), *establishments]  # type: ignore[attr-defined]


class QaReviewForm(VersionedForm):
    """A rating and comment per checklist item (fields ``item_<id>`` and
    ``comment_<id>``), an overall comment and the date."""

    summary = forms.CharField(
        label="Overall comments", required=False, max_length=2000, widget=forms.Textarea
    )
    completed_on = GovukDateField(label="Date reviewed")

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=QaRating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select met, partly met or not met for: {item.text}"},
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=f"Comment on: {item.text}",
                required=False,
                max_length=2000,
                widget=forms.Textarea,
            )
        self.order_fields(
            [name for item in items for name in (f"item_{item.pk}", f"comment_{item.pk}")]
            + ["summary", "completed_on"]
        )

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"item_{i.pk}"], self[f"comment_{i.pk}"]) for i in self.items]

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i.pk: (data[f"item_{i.pk}"], data[f"comment_{i.pk}"]) for i in self.items}


class QaSettingsForm(VersionedForm):
    qa_sample_percent = forms.IntegerField(
        label="Share of last month's OASys assessments sampled (%)",
        min_value=1,
        max_value=100,
        help_text="At least 5 are sampled when there are 5 or more",
        error_messages={
            "required": "Enter the share sampled, like 10",
            "invalid": "Enter the share as a whole number, like 10",
            "min_value": "The share must be at least 1%%",
            "max_value": "The share cannot be more than 100%%",
        },
    )
    senior_poms = forms.MultipleChoiceField(
        label="Senior POMs (reviewers with the head of OMU)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["senior_poms"].choices = staff  # type: ignore[attr-defined]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(
        label="Add a checklist item",
        max_length=300,
        error_messages={"required": "Enter the checklist item"},
    )


class SupervisionForm(forms.Form):
    pom = forms.ChoiceField(label="POM supervised", error_messages={"required": "Select the POM"})
    supervisor = forms.ChoiceField(
        label="Supervisor", error_messages={"required": "Select the supervisor"}
    )
    held_on = GovukDateField(label="Date of the session")
    notes = forms.CharField(label="Notes", required=False, max_length=4000, widget=forms.Textarea)

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose"), *staff]
        self.fields["pom"].choices = choices  # type: ignore[attr-defined]
        self.fields["supervisor"].choices = choices  # type: ignore[attr-defined]


class SupervisionEditForm(VersionedForm, SupervisionForm):
    pass


class ProgrammeStartForm(VersionedForm):
    started_on = GovukDateField(
        label="Date he started the programme",
        required=False,
        help_text="Leave it empty to put him back on the waiting list",
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Programme", max_length=200, error_messages={"required": "Enter the programme"}
    )
    places_per_year = forms.IntegerField(
        label="Places a year",
        min_value=0,
        max_value=10_000,
        error_messages={
            "required": "Enter the places a year",
            "invalid": "Enter the places as a whole number, like 54",
            "min_value": "The places cannot be negative",
            "max_value": "Enter 10,000 places or fewer",
        },
    )


class ProgrammeNeedForm(forms.Form):
    prison_number = forms.CharField(
        label="Prison number", max_length=20, error_messages={"required": "Enter the prison number"}
    )
    programme = forms.ChoiceField(
        label="Programme", error_messages={"required": "Select the programme"}
    )
    assessed_on = GovukDateField(label="Date assessed as needing it")

    def __init__(self, *args: Any, programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", "Choose"), *programmes]  # type: ignore[attr-defined]


class EngagementOfferForm(forms.Form):
    prison_number = forms.CharField(
        label="Prison number", max_length=20, error_messages={"required": "Enter the prison number"}
    )
    intervention = forms.CharField(
        label="Intervention offered",
        max_length=200,
        help_text="For example: maintaining innocence group work, 1:1 psychology sessions",
        error_messages={"required": "Enter the intervention offered"},
    )
    offered_on = GovukDateField(label="Date offered")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=EngagementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether he took it up"},
    )
