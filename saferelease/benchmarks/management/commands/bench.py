"""`saferelease bench [--prisoners 90000] [--write docs/benchmarks.md]`: national-scale
figures. Never touches the demo database.

Database: with ``DATABASE_URL`` set, that database, whose name must contain "bench" (for
example ``postgres://postgres@127.0.0.1:5432/saferelease_bench``, what ``make bench`` uses:
the targets are for PostgreSQL); a missing PostgreSQL database is created, and its
prisoners are deleted first. Without ``DATABASE_URL``, the command re-runs itself against a
throwaway SQLite file, ``var/bench.sqlite3``, deleted and migrated afresh.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from saferelease import deadlines
from saferelease.accounts.actors import BENCHMARK
from saferelease.accounts.models import User
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.benchmarks.national import NATIONAL_POPULATION, national_csv_write
from saferelease.core import clock
from saferelease.release_planning.models import DeadlineResultsDate, Prisoner
from saferelease.release_planning.selectors import milestones

BENCH_SQLITE = Path(settings.BASE_DIR) / "var" / "bench.sqlite3"
TARGETS = {
    "import": 60.0,
    "evaluation": 5.0,
    "caseload": 0.300,
    "national_summary": 1.0,
    "establishment_summary": 1.0,
}


def _machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "CPU": cpu,
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "OS": platform.platform(),
    }


def _database() -> str:
    vendor = connection.vendor
    name = str(connection.settings_dict.get("NAME"))
    if vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000} (database {name})"
    return f"SQLite {sqlite3.sqlite_version} ({Path(name).name})"


#: In docs/benchmarks.md, everything from this line on is kept when the file is rewritten.
KEPT_MARKER = "<!-- measured separately: kept by saferelease bench -->"


class Command(BaseCommand):
    help = "Time the national-scale hot paths on a synthetic population; never the demo data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prisoners",
            type=int,
            default=NATIONAL_POPULATION,
            help=f"Men in custody to generate (default {NATIONAL_POPULATION:,})",
        )
        parser.add_argument("--write", metavar="FILE", help="Write the figures (Markdown)")
        parser.add_argument("--runs", type=int, default=7, help="Runs of each page")
        parser.add_argument("--establishment", default="LTI", help="Caseload page to time")

    def handle(self, *args: Any, **options: Any) -> None:
        if not os.environ.get("DATABASE_URL"):
            self._rerun_on_sqlite()
            return
        name = str(connection.settings_dict.get("NAME"))
        if "bench" not in Path(name).name.lower():
            raise CommandError(
                f"Refusing to run on database '{name}': its name must contain 'bench' "
                "(the benchmark deletes every prisoner in it)."
            )
        if connection.vendor == "postgresql":
            _create_postgres_database(connection.settings_dict)
        set_origin(AuditOrigin(channel="cli"))
        # No query logging (DEBUG off), as in production; plain static storage, since the
        # manifest storage needs collectstatic and static URLs do not matter here.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(DEBUG=False, STORAGES=storages):
            self._run(options)

    def _rerun_on_sqlite(self) -> None:
        BENCH_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{BENCH_SQLITE}{suffix}").unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{BENCH_SQLITE}"}
        self.stdout.write(f"No DATABASE_URL: benchmarking on a throwaway {BENCH_SQLITE}")
        completed = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
            [sys.executable, "-m", "saferelease.cli", *sys.argv[1:]], env=env, check=False
        )
        if completed.returncode:
            raise CommandError(f"bench failed (exit {completed.returncode})")

    def _step(self, label: str) -> None:
        self.stdout.write(f"{label}...")
        self.stdout.flush()

    def _run(self, options: dict[str, Any]) -> None:
        from saferelease.release_planning.prisoner_import import prisoners_import

        total = options["prisoners"]
        as_of = clock.today()
        machine = _machine()
        self._step("migrate")
        call_command("migrate", interactive=False, verbosity=0)
        database = _database()
        # Stored deadline results go with the prisoners; their dates too, so the import
        # below refreshes none (the rebuild is timed on its own).
        DeadlineResultsDate.objects.all().delete()
        deleted = Prisoner.objects.count()
        Prisoner.objects.all().delete()
        figures: dict[str, str] = {}

        self._step(f"generate {total:,} prisoners")
        path = Path(settings.BASE_DIR) / "var" / "bench" / "national.csv"
        start = time.perf_counter()
        rows = national_csv_write(path, as_of=as_of, total=total)
        generate_s = time.perf_counter() - start
        size_mb = path.stat().st_size / 1024 / 1024

        self._step("import the national file")
        start = time.perf_counter()
        with path.open("rb") as handle:
            result = prisoners_import(actor=BENCHMARK, rows_or_file=handle)
        import_s = time.perf_counter() - start
        if not result.ok:
            raise CommandError(f"import failed: {result.errors[:5]}")

        self._step("evaluate every deadline")
        evaluations = []
        count = 0
        for _ in range(3):
            # Each run starts cold, as a new `saferelease milestones` process does.
            deadlines.clear_caches()
            start = time.perf_counter()
            count = sum(1 for _ in milestones(as_of=as_of))
            evaluations.append(time.perf_counter() - start)
        evaluation_s = statistics.median(evaluations)

        self._step("saferelease milestones --format csv")
        deadlines.clear_caches()
        start = time.perf_counter()
        call_command("milestones", format="csv", as_of=as_of.isoformat(), stdout=_NullWriter())
        command_s = time.perf_counter() - start

        code = options["establishment"].upper()
        in_custody = Prisoner.objects.in_custody().filter(establishment__code=code).count()
        user, _ = User.objects.get_or_create(
            username="bench.omu", defaults={"role": "omu_manager", "first_name": "Bench"}
        )
        user.establishments.add(*_establishments(code))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        self._step(f"caseload page for {code} ({in_custody:,} in custody)")
        caseload_times = _time_get(client, f"/caseload/?establishment={code}", options["runs"])
        number = (
            Prisoner.objects.in_custody()
            .filter(establishment__code=code)
            .order_by("prison_number")
            .values_list("prison_number", flat=True)
            .first()
        )
        self._step(f"prisoner page {number}")
        prisoner_times = _time_get(client, f"/prisoners/{number}/", options["runs"])

        summaries = self._summaries(as_of, code, options["runs"])

        figures = {
            "generate": f"{generate_s:.1f} s ({rows:,} rows, {size_mb:.1f} MB CSV)",
            "import": f"{import_s:.1f} s ({result.created:,} created)",
            "evaluation": (
                f"{evaluation_s:.2f} s (median of 3 cold runs: "
                f"{', '.join(f'{t:.2f}' for t in evaluations)} s; {count:,} rule results for "
                f"{rows:,} prisoners)"
            ),
            "command": f"{command_s:.1f} s ({count:,} CSV rows written to a null stream)",
            "caseload": f"{statistics.median(caseload_times) * 1000:.0f} ms",
            "prisoner": f"{statistics.median(prisoner_times) * 1000:.0f} ms",
        }
        report = _report(
            options=options,
            as_of=as_of,
            machine=machine,
            database=database,
            figures=figures,
            seconds={
                "national_summary": summaries["national"].median,
                "establishment_summary": summaries["establishment"].median,
                "import": import_s,
                "evaluation": evaluation_s,
                "caseload": statistics.median(caseload_times),
            },
            caseload_runs=caseload_times,
            prisoner_runs=prisoner_times,
            summaries=summaries,
            code=code,
            in_custody=in_custody,
            deleted=deleted,
        )
        self.stdout.write(report)
        if options["write"]:
            target = Path(options["write"])
            # Figures measured by other means (below the marker) survive a rewrite.
            old = target.read_text(encoding="utf-8") if target.exists() else ""
            kept = old[old.index(KEPT_MARKER) :] if KEPT_MARKER in old else ""
            target.write_text(
                report.rstrip("\n") + "\n\n" + kept if kept else report, encoding="utf-8"
            )
            self.stdout.write(f"Written to {options['write']}")

    def _summaries(self, as_of: dt.date, code: str, runs: int) -> dict[str, _Timed]:
        """The deadline summaries: the rebuild of every stored result, the national and
        one establishment's summary from them (selector and API), a plain fetch of the
        stored rows they count, and the national summary evaluated live."""
        from saferelease.establishments.models import Establishment
        from saferelease.release_planning.models import DeadlineResult
        from saferelease.release_planning.selectors_results import deadline_summary
        from saferelease.release_planning.services_results import deadline_results_rebuild

        timed: dict[str, _Timed] = {}
        self._step("rebuild every stored deadline result")
        deadlines.clear_caches()
        rebuilt = _timed(lambda: deadline_results_rebuild(as_of=as_of), 1)
        timed["rebuild"] = rebuilt
        everything = list(Establishment.objects.order_by("name"))
        one = [e for e in everything if e.code == code]

        self._step("national deadline summary (stored results)")
        timed["national"] = _timed(
            lambda: deadline_summary(everything, as_of=as_of, everything=True), runs
        )
        self._step(f"establishment deadline summary, {code} (stored results)")
        timed["establishment"] = _timed(lambda: deadline_summary(one, as_of=as_of), runs)
        self._step("plain fetch of the stored results")
        timed["fetch"] = _timed(
            lambda: len(
                DeadlineResult.objects.order_by().values_list(
                    "establishment_id", "rule_code", "status"
                )
            ),
            3,
        )
        user, _ = User.objects.get_or_create(
            username="bench.national", defaults={"role": "national_manager", "first_name": "B"}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        self._step("national deadline summary API")
        url = f"/api/v1/metrics/deadlines/?as_of={as_of.isoformat()}"
        timed["api"] = _Timed(_time_get(client, url, runs), 0)
        self._step("national deadline summary evaluated live")
        deadlines.clear_caches()
        timed["live"] = _timed(
            lambda: deadline_summary(everything, as_of=as_of, everything=True, stored=False), 3
        )
        summary = deadline_summary(everything, as_of=as_of, everything=True)
        if summary.live:
            raise CommandError(f"{summary.live} establishments were not counted from storage")
        timed["national"] = timed["national"]._replace(result=summary.prisoners)
        timed["establishment"] = timed["establishment"]._replace(
            result=deadline_summary(one, as_of=as_of).prisoners
        )
        return timed


class _Timed(NamedTuple):
    """Times of several runs of one thing, and what the last run answered."""

    runs: list[float]
    result: Any

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def words(self, unit: str = "ms") -> str:
        scale = 1000 if unit == "ms" else 1
        places = 0 if unit == "ms" else 2
        runs = ", ".join(f"{t * scale:.{places}f}" for t in self.runs)
        if len(self.runs) == 1:
            return f"{self.median * scale:.{places}f} {unit}"
        return (
            f"{self.median * scale:.{places}f} {unit} (median of {len(self.runs)}: {runs} {unit})"
        )


def _timed(call: Callable[[], Any], runs: int) -> _Timed:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return _Timed(times, result)


class _NullWriter(io.TextIOBase):
    """A text stream that discards what is written (the command's output is not kept)."""

    def write(self, text: str) -> int:
        return len(text)


def _create_postgres_database(settings_dict: dict[str, Any]) -> None:
    """Create the bench database if it does not exist (``make bench`` on a new machine)."""
    import psycopg
    from psycopg import sql

    name = settings_dict["NAME"]
    params: dict[str, Any] = {
        key.lower(): settings_dict[key]
        for key in ("HOST", "PORT", "USER", "PASSWORD")
        if settings_dict.get(key)
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists is None:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _establishments(code: str) -> list[Any]:
    from saferelease.establishments.models import Establishment

    return list(Establishment.objects.filter(code=code))


def _time_get(client: Client, url: str, runs: int) -> list[float]:
    """Server time of GET ``url`` (the test client calls the WSGI handler in-process, so
    the time around the call is the server's: middleware, view, queries, template)."""
    client.get(url)  # warm-up (template compilation, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise CommandError(f"GET {url} returned {response.status_code}")
    return times


def _report(
    *,
    options: dict[str, Any],
    as_of: dt.date,
    machine: dict[str, str],
    database: str,
    figures: dict[str, str],
    seconds: dict[str, float],
    caseload_runs: list[float],
    prisoner_runs: list[float],
    summaries: dict[str, _Timed],
    code: str,
    in_custody: int,
    deleted: int,
) -> str:
    def verdict(key: str) -> str:
        return "met" if seconds[key] < TARGETS[key] else "**not met**"

    url = os.environ.get("DATABASE_URL", "")
    shown_url = url.split("@")[-1] if "@" in url else url
    runs = ", ".join(f"{t * 1000:.0f}" for t in caseload_runs)
    prisoner = ", ".join(f"{t * 1000:.0f}" for t in prisoner_runs)
    lines = [
        "# Benchmarks",
        "",
        "National-scale figures written by `saferelease bench` (`make bench`). A synthetic,",
        "fictional population from `saferelease/benchmarks/national.py`; never the demo",
        "database. These are benchmarks, not timed tests.",
        "",
        "## Command",
        "",
        "```sh",
        "make bench",
        "# which runs:",
        f"DATABASE_URL=postgres://postgres@127.0.0.1:5432/saferelease_bench \\\n"
        f"  .venv/bin/saferelease bench --prisoners {options['prisoners']} "
        "--write docs/benchmarks.md",
        "```",
        "",
        "`make bench` uses the local PostgreSQL (the targets are for PostgreSQL); set",
        "`BENCH_DATABASE_URL` to use another, or to nothing for a throwaway SQLite file,",
        "`var/bench.sqlite3`. The database name must contain `bench`: a missing PostgreSQL",
        "database is created, and its prisoners are deleted before the run.",
        "",
        f"Run on {as_of.isoformat()} against `{shown_url}` ({deleted:,} rows deleted first).",
        "",
        "## Results",
        "",
        "| what | figure | target | |",
        "| --- | --- | --- | --- |",
        f"| generate the national file | {figures['generate']} | | |",
        f"| import the national file (`prisoners_import`, all or nothing, audited) | "
        f"{figures['import']} | under 60 s | {verdict('import')} |",
        f"| evaluate every deadline for every prisoner (`milestones(as_of=...)` consumed) | "
        f"{figures['evaluation']} | under 5 s | {verdict('evaluation')} |",
        "| the same, end to end: `saferelease milestones --format csv` (evaluate, format and "
        f"write every row) | {figures['command']} | | |",
        f"| caseload page, {code} ({in_custody:,} in custody), server time, median of "
        f"{len(caseload_runs)} | {figures['caseload']} (runs: {runs} ms) | under 300 ms | "
        f"{verdict('caseload')} |",
        f"| prisoner page, server time, median of {len(prisoner_runs)} | {figures['prisoner']} "
        f"(runs: {prisoner} ms) | | |",
        f"| rebuild every stored deadline result (`deadline_results_rebuild`: evaluate and "
        f"store) | {summaries['rebuild'].words('s')} ({summaries['rebuild'].result:,} "
        "results) | | |",
        "| national deadline summary from the stored results (`deadline_summary`, every "
        f"establishment, {summaries['national'].result:,} men) | "
        f"{summaries['national'].words()} | under 1 s | {verdict('national_summary')} |",
        f"| establishment deadline summary, {code} "
        f"({summaries['establishment'].result:,} men) | "
        f"{summaries['establishment'].words()} | under 1 s | "
        f"{verdict('establishment_summary')} |",
        "| the national summary through the API (`/api/v1/metrics/deadlines/`, national "
        f"manager, server time) | {summaries['api'].words()} | | |",
        "| plain fetch of the stored rows the national summary counts (establishment, rule, "
        f"status; {summaries['fetch'].result:,} rows) | {summaries['fetch'].words()} | | |",
        "| the national summary evaluated live (`stored=False`, as when the stored results "
        f"are for another date) | {summaries['live'].words('s')} | | |",
        "",
        "Deadline summaries: `release_planning.selectors_results.deadline_summary` counts each",
        "establishment's stored results (`DeadlineResult`, one row per man and rule) with one",
        "`GROUP BY` when they are dated the day asked and count every man in custody there,",
        "and evaluates the men live otherwise (docs/adr/0016-stored-deadline-results.md).",
        f"Ratio of the national summary to the plain fetch: "
        f"{summaries['national'].median / summaries['fetch'].median:.2f}. The import above "
        "ran",
        "with no stored results; with them, an import or sync also refreshes the men it",
        "changes (about the rebuild's time for a whole national file).",
        "",
        "Server time: Django's test client calls the WSGI handler in-process, signed in as a",
        "head of OMU; the time around `client.get` covers middleware, view, queries and",
        "template, not the network. `DEBUG` is off during the run (no query logging).",
        "",
        "Evaluation: `release_planning.selectors.milestones` fetches the men in custody in one",
        "unordered query (sorted in Python), makes each row a `PrisonerFacts` named tuple in",
        "one call, and `deadlines.evaluate` makes each result a named tuple whose en-GB",
        "explanation is built only when read; due dates are memoised per ERD. The engine's",
        "memos are cleared before each run. See the docstring of",
        "`saferelease/deadlines/engine.py`.",
        "",
        "## Database",
        "",
        f"{database}.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in machine.items()],
        "",
        "Targets are for this 2-core machine with PostgreSQL. Other work running on the machine",
        "(see the load average) slows every figure.",
        "",
    ]
    return "\n".join(lines)
