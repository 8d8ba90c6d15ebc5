from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "saferelease.actionplans"
    label = "actionplans"
    verbose_name = "Inspection action plans"

    def ready(self) -> None:
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Inspections",
                "actionplans:dashboard",
                "/inspections/",
                navigation.signed_in,
                order=40,
            )
        )
