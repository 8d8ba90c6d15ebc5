from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferelease.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from saferelease.accounts.capabilities import Capability, has
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Audit",
                "audit:list",
                "/audit/",
                lambda request: has(request.user, Capability.ADMINISTER),
                order=90,
            )
        )
