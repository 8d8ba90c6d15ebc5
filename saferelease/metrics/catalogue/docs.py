"""The tables of every metric in ``docs/metrics.md``, generated from the catalogue.

``test_definitions.py`` fails when the tables in the docs differ from
:func:`metrics_markdown_tables`; ``saferelease docs --write`` rewrites them (and every other
generated table) between their markers.
"""

from __future__ import annotations

from saferelease.metrics.catalogue import METRICS
from saferelease.metrics.catalogue.metric import Group

__all__ = ["metrics_markdown_tables"]


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def metrics_markdown_tables() -> str:
    """One table a group, in catalogue order (the tests check the docs match)."""
    sections = []
    for group in Group:
        lines = [
            f"### {group.value}",
            "",
            "| code | title | unit | better | definition |",
            "| --- | --- | --- | --- | --- |",
        ]
        for metric in METRICS:
            if metric.group == group:
                row = [
                    f"`{metric.code}`",
                    metric.title,
                    metric.unit.value,
                    metric.better.value,
                    metric.definition,
                ]
                lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
