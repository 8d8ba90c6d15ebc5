from django.apps import AppConfig
from django.http import HttpRequest


class OmuConfig(AppConfig):
    name = "saferelease.omu"
    label = "omu"
    verbose_name = "Offender management unit"

    def ready(self) -> None:
        from saferelease.accounts.capabilities import Capability, has
        from saferelease.core import navigation

        def sees_prisoners(request: HttpRequest) -> bool:
            return has(request.user, Capability.VIEW_PRISONER_RECORDS)

        navigation.register(
            navigation.NavItem(
                "COM reports", "omu:com_reports", "/omu/com-reports/", sees_prisoners, order=25
            )
        )
        navigation.register(
            navigation.NavItem("Quality assurance", "omu:qa", "/omu/qa/", sees_prisoners, order=26)
        )
        navigation.register(
            navigation.NavItem(
                "Programmes", "omu:programmes", "/omu/programmes/", sees_prisoners, order=27
            )
        )
