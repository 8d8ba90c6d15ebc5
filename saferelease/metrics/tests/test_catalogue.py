"""The catalogue: every family registered, the docs tables generated from it, and every
count a metric uses counted by the one pass."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from pathlib import Path

from saferelease.deadlines import Status
from saferelease.metrics import catalogue, counting
from saferelease.metrics.catalogue import METRICS, Released
from saferelease.metrics.catalogue.docs import metrics_markdown_tables
from saferelease.metrics.catalogue.men import ReleaseOutcome
from saferelease.metrics.catalogue.metric import InCustody, InCustodyWhile

DOC = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"


def test_every_family_module_is_registered():
    registered = {metric.code for metric in METRICS}
    for module in pkgutil.iter_modules(catalogue.__path__):
        family = importlib.import_module(f"{catalogue.__name__}.{module.name}")
        declared = getattr(family, "METRICS", ())
        missing = [metric.code for metric in declared if metric.code not in registered]
        assert missing == [], f"{module.name}.METRICS is not in catalogue.METRICS"


def test_the_docs_tables_are_generated_from_the_catalogue():
    text = DOC.read_text(encoding="utf-8")
    begin = "<!-- BEGIN GENERATED: metrics_markdown_tables() -->\n"
    end = "\n<!-- END GENERATED: metrics_markdown_tables() -->"
    assert text.split(begin, 1)[1].split(end, 1)[0] == metrics_markdown_tables()


def test_every_count_a_metric_uses_is_counted_once():
    used = [count for metric in METRICS for count in metric.figure.counts()]
    counted = [
        *counting.CUSTODY_COUNTS,
        *counting.WHILE_COUNTS,
        *counting.RELEASE_COUNTS,
        *counting.RECORD_COUNTS,
    ]
    assert set(used) == set(counted)
    assert len(counted) == len(set(counted))
    assert all(isinstance(count, InCustody) for count in counting.CUSTODY_COUNTS)
    assert all(isinstance(count, InCustodyWhile) for count in counting.WHILE_COUNTS)
    assert all(isinstance(count, Released) for count in counting.RELEASE_COUNTS)


def test_rows_start_with_the_named_man():
    assert counting.ROW_FIELDS[: len(counting.CUSTODY_FIELDS)] == counting.CUSTODY_FIELDS
    assert len(set(counting.ROW_FIELDS)) == len(counting.ROW_FIELDS)


def test_a_rule_outcome_looked_up_agrees_with_its_test():
    for count in counting.RELEASE_COUNTS:
        if count.rule_statuses is None:
            continue
        code, statuses = count.rule_statuses
        for status in Status:
            release = ReleaseOutcome(
                released_on=dt.date(2026, 1, 1),
                accommodation="",
                rosh="",
                mappa_category=None,
                mappa_level_set_date=None,
                statuses={code: status},
            )
            looked_up = count in counting.released_counts(release)
            assert looked_up is count.holds(release) is (status in statuses)
