"""`saferelease loadtest` (`make loadtest`): Locust, headless, against a served instance
(`make serve`) on the demo data; writes docs/loadtest.md. A tool, not the product."""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from saferelease.accounts.models import User
from saferelease.actionplans.models import ActionPlan
from saferelease.core import clock
from saferelease.demo.users import DEMO_USERS
from saferelease.release_planning.models import Prisoner

LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
#: Roles that may update cases: the simulated users sign in as these demo users.
WRITER_ROLES = {"caseworker", "omu_manager"}
#: The target for every page and API call, on this 2-core machine.
TARGET_P95_MS = 500
PAGES = (
    "caseload",
    "prisoner page",
    "releases board",
    "dashboard",
    "action plan",
    "API prisoner list",
    "API prisoner (before a write)",
    "API write (If-Match)",
    "health check (baseline)",
)


def _session_for(username: str) -> str:
    """A signed-in session for a demo user, made directly: staff sign in once a day, and
    the password hash (slow by design, about a second of CPU here) would otherwise swamp
    the first minute of the run."""
    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _config(users: int) -> dict[str, Any]:
    writers = [
        user
        for user in DEMO_USERS
        if user.role in WRITER_ROLES
        and len(user.establishments) == 1
        and User.objects.filter(username=user.username).exists()
    ]
    sign_ins = [
        {
            "username": writers[index % len(writers)].username,
            "establishment": writers[index % len(writers)].establishments[0],
            "session": _session_for(writers[index % len(writers)].username),
        }
        for index in range(users if writers else 0)
    ]
    if not sign_ins:
        raise CommandError("No demo users: load the demo data first (saferelease demo --no-serve)")
    places: dict[str, Any] = {}
    for code in sorted({s["establishment"] for s in sign_ins}):
        numbers = list(
            Prisoner.objects.in_custody()
            .filter(establishment__code=code)
            .order_by("prison_number")
            .values_list("prison_number", flat=True)[:500]
        )
        plans = list(
            ActionPlan.objects.filter(inspection__establishment__code=code).values_list(
                "pk", flat=True
            )[:20]
        )
        places[code] = {"prisoners": numbers, "plans": plans}
    sign_ins = [s for s in sign_ins if places[s["establishment"]]["prisoners"]]
    return {
        "sign_ins": sign_ins,
        "establishments": places,
        "users": users,
    }


