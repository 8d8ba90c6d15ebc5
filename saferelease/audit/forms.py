from django import forms

from saferelease.audit.models import AuditAction


class AuditSearchForm(forms.Form):
    q = forms.CharField(label="Record or summary", required=False, max_length=100)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *AuditAction.choices]
    )
    actor = forms.CharField(label="Username", required=False, max_length=150)
    establishment = forms.CharField(label="Establishment code", required=False, max_length=10)
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example, 2026-01-31 or 31/01/2026",
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example, 2026-01-31 or 31/01/2026",
    )
