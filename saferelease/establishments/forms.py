from django import forms


class EstablishmentEditForm(forms.Form):
    designated_resettlement = forms.TypedChoiceField(
        label="Is this a designated resettlement prison?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if this is a designated resettlement prison"},
    )


class EstablishmentSearchForm(forms.Form):
    q = forms.CharField(label="Name or code", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("active", "Active"), ("all", "All, including closed"), ("closed", "Closed")],
    )
