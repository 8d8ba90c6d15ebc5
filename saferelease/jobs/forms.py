from __future__ import annotations

from django import forms

from saferelease.jobs.models import JobKind

STARTABLE = [
    (JobKind.PRISONER_SYNC.value, "Prisoner Search sync"),
    (JobKind.MILESTONES_EXPORT.value, "Deadlines export (CSV)"),
    (JobKind.METRICS_EXPORT.value, "National metrics export (Excel)"),
    (JobKind.DIGEST.value, "Daily POM digests"),
    (JobKind.IRMT_PACK.value, "IRMT pack (PDF)"),
]


class StartJobForm(forms.Form):
    kind = forms.ChoiceField(label="Job", choices=STARTABLE)
    establishment = forms.RegexField(
        label="Establishment code",
        help_text="Leave empty for every establishment (not for an IRMT pack)",
        regex=r"^[A-Za-z][A-Za-z0-9]{1,9}$",
        required=False,
        max_length=10,
    )
    as_of = forms.DateField(label="As of", required=False, input_formats=["%Y-%m-%d"])

    def clean_establishment(self) -> str:
        return str(self.cleaned_data.get("establishment") or "").upper()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == JobKind.IRMT_PACK and not data.get("establishment"):
            self.add_error("establishment", "Enter the establishment for the IRMT pack")
        return data
