"""Admins search and export the audit trail; nothing here changes an entry."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from saferelease.accounts.actors import request_actor
from saferelease.audit.forms import AuditSearchForm
from saferelease.audit.presentation import entry_views
from saferelease.audit.selectors import AuditSearch, audit_entries_for
from saferelease.audit.services import audit_read
from saferelease.core.spreadsheets import csv_writer


def _search(form: AuditSearchForm) -> AuditSearch:
    if not form.is_valid():
        return AuditSearch()
    data = form.cleaned_data
    return AuditSearch(
        text=data["q"],
        action=data["action"],
        actor=data["actor"],
        establishment=data["establishment"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = AuditSearchForm(request.GET or None)
    entries = audit_entries_for(actor, _search(form))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = entry_views(page.object_list)  # read before this search is itself audited
    audit_read(
        actor=actor,
        object_type="audit.auditentry",
        query=request.GET,
        total=page.paginator.count,
        summary="Searched the audit trail",
    )
    return render(request, "audit/list.html", {"form": form, "page": page, "rows": rows})


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    actor = request_actor(request)
    form = AuditSearchForm(request.GET or None)
    search = _search(form)
    entries = audit_entries_for(actor, search)
    total = entries.count()
    audit_read(
        actor=actor,
        object_type="audit.auditentry",
        query=request.GET,
        total=total,
        summary=f"Exported audit trail ({total} entries)",
        export=True,
    )
    writer = csv_writer(_Echo())
    header = [
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object",
        "establishment",
        "changes",
        "summary",
        "channel",
        "ip_address",
        "user_agent",
        "path",
        "system_actor",
    ]

    def rows():
        yield writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    entry.at.isoformat(),
                    entry.actor_username,
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.object_repr,
                    entry.establishment_code,
                    entry.changes,
                    entry.summary,
                    entry.channel,
                    entry.ip_address or "",
                    entry.user_agent,
                    entry.path,
                    entry.system_actor,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
