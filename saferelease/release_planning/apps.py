from django.apps import AppConfig
from django.http import HttpRequest


class ReleasePlanningConfig(AppConfig):
    name = "saferelease.release_planning"
    label = "release_planning"
    verbose_name = "Release planning"

    def ready(self) -> None:
        from saferelease.accounts.capabilities import Capability, has
        from saferelease.core import navigation

        def sees_prisoners(request: HttpRequest) -> bool:
            return has(request.user, Capability.VIEW_PRISONER_RECORDS)

        navigation.register(
            navigation.NavItem(
                "Caseload", "release_planning:caseload", "/caseload/", sees_prisoners, order=10
            )
        )
        navigation.register(
            navigation.NavItem(
                "Releases", "release_planning:releases", "/releases/", sees_prisoners, order=20
            )
        )
