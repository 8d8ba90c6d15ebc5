from django import forms

from saferelease.audit.models import AuditAction
from saferelease.core.forms import GovukDateField


class AuditSearchForm(forms.Form):
    q = forms.CharField(label="Record or summary", required=False, max_length=100)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *AuditAction.choices]
    )
    actor = forms.CharField(label="Username", required=False, max_length=150)
    establishment = forms.CharField(label="Establishment code", required=False, max_length=10)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
