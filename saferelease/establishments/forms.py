from django import forms

from saferelease.core.forms import VersionedForm


class EstablishmentEditForm(VersionedForm):
    designated_resettlement = forms.TypedChoiceField(
        label="Is this a designated resettlement prison?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if this is a designated resettlement prison"},
    )
    programme_places = forms.IntegerField(
        label="Offending-behaviour programme places a year",
        required=False,
        min_value=0,
        max_value=10000,
        help_text="Leave empty if not known",
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 136",
            "min_value": "The number of places cannot be negative",
            "max_value": "Enter a number of places of 10,000 or fewer",
        },
    )


class EstablishmentSearchForm(forms.Form):
    q = forms.CharField(label="Name or code", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("active", "Active"), ("all", "All, including closed"), ("closed", "Closed")],
    )
