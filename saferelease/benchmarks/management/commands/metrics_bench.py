# ruff: noqa: S311 - seeded pseudo-random numbers: synthetic, reproducible data
"""`saferelease metrics_bench [--populate]`: time the metrics dashboards at national scale.

Only on a database whose name contains "bench" (``--populate`` deletes every prisoner in
it), for example::

    createdb -h 127.0.0.1 -U postgres saferelease_metrics_bench 2>/dev/null
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/saferelease_metrics_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py metrics_bench --populate --as-of 2026-11-23

``--populate`` writes a fictional population with the demo generator: about 90,000 men in
custody across the active establishments and 24 months of releases (3,000 a month). The
timings are the selectors alone (``national_report``, ``metric_report``) and the pages'
server time through Django's test client (``DEBUG`` off): wall and CPU time, median of
``--runs`` after a warm-up.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import os
import pstats
import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from saferelease.accounts.models import User
from saferelease.benchmarks.national import national_establishments, national_sizes
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.demo.generator import SEED, PrisonNumbers, PrisonProfile, generate_prisoner
from saferelease.establishments.models import Establishment
from saferelease.metrics import selectors
from saferelease.metrics.periods import default_period
from saferelease.release_planning.models import Prisoner

BATCH = 5000


def _population(
    establishments: list[Establishment], *, as_of: dt.date, total: int, releases: int, months: int
) -> Iterator[Prisoner]:
    """``total`` men in custody at ``as_of`` and ``releases`` a month over ``months``."""
    sizes = national_sizes(establishments, total)
    numbers = PrisonNumbers(SEED + 7)
    rng = random.Random(f"{SEED}:metrics-bench")
    for establishment in establishments:
        size = sizes[establishment.code]
        profile = PrisonProfile(
            code=establishment.code,
            population=size,
            releases_per_month=releases * size / total,
            sexual_share=rng.uniform(0.05, 0.3),
            indeterminate=round(size * rng.uniform(0.02, 0.12)),
            remand_share=rng.uniform(0.0, 0.2),
            designated_resettlement=establishment.designated_resettlement,
            history_months=months,
        )
        days = round(months * 30.44)
        released_on = [
            as_of - dt.timedelta(days=rng.randint(0, days - 1))
            for _ in range(round(profile.releases_per_month * months))
        ]
        refs = [(as_of, False)] * size + [(day, True) for day in released_on]
        for index, (ref, released) in enumerate(refs):
            row = generate_prisoner(
                profile=profile,
                index=index,
                ref=ref,
                as_of=as_of,
                released=released,
                prison_number=numbers.next(),
                salt="metrics-bench",
            )
            del row["establishment"], row["pom"]
            yield Prisoner(establishment_id=establishment.pk, **row)


def _runs(function: Callable[[], Any], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run, after a warm-up. CPU time is this process's
    (not PostgreSQL's); on a busy machine it is the fairer figure."""
    function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


class Command(BaseCommand):
    help = "Time the metrics dashboards on a synthetic national population (bench databases)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--populate", action="store_true", help="Delete and regenerate")
        parser.add_argument("--prisoners", type=int, default=90_000, help="In custody")
        parser.add_argument(
            "--releases-per-month", type=int, default=3_000, help="Releases generated a month"
        )
        parser.add_argument(
            "--history-months", type=int, default=24, help="Months of release history"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: the latest release")
        parser.add_argument(
            "--establishment", default="LTI", help="Establishment dashboard to time (code)"
        )
        parser.add_argument("--runs", type=int, default=5, help="Runs of each measurement")
        parser.add_argument(
            "--profile", metavar="FILE", help="cProfile the national report into FILE"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = Path(str(connection.settings_dict.get("NAME"))).name
        if "bench" not in name.lower():
            raise CommandError(
                f"Refusing to run on database '{name}': its name must contain 'bench'"
            )
        if options["populate"]:
            as_of = parse_date(options["as_of"]) if options["as_of"] else clock.today()
            self._populate(options, as_of)
        if options["as_of"]:
            as_of = parse_date(options["as_of"])
        else:
            latest = Prisoner.objects.exclude(released_on=None).order_by("-released_on")
            found = latest.values_list("released_on", flat=True).first()
            if found is None:
                raise CommandError("No releases: run with --populate first")
            as_of = found
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(DEBUG=False, STORAGES=storages):
            self._time(options, as_of)

    def _populate(self, options: dict[str, Any], as_of: dt.date) -> None:
        establishments = national_establishments()
        start = time.perf_counter()
        with transaction.atomic():
            Prisoner.objects.all().delete()
            batch: list[Prisoner] = []
            for prisoner in _population(
                establishments,
                as_of=as_of,
                total=options["prisoners"],
                releases=options["releases_per_month"],
                months=options["history_months"],
            ):
                batch.append(prisoner)
                if len(batch) == BATCH:
                    Prisoner.objects.bulk_create(batch)
                    batch = []
            Prisoner.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE release_planning_prisoner")
        self.stdout.write(
            f"Populated {Prisoner.objects.count():,} prisoners at {len(establishments)} "
            f"establishments as of {as_of} in {time.perf_counter() - start:.0f} s"
        )

    def _time(self, options: dict[str, Any], as_of: dt.date) -> None:
        runs, code = options["runs"], options["establishment"].upper()
        period = default_period(as_of)
        national = selectors.scope_unscoped()
        local = selectors.scope_unscoped([code])
        in_custody = Prisoner.objects.filter(establishment__code=code, released_on__isnull=True)
        self.stdout.write(
            f"{connection.vendor}, {Prisoner.objects.count():,} prisoners, period "
            f"{period.start} to {period.end}; {code}: {in_custody.count():,} in custody"
        )
        if options["profile"]:
            profiler = cProfile.Profile()
            profiler.runcall(selectors.national_report, national, period)
            profiler.dump_stats(options["profile"])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        user, _ = User.objects.get_or_create(
            username="metrics.bench", defaults={"role": "national_manager"}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        query = f"from_date={period.start:%d/%m/%Y}&to_date={period.end:%d/%m/%Y}"

        def page(url: str) -> Callable[[], None]:
            def get() -> None:
                response = client.get(f"{url}?{query}")
                if response.status_code != 200:
                    raise CommandError(f"GET {url} returned {response.status_code}")

            return get

        timings = {
            "national_report (period + 12 months + comparison)": lambda: selectors.national_report(
                national, period
            ),
            "metric_values (national, period only)": lambda: selectors.metric_values(
                national, period
            ),
            f"metric_report ({code})": lambda: selectors.metric_report(local, period),
            "GET /dashboards/": page("/dashboards/"),
            f"GET /dashboards/{code}/": page(f"/dashboards/{code}/"),
        }
        self.stdout.write(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for label, function in timings.items():
            walls, cpus = _runs(function, runs)
            shown = ", ".join(f"{t * 1000:.0f}" for t in walls)
            self.stdout.write(
                f"{label}: wall median {statistics.median(walls) * 1000:.0f} ms (runs: {shown}); "
                f"CPU median {statistics.median(cpus) * 1000:.0f} ms, "
                f"min {min(cpus) * 1000:.0f} ms"
            )
        self.stdout.write(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
