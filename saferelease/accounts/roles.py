"""Roles and what each may do. Pure: no ORM.

The access model (docs/architecture.md#access-model):
- caseworker (shown to staff as "POM", prison offender manager, the name they use;
  the stored value stays "caseworker"): reads and updates cases at their establishments;
- omu_manager (head of OMU): as caseworker, plus assigning cases and reports;
- governor: reads everything at their establishments, manages action plans, sets the
  local-default deadline rules of their establishment;
- regional_manager, national_manager: read all establishments;
- inspector: reads action plans and metrics everywhere, records independent judgements,
  sees no individual prisoner records;
- admin: everything, including the audit trail and user management.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASEWORKER = "caseworker"
    OMU_MANAGER = "omu_manager"
    GOVERNOR = "governor"
    REGIONAL_MANAGER = "regional_manager"
    NATIONAL_MANAGER = "national_manager"
    INSPECTOR = "inspector"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CASEWORKER: "POM",
    Role.OMU_MANAGER: "Head of OMU",
    Role.GOVERNOR: "Governor",
    Role.REGIONAL_MANAGER: "Regional manager",
    Role.NATIONAL_MANAGER: "National manager",
    Role.INSPECTOR: "Inspector",
    Role.ADMIN: "Administrator",
}

# Roles that see every establishment rather than only those they are assigned to.
ALL_ESTABLISHMENT_ROLES = frozenset(
    {Role.REGIONAL_MANAGER, Role.NATIONAL_MANAGER, Role.INSPECTOR, Role.ADMIN}
)
# Roles that may open an individual prisoner's record.
PRISONER_RECORD_ROLES = frozenset(set(Role) - {Role.INSPECTOR})
# Roles that may change a prisoner's case (deadlines, completions, exemptions).
CASE_UPDATE_ROLES = frozenset({Role.CASEWORKER, Role.OMU_MANAGER, Role.ADMIN})
# Roles that may allocate POMs and import prisoner files.
CASE_ASSIGN_ROLES = frozenset({Role.OMU_MANAGER, Role.ADMIN})
# Roles that run the OMU's quality assurance (the monthly sample, its share, senior POMs and
# checklist) and its programmes.
OMU_MANAGE_ROLES = frozenset({Role.OMU_MANAGER, Role.ADMIN})
# Roles that may import action plans, add progress and change target dates.
ACTION_PLAN_MANAGE_ROLES = frozenset({Role.GOVERNOR, Role.OMU_MANAGER, Role.ADMIN})
# Roles that record independent judgements on recommendations.
JUDGEMENT_ROLES = frozenset({Role.INSPECTOR})
# Roles that record inspections, correct their details and import inspection reports.
INSPECTION_RECORD_ROLES = ACTION_PLAN_MANAGE_ROLES | JUDGEMENT_ROLES
# Roles that see the forecast of each establishment's readiness for its next inspection.
READINESS_ROLES = frozenset({Role.INSPECTOR, Role.ADMIN})
# Roles that may switch off or change a local-default deadline rule for their establishment.
RULE_SETTING_ROLES = frozenset({Role.GOVERNOR, Role.ADMIN})
# Roles that may change establishment reference data (resettlement designation, places).
ESTABLISHMENT_EDIT_ROLES = frozenset({Role.NATIONAL_MANAGER, Role.ADMIN})
# Roles that manage the national list of owner functions and their aliases (action plans).
OWNER_FUNCTION_ROLES = frozenset({Role.NATIONAL_MANAGER, Role.ADMIN})


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]
