"""Users: a role and the establishments they are assigned to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from saferelease.accounts.roles import (
    ACTION_PLAN_MANAGE_ROLES,
    ALL_ESTABLISHMENT_ROLES,
    CASE_ASSIGN_ROLES,
    CASE_UPDATE_ROLES,
    ESTABLISHMENT_EDIT_ROLES,
    JUDGEMENT_ROLES,
    PRISONER_RECORD_ROLES,
    RULE_SETTING_ROLES,
    Role,
    role_choices,
)


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

    @property
    def sees_all_establishments(self) -> bool:
        return self.is_superuser or self.role_enum in ALL_ESTABLISHMENT_ROLES

    @property
    def may_view_prisoner_records(self) -> bool:
        return self.is_superuser or self.role_enum in PRISONER_RECORD_ROLES

    @property
    def may_update_cases(self) -> bool:
        return self.is_superuser or self.role_enum in CASE_UPDATE_ROLES

    @property
    def may_assign_cases(self) -> bool:
        return self.is_superuser or self.role_enum in CASE_ASSIGN_ROLES

    @property
    def may_manage_action_plans(self) -> bool:
        return self.is_superuser or self.role_enum in ACTION_PLAN_MANAGE_ROLES

    @property
    def may_record_judgements(self) -> bool:
        return self.role_enum in JUDGEMENT_ROLES

    @property
    def may_edit_establishments(self) -> bool:
        return self.is_superuser or self.role_enum in ESTABLISHMENT_EDIT_ROLES

    @property
    def may_change_rule_settings(self) -> bool:
        return self.is_superuser or self.role_enum in RULE_SETTING_ROLES

    @property
    def is_audit_admin(self) -> bool:
        return self.is_superuser or self.role_enum == Role.ADMIN
