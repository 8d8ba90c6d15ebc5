from __future__ import annotations

from typing import Any

from django import forms

from saferelease.core.forms import GovukDateField, VersionedForm
from saferelease.omu.models import ComReportKind
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
