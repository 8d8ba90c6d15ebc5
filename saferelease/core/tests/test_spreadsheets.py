"""The spreadsheet-safe writer, and every export in the product fed formula-like text.

The walks below find exports by what they answer, not by a list: every named URL pattern
is requested as an administrator (with sample values for its parameters) and every
``saferelease`` command with a ``--format csv`` option is run. A new export is caught by
``test_every_export_is_known`` until it is added to ``EXPORT_ROUTES``/``EXPORT_COMMANDS``
with the text it shows, and its output is checked here from then on.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import decimal
import enum
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from saferelease.accounts.tests.factories import MakeUser
from saferelease.actionplans.tests.factories import OwnerLineFactory, RecommendationFactory
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core.spreadsheets import csv_writer, safe_cell, xlsx_append, xlsx_cell
from saferelease.establishments.models import Establishment
from saferelease.jobs import services as job_services
from saferelease.jobs.models import JobKind
from saferelease.release_planning.tests.factories import PrisonerFactory

HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPES = ("text/csv",)
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
SOURCE = Path(__file__).resolve().parents[2]


class Status(enum.StrEnum):  # like the engine's status enums
    DUE = "due"


# -- the writer ------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text
    assert xlsx_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-5, -0.25, decimal.Decimal("-1.5"), 0, dt.date(2026, 1, 31), True, None],
)
def test_typed_values_stay_typed(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["A1234BC", "2026-01-31", "LTI", "a - b", "'=quoted", ""])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_other_objects_are_written_as_their_text():
    assert safe_cell(Status.DUE) == "due"
    assert safe_cell({"a": 1}) == "{'a': 1}"

    class Hostile:
        def __str__(self) -> str:
            return "=cmd"

    assert safe_cell(Hostile()) == "'=cmd"


def test_csv_of_ordinary_rows_is_byte_identical_to_the_csv_module():
    rows: list[list[Any]] = [
        ["A1234BC", "LTI", "pom_allocation", Status.DUE, "2026-01-31", None, "2026-09-01", "crd"],
        ["B2345CD", "SFI", "hdc", "overdue", None, None, "2025-12-01", "ped"],
        ["C3456DE", "DAI", "licence", "complete", "2026-02-01", "2026-01-28", "", 3],
    ]
    plain, safe = io.StringIO(), io.StringIO()
    writer = csv.writer(plain, lineterminator="\n")
    safe_writer = csv_writer(safe, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        safe_writer.writerow(row)
    assert safe.getvalue() == plain.getvalue()


def test_xlsx_keeps_numbers_and_dates_typed_and_text_inert():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    xlsx_append(sheet, ["=1+1", -3, 0.5, dt.date(2026, 1, 31), "-1", "bell\x07=1"])
    output = io.BytesIO()
    workbook.save(output)
    cells = next(openpyxl.load_workbook(io.BytesIO(output.getvalue())).active.iter_rows())  # type: ignore[union-attr]
    assert [cell.data_type for cell in cells] == ["s", "n", "n", "d", "s", "s"]
    assert [cell.value for cell in cells][:3] == ["'=1+1", -3, 0.5]
    assert cells[3].value == dt.datetime(2026, 1, 31)  # openpyxl reads dates back as datetimes
    assert cells[4].value == "'-1"
    assert cells[5].value == "bell=1"  # a control character XLSX cannot hold is dropped


def test_control_characters_are_dropped_before_the_check():
    assert xlsx_cell("\x01=1+1") == "'=1+1"


def test_no_export_builds_its_own_csv_writer():
    """Every CSV goes through ``core.spreadsheets.csv_writer``: nothing else in the product
    calls ``csv.writer`` or ``csv.DictWriter``."""
    offenders = []
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
                and node.attr in {"writer", "DictWriter"}
            ):
                offenders.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}")
    assert offenders == []


# -- every export, fed formula-like text -----------------------------------------------

#: Every URL name that answers a CSV or XLSX file, with the formula-like text it must show
#: neutralised (None: the export holds no free text, only codes, definitions and figures).
EXPORT_ROUTES: dict[str, str | None] = {
    "audit:export": "=1+1",  # the User-Agent of the request that is recorded
    "actionplans:plan-export": "=1+1",  # a recommendation's area (also the Summary sheet)
    "metrics:national-export": "=HYPERLINK(1)",  # an establishment's name (XLSX)
    "metrics:establishment-export": None,
    # A long job's file: the deadlines export (CSV: a prison number held as typed) and the
    # national metrics workbook (an establishment's name).
    "jobs:download": "=1+1",
}

#: Uploaded files handed back exactly as they were uploaded (their SHA-256 is recorded at
#: import): the original document, not an export, so not rewritten.
UPLOADED_FILE_ROUTES = {"actionplans:plan-source"}

#: Every command with ``--format csv``: its arguments, and the formula-like text it shows.
EXPORT_COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "milestones": (["--as-of", "2026-01-01"], "=1+1"),  # a prison number held as typed
    "metrics": (["--establishment", "LTI", "--from", "2025-01-01", "--to", "2025-12-31"], None),
}


@pytest.fixture
def hostile_world(make_user: MakeUser, media_root: Path) -> dict[str, list[Any]]:
    """Formula-like text in every free-text field that reaches an export."""
    admin = make_user("admin", ())
    first = RecommendationFactory.create(area="=1+1", text=HOSTILE[0], addressee=HOSTILE[0])
    plan = first.action_plan
    assert plan is not None
    lines = [OwnerLineFactory.create(recommendation=first, function=HOSTILE[0])]
    for text in HOSTILE[1:]:
        recommendation = RecommendationFactory.create(
            action_plan=plan, area=text, text=text, addressee=text
        )
        lines.append(OwnerLineFactory.create(recommendation=recommendation, function=text))
    Establishment.objects.filter(code="LTI").update(name="=HYPERLINK(1)")
    PrisonerFactory.create(prison_number="=1+1")
    jobs = [
        job_services.job_start(actor=admin, kind=kind, parameters=parameters, queue=False)
        for kind, parameters in (
            (JobKind.MILESTONES_EXPORT, {"as_of": "2026-01-01"}),
            (JobKind.METRICS_EXPORT, {"from": "2025-01-01", "to": "2025-12-31"}),
        )
    ]
    for job in jobs:
        assert job_services.run_job(job.pk).result_file
    token = set_origin(AuditOrigin(channel="web", user_agent="=1+1", path="/=1+1"))
    try:
        for text in HOSTILE:
            audit_record(actor=admin, action=AuditAction.VIEW, object_type=text, object_repr=text)
    finally:
        reset_origin(token)
    return {
        "admin": [admin],
        "pk": sorted({plan.pk, plan.inspection.pk, *[line.pk for line in lines]}),
        "job_id": [str(job.pk) for job in jobs],
    }


def _named_routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    for key, possibilities in resolver.reverse_dict.lists():
        if isinstance(key, str):
            for bits, *_rest in possibilities:
                for _format, params in bits:
                    yield prefix + key, list(params)
    for namespace, (_pattern, sub) in resolver.namespace_dict.items():
        if namespace != "admin":  # the Django admin exports nothing
            yield from _named_routes(sub, f"{prefix}{namespace}:")


def _sample_values(world: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        "pk": world["pk"],
        "code": ["LTI"],
        "establishment_code": ["LTI"],
        "fmt": ["csv", "xlsx", "pdf"],
        "export_format": ["csv", "xlsx", "pdf"],
        "format": ["json"],
        "token": ["not-a-token"],
        "key": ["not-a-token-key"],
        "prison_number": ["=1+1"],
        "rule_code": ["pom_allocation"],
        "job_id": world["job_id"],
    }


def _cells(content_type: str, body: bytes) -> list[tuple[Any, str]]:
    """(value, data type) of every cell: "s" for text, "n" for numbers, "f" for formulas."""
    if content_type.startswith(CSV_TYPES):
        rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
        return [(cell, "s") for row in rows for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return [
        (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_inert(where: str, cells: list[tuple[Any, str]]) -> None:
    live = [
        value
        for value, data_type in cells
        if data_type == "f"
        or (isinstance(value, str) and value.startswith(TRIGGERS) and not _is_number(value))
    ]
    assert live == [], f"{where} lets formulas through: {live[:5]}"


def _assert_shown(where: str, cells: list[tuple[Any, str]], expected: str | None) -> None:
    """The formula-like text did reach the export, neutralised (so the check above is not
    vacuous)."""
    if expected is not None:
        assert ("'" + expected) in [value for value, _ in cells], f"{where} lost {expected!r}"


def _spreadsheet_responses(client: Any, world: dict[str, list[Any]]) -> dict[str, list[Any]]:
    samples = _sample_values(world)
    found: dict[str, list[Any]] = {}
    for name, params in sorted(set((n, tuple(p)) for n, p in _named_routes(get_resolver()))):
        unknown = [p for p in params if p not in samples]
        assert not unknown, f"{name}: add sample values for {unknown} to _sample_values"
        for values in itertools.product(*[samples[p] for p in params]):
            try:
                url = reverse(name, kwargs=dict(zip(params, values, strict=True)))
            except NoReverseMatch:
                continue
            response = client.get(url, {"from_date": "1/1/2025", "to_date": "31/12/2025"})
            content_type = response.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith(CSV_TYPES + XLSX_TYPES):
                streamed = response.streaming
                body = b"".join(response.streaming_content) if streamed else response.content
                found.setdefault(name, []).append((url, content_type, body))
    return found


@pytest.mark.django_db
def test_every_export_is_known_and_lets_no_formula_through(client, hostile_world):
    client.force_login(hostile_world["admin"][0])
    client.defaults["HTTP_USER_AGENT"] = "=1+1"
    found = _spreadsheet_responses(client, hostile_world)
    assert set(found) == set(EXPORT_ROUTES) | UPLOADED_FILE_ROUTES, (
        "an export is missing from EXPORT_ROUTES"
    )
    formats = set()
    for name, responses in found.items():
        if name in UPLOADED_FILE_ROUTES:
            continue
        shown = []
        for url, content_type, body in responses:
            formats.add(content_type.split(";")[0])
            cells = _cells(content_type, body)
            _assert_inert(url, cells)
            shown += cells
        _assert_shown(name, shown, EXPORT_ROUTES[name])
    assert formats == {CSV_TYPES[0], XLSX_TYPES[0]}


def _csv_commands() -> dict[str, list[str]]:
    """Every project command (or subcommand) with a ``--format`` option offering csv."""
    found: dict[str, list[str]] = {}
    for name, app in get_commands().items():
        if not app.startswith("saferelease"):
            continue
        parser = load_command_class(app, name).create_parser("saferelease", name)
        parsers: list[tuple[list[str], Any]] = [([], parser)]
        for action in parser._actions:
            if action.choices and isinstance(action.choices, dict):  # subcommands
                parsers += [([sub], p) for sub, p in action.choices.items()]
        for prefix, candidate in parsers:
            for action in candidate._actions:
                if "--format" in action.option_strings and "csv" in (action.choices or []):
                    found[name] = prefix
    return found


@pytest.mark.django_db
def test_every_csv_command_is_known_and_lets_no_formula_through(hostile_world, capsys):
    commands = _csv_commands()
    assert set(commands) == set(EXPORT_COMMANDS), "a command is missing from EXPORT_COMMANDS"
    for name, prefix in commands.items():
        arguments, expected = EXPORT_COMMANDS[name]
        call_command(name, *prefix, *arguments, "--format", "csv")
        cells = _cells("text/csv", capsys.readouterr().out.encode())
        assert len(cells) > 4
        _assert_inert(f"saferelease {name}", cells)
        _assert_shown(f"saferelease {name}", cells, expected)
