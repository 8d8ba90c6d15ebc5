from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "saferelease.metrics"
    label = "metrics"
    verbose_name = "Public-protection metrics"

    def ready(self) -> None:
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Dashboards", "metrics:national", "/dashboards/", navigation.signed_in, order=30
            )
        )
