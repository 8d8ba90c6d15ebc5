"""The rules table in ``docs/deadline-rules.md``, generated from the declarations.

``test_rules.py`` fails when the table in the docs differs from :func:`rules_markdown_table`;
``saferelease docs`` rewrites it between its markers (``saferelease/core/generated_docs.py``).
"""

from __future__ import annotations

from saferelease.deadlines.rules import RULES

__all__ = ["rules_markdown_table"]


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def rules_markdown_table() -> str:
    """The rules table in ``docs/deadline-rules.md`` (the tests check they match)."""
    lines = [
        "| code | rule | who | counts from | offset | window | completed by | source | authority "
        "| severity | worked example |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        completed = f"`{rule.completed_by}`"
        if rule.exemption_field:
            completed += f"; exempt with `{rule.exemption_field}`"
        row = [
            f"`{rule.code}`",
            rule.title,
            rule.applies_to_description + ("; needs an ERD" if rule.needs_erd else ""),
            rule.anchor_description,
            rule.offset_words,
            f"{rule.window_days} days",
            completed,
            rule.source,
            f"{rule.authority.label}. {rule.authority_note}",
            rule.severity.label,
            rule.example.working if rule.example else "",
        ]
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)
