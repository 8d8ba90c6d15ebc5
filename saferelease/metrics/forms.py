"""The period filter on the dashboards (GOV.UK error messages)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from saferelease.core.calendar import add_months
from saferelease.core.forms import GovukDateField
from saferelease.metrics.periods import Period

MAX_MONTHS = 120
CODES_RE = re.compile(r"^[A-Za-z]{3}$")


class PeriodForm(forms.Form):
    from_date = GovukDateField(label="From", required=False)
    to_date = GovukDateField(label="To", required=False)

    def __init__(self, *args: Any, default: Period, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("from_date") or self.default.start
        end = data.get("to_date") or self.default.end
        if self.errors:
            return data
        if start > end:
            self.add_error("to_date", "The ‘to’ date must be the same as or after the ‘from’ date")
        elif add_months(start, MAX_MONTHS) < end:
            self.add_error("from_date", "The period must be 10 years or less")
        return data

    def period(self) -> Period:
        """The chosen period (call after is_valid())."""
        data = self.cleaned_data
        start: dt.date = data.get("from_date") or self.default.start
        end: dt.date = data.get("to_date") or self.default.end
        return Period(start, end)


class NationalForm(PeriodForm):
    establishments = forms.CharField(
        label="Establishments",
        required=False,
        help_text=(
            "Leave blank for all. For a region, enter codes separated by commas, for "
            "example LTI, SFI, DAI"
        ),
    )

    def clean_establishments(self) -> list[str]:
        text: str = self.cleaned_data.get("establishments", "")
        codes = [code.strip().upper() for code in re.split(r"[,\s]+", text) if code.strip()]
        if any(not CODES_RE.match(code) for code in codes):
            raise forms.ValidationError(
                "Enter establishment codes of three letters separated by commas, for "
                "example LTI, SFI"
            )
        return codes
