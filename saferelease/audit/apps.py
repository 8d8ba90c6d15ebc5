from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferelease.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Audit",
                "audit:list",
                "/audit/",
                lambda request: getattr(request.user, "is_audit_admin", False),
                order=90,
            )
        )
