"""Users: a role and the establishments they are assigned to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.roles import Role, role_choices


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=role_choices(), default=Role.CASEWORKER)
    establishments = models.ManyToManyField(
        "establishments.Establishment", blank=True, related_name="users"
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    # The capabilities as templates read them: each asks `accounts.capabilities.has`.

    @property
    def sees_all_establishments(self) -> bool:
        return has(self, Capability.SEE_ALL_ESTABLISHMENTS)

    @property
    def may_view_prisoner_records(self) -> bool:
        return has(self, Capability.VIEW_PRISONER_RECORDS)

    @property
    def may_update_cases(self) -> bool:
        return has(self, Capability.UPDATE_CASES)

    @property
    def may_assign_cases(self) -> bool:
        return has(self, Capability.ASSIGN_CASES)

    @property
    def may_manage_omu(self) -> bool:
        return has(self, Capability.MANAGE_OMU)

    @property
    def may_manage_action_plans(self) -> bool:
        return has(self, Capability.MANAGE_ACTION_PLANS)

    @property
    def may_record_judgements(self) -> bool:
        return has(self, Capability.RECORD_JUDGEMENTS)

    @property
    def may_record_inspections(self) -> bool:
        return has(self, Capability.RECORD_INSPECTIONS)

    @property
    def may_see_readiness(self) -> bool:
        return has(self, Capability.SEE_READINESS)

    @property
    def may_edit_establishments(self) -> bool:
        return has(self, Capability.EDIT_ESTABLISHMENTS)

    @property
    def may_change_rule_settings(self) -> bool:
        return has(self, Capability.CHANGE_RULE_SETTINGS)

    @property
    def is_audit_admin(self) -> bool:
        return has(self, Capability.ADMINISTER)
