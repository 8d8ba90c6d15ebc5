"""An establishment's settings of the deadline rules, as the engine takes them (pure).

A rule whose authority is a local default (``docs/deadline-rules.md``) can be switched off
or given another offset by an establishment; a rule that declares a ``local_condition``
(the resettlement transfer: "are transfers expected from this establishment?") can be
switched off whatever its authority. The database keeps the settings with who changed them
and why (``saferelease.release_planning.models.RuleSetting``); the engine takes them as
:data:`LocalSettings`, a mapping of rule code to :class:`LocalRule`, and stays pure. A
rule with no entry is evaluated as declared, so an establishment without settings gets
exactly the national results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, TypeAlias

from saferelease.deadlines.rule import Offset, Rule
from saferelease.deadlines.vocabularies import Authority

__all__ = ["LocalRule", "LocalSettings", "may_change_offset", "may_switch_off"]


class LocalRule(NamedTuple):
    """How one establishment has changed one rule: ``switched_off``, or another ``offset``
    (before the ERD); ``words`` say so in the results' explanations ("switched off at
    Littlehey (HMP): reason", "Littlehey (HMP)'s setting: reason")."""

    switched_off: bool
    offset: Offset | None
    words: str


#: Rule code to the establishment's change of it.
LocalSettings: TypeAlias = Mapping[str, LocalRule]


def may_switch_off(rule: Rule) -> bool:
    """A local default, or a rule that applies only where the establishment says so."""
    return rule.authority == Authority.LOCAL_DEFAULT or bool(rule.local_condition)


def may_change_offset(rule: Rule) -> bool:
    """A local default counted by one offset from the ERD (not a hook's branches)."""
    return rule.authority == Authority.LOCAL_DEFAULT and rule.due_date_hook is None
