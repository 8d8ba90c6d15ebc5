from __future__ import annotations

from typing import Any, cast

from django import forms

from saferelease.core.forms import GovukDateField, VersionedForm
from saferelease.deadlines import AccommodationStatus, RiskLevel, Status

RELEASE_WINDOWS = [
    ("", "Any time"),
    ("28", "Next 4 weeks"),
    ("84", "Next 12 weeks"),
    ("182", "Next 6 months"),
    ("365", "Next 12 months"),
]
STATUS_FILTERS = [
    ("", "Any status"),
    ("outstanding", "Outstanding (overdue, due soon or not yet due)"),
    (Status.OVERDUE.value, "Overdue"),
    (Status.DUE_SOON.value, "Due soon"),
    (Status.NOT_YET_DUE.value, "Not yet due"),
    (Status.MET.value, "Met"),
    (Status.MET_LATE.value, "Met late"),
    (Status.EXEMPT.value, "Exempt"),
]


class CaseloadFilterForm(forms.Form):
    establishment = forms.ChoiceField(label="Establishment", required=False)
    scope = forms.ChoiceField(
        label="Cases",
        required=False,
        choices=[("establishment", "All at the establishment"), ("mine", "My cases")],
    )
    release = forms.ChoiceField(label="Release", required=False, choices=RELEASE_WINDOWS)
    risk = forms.ChoiceField(
        label="RoSH", required=False, choices=[("", "Any risk"), *RiskLevel.choices()]
    )
    mappa = forms.ChoiceField(
        label="MAPPA",
        required=False,
        choices=[
            ("", "Any"),
            ("any", "Any MAPPA category"),
            ("none", "No MAPPA category"),
            ("1", "Level 1"),
            ("2", "Level 2"),
            ("3", "Level 3"),
        ],
    )
    rule = forms.ChoiceField(label="Deadline", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTERS)
    q = forms.CharField(label="Prison number or surname", required=False, max_length=100)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        establishments: list[tuple[str, str]],
        rules: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["establishment"]).choices = establishments
        cast(forms.ChoiceField, self.fields["rule"]).choices = [("", "Any deadline"), *rules]


BOARD_FILTERS = [
    ("mine", "My men"),
    ("high_risk", "High risk (RoSH high or very high, or MAPPA level 2 or 3)"),
    ("alerts", "Alerts only (release date passed or something overdue)"),
]


class ReleasesBoardFilterForm(forms.Form):
    """The releases board's filters (GOV.UK checkboxes); they apply to the IRMT pack too."""

    establishment = forms.ChoiceField(label="Establishment", required=False)
    show = forms.MultipleChoiceField(
        label="Show only",
        required=False,
        choices=BOARD_FILTERS,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, establishments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["establishment"]).choices = establishments


class CompletionForm(VersionedForm):
    completed_on = GovukDateField(
        label="Date completed", error_messages={"required": "Enter the date it was completed"}
    )


class ExemptionForm(VersionedForm):
    reason = forms.CharField(
        label="Reason for the exemption",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason for the exemption"},
    )


class AssignPomForm(VersionedForm):
    pom = forms.ChoiceField(label="Prison offender manager (POM)", required=False)

    def __init__(self, *args: Any, poms: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["pom"]).choices = [("", "Not allocated"), *poms]


class ReleaseForm(VersionedForm):
    released_on = GovukDateField(
        label="Date released", error_messages={"required": "Enter the date he was released"}
    )
    accommodation_on_release = forms.ChoiceField(
        label="Accommodation on release",
        choices=AccommodationStatus.choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select where he went on release"},
    )


class RuleSettingForm(forms.Form):
    """A governor's setting of one deadline rule at his establishment. ``version`` is the
    setting's version when the page was shown, 0 when there was none."""

    setting = forms.ChoiceField(
        label="At this establishment",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the rule applies here"},
    )
    offset_months = forms.IntegerField(
        label="Months before the earliest release date",
        required=False,
        min_value=0,
        max_value=24,
        error_messages={
            "invalid": "Enter months as a whole number, like 4",
            "min_value": "Months must be between 0 and 24",
            "max_value": "Months must be between 0 and 24",
        },
    )
    offset_days = forms.IntegerField(
        label="and days",
        required=False,
        min_value=0,
        max_value=365,
        error_messages={
            "invalid": "Enter days as a whole number, like 14",
            "min_value": "Days must be between 0 and 365",
            "max_value": "Days must be between 0 and 365",
        },
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Shown with the rule and in every explanation that uses this setting.",
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason for this setting",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2_147_483_647,
        error_messages={
            "required": "This page is out of date: go back and open it again",
            "invalid": "This page is out of date: go back and open it again",
            "min_value": "This page is out of date: go back and open it again",
            "max_value": "This page is out of date: go back and open it again",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["setting"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("setting") == "offset" and not (
            data.get("offset_months") or data.get("offset_days")
        ):
            self.add_error("offset_months", "Enter the months, the days or both")
        return data