def _stats(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ms(value: str) -> str:
    try:
        return f"{float(value):,.0f}"
    except ValueError:
        return value or "-"


class Command(BaseCommand):
    help = "Load-test a served instance with Locust (headless) and write docs/loadtest.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="http://127.0.0.1:8000", help="The served instance (make serve)"
        )
        parser.add_argument("--users", type=int, default=50, help="Simulated users (1-500)")
        parser.add_argument(
            "--spawn-rate",
            type=float,
            default=1,
            help="Users started a second (default 1: staff arrive over the first minute)",
        )
        parser.add_argument("--run-time", default="60s", help="How long each run: 30s, 2m, ...")
        parser.add_argument(
            "--wait",
            action="append",
            metavar="MIN-MAX",
            help=(
                "Seconds between a user's actions; one run each (default: 5-15, the target's "
                "pace, then 0.5-2, a stress run beyond it)"
            ),
        )
        parser.add_argument(
            "--keep-spawn-stats",
            action="store_true",
            help="Count the requests made while users are being spawned too",
        )
        parser.add_argument("--write", metavar="FILE", help="Write the report (Markdown) here")

    def handle(self, *args: Any, **options: Any) -> None:
        users = max(1, min(options["users"], 500))
        waits = options["wait"] or ["5-15", "0.5-2"]
        for wait in waits:
            low, _, high = wait.partition("-")
            try:
                if not 0 <= float(low) <= float(high or "x"):
                    raise ValueError
            except ValueError:
                raise CommandError(f"--wait {wait}: give seconds as MIN-MAX, like 5-15") from None
        runs = [self._run(options, users, wait) for wait in waits]
        report = self._report(options, users, runs)
        if options["write"]:
            Path(options["write"]).write_text(report, encoding="utf-8")
            self.stdout.write(f"Wrote {options['write']}")
        else:
            self.stdout.write(report)
        lost = sum(len(run["lost"]) for run in runs)
        if lost:
            raise CommandError(f"{lost} accepted writes are not stored")

    def _run(self, options: dict[str, Any], users: int, wait: str) -> dict[str, Any]:
        config = {**_config(users), "wait": wait}
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            (folder / "config.json").write_text(json.dumps(config))
            writes = folder / "writes.jsonl"
            writes.touch()
            env = {
                **os.environ,
                "LOADTEST_CONFIG": str(folder / "config.json"),
                "LOADTEST_WRITES": str(writes),
            }
            started = clock.now()
            load_before = os.getloadavg()
            command = [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(options["spawn_rate"]),
                "--run-time",
                options["run_time"],
                "--host",
                options["host"],
                "--csv",
                str(folder / "run"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            if not options["keep_spawn_stats"]:
                command.append("--reset-stats")
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
            rows = _stats(folder / "run_stats.csv") if (folder / "run_stats.csv").exists() else []
            if not rows:
                raise CommandError(f"Locust produced no figures:\n{done.stderr[-2000:]}")
            failures = _stats(folder / "run_failures.csv")
            accepted = [json.loads(line) for line in writes.read_text().splitlines() if line]
        last: dict[str, str] = {}
        for write in accepted:
            last[write["prisoner"]] = write["com_name"]
        stored = dict(
            Prisoner.objects.filter(prison_number__in=list(last)).values_list(
                "prison_number", "com_name"
            )
        )
        lost = sorted(number for number, value in last.items() if stored.get(number) != value)
        return {
            "wait": wait,
            "started": started,
            "rows": rows,
            "failures": failures,
            "accepted": accepted,
            "last": last,
            "lost": lost,
            "load_before": load_before,
            "load": os.getloadavg(),
        }

    def _report(self, options: dict[str, Any], users: int, runs: list[dict[str, Any]]) -> str:
        lines = [
            "# Load test",
            "",
            "Written by `make loadtest` (`saferelease loadtest`): Locust, headless, against",
            "`make serve` (gunicorn, production settings, PostgreSQL, whitenoise) on the demo",
            "data. Each simulated user signs in as a demo POM or head of OMU, then opens the",
            "caseload, a prisoner's page, the releases board, the establishment's dashboard, an",
            "action plan or the API's prisoner list, waiting between actions; 5% of its actions",
            "are writes through the API (a GET for the ETag, then a PATCH with If-Match). Each",
            "user writes to its own share of the prisoners, so after the run every prisoner",
            "written must hold the last value accepted for him: each is looked up. A few",
            "requests go to `/healthz`, which does almost nothing: its times show how long",
            "the machine itself keeps a request waiting.",
            "",
            f"- {users} users, spawned at {options['spawn_rate']:g} a second, each run "
            f"{options['run_time']}, against {options['host']}. Each user starts signed in: "
            "the command makes a session for it (staff sign in once a day; the password "
            "hash, slow by design, is not what is measured here). "
            + (
                "Figures are from the end of spawning on (`--reset-stats`)."
                if not options["keep_spawn_stats"]
                else "Figures include spawning."
            ),
            f"- Machine: {os.cpu_count()} CPUs ({platform.machine()}); {connection.vendor}, "
            "gunicorn and Locust itself all on it. The load average before each run shows "
            "whether anything else was running: if so the figures are pessimistic.",
            "- The target is for the first pace (an action every 5-15 s, already far busier "
            "than staff reading records). The second pace (0.5-2 s, ten times the requests) is "
            "a stress run past the target: it shows where this machine saturates, and that "
            "nothing fails or is lost when it does.",
            "",
        ]
        for index, run in enumerate(runs):
            lines += self._section(run, target=index == 0)
        lines += [
            "Re-run: `make serve` in one terminal (on a database with the demo data:",
            "`DATABASE_URL=... saferelease demo --no-serve`), then `make loadtest`",
            "(`LOADTEST_USERS`, `LOADTEST_TIME`, `PORT`; `saferelease loadtest --help`).",
            "",
        ]
        return "\n".join(lines)

    def _section(self, run: dict[str, Any], *, target: bool) -> list[str]:
        """One run's figures; ``target``: the run the target is for (the first pace), else
        a stress run, whose p95 is reported but not judged."""
        by_name = {row["Name"]: row for row in run["rows"]}
        total = by_name.get("Aggregated", {})
        last, lost = run["last"], run["lost"]
        load = ", ".join(f"{value:.2f}" for value in run["load"])
        measured = [
            (name, float(by_name[name]["95%"] or 0))
            for name in PAGES
            if name in by_name and name != "health check (baseline)"
        ]
        worst = max(measured, key=lambda item: item[1], default=("-", 0.0))
        baseline = by_name.get("health check (baseline)", {})
        errors = int(total.get("Failure Count", "0") or 0)
        met = errors == 0 and not lost and worst[1] < TARGET_P95_MS
        load_before = ", ".join(f"{value:.2f}" for value in run["load_before"])
        lines = [
            f"## Between actions: {run['wait']} s",
            "",
            (
                f"- Target (0 errors, 0 lost writes, p95 under {TARGET_P95_MS} ms for every page "
                f"and API call): **{'met' if met else 'not met'}**; the slowest p95 is "
                if target
                else f"- Stress run, past the target's pace: {errors} errors, {len(lost)} lost "
                "writes; the slowest p95 is "
            )
            + f"{worst[0]}, {_ms(str(worst[1]))} ms; the health check's p50 and p95 (the "
            f"machine's own delay) are {_ms(baseline.get('50%', ''))} and "
            f"{_ms(baseline.get('95%', ''))} ms.",
            f"- Run: {run['started']:%Y-%m-%d %H:%M} UTC; load average before: {load_before}; "
            f"at the end: {load}.",
            f"- Requests: {total.get('Request Count', '0')}, failures: "
            f"{total.get('Failure Count', '0')}; "
            f"{float(total.get('Requests/s', 0) or 0):.1f} requests a second.",
            f"- Writes: {len(run['accepted'])} accepted (to {len(last)} prisoners); "
            f"{len(last) - len(lost)} of {len(last)} prisoners hold their last accepted value, "
            f"**{len(lost)} lost**.",
            "",
            "| page | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name in (*PAGES, "Aggregated"):
            row = by_name.get(name)
            if row is None:
                continue
            lines.append(
                f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
                f"{_ms(row['50%'])} | {_ms(row['95%'])} | {_ms(row['99%'])} | "
                f"{_ms(row['Max Response Time'])} |"
            )
        if run["failures"]:
            lines += ["", "Failures:", ""]
            lines += [
                f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']} times)"
                for row in run["failures"]
            ]
        lines.append("")
        return lines
