"""Factories for the offender management unit's records (synthetic)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from saferelease.omu.models import ComReportRequest
from saferelease.release_planning.models import Prisoner


def make_com_report(prisoner: Prisoner, **fields: Any) -> ComReportRequest:
    values: dict[str, Any] = {
        "kind": "pre_release",
        "pdu": "Cambridgeshire and Peterborough PDU",
        "requested_on": dt.date(2026, 10, 1),
        "due_on": dt.date(2026, 11, 1),
    }
    values.update(fields)
    return ComReportRequest.objects.create(prisoner=prisoner, **values)
