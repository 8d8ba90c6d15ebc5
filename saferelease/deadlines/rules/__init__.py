"""Every deadline rule, one module each, registered in :data:`RULES`.

A rule's module holds its words (the docstring: title, the rule, its policy source), the
functions only it needs (its population, a due-date hook) and ``RULE``, its declaration.
Adding a rule is its module, one line in :data:`RULES` and the docs
(``docs/how-to/add-a-deadline-rule.md``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from saferelease.deadlines.rule import Rule
from saferelease.deadlines.rules import (
    ap_application,
    com_allocated,
    duty_to_refer,
    health_discharge_plan,
    irmt_review,
    licence_approved,
    mappa_level_set,
    oasys_current,
    release_address,
    resettlement_plan,
    resettlement_transfer,
)

__all__ = ["RULES", "RULES_BY_CODE"]

#: Every rule, in the order results are listed (pages, API, ``saferelease milestones``).
RULES: Final[tuple[Rule, ...]] = (
    oasys_current.RULE,
    com_allocated.RULE,
    mappa_level_set.RULE,
    irmt_review.RULE,
    ap_application.RULE,
    resettlement_plan.RULE,
    resettlement_transfer.RULE,
    duty_to_refer.RULE,
    licence_approved.RULE,
    release_address.RULE,
    health_discharge_plan.RULE,
)

#: The same rules by code.
RULES_BY_CODE: Final[MappingProxyType[str, Rule]] = MappingProxyType(
    {rule.code: rule for rule in RULES}
)
