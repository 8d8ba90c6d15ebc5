from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "saferelease.establishments"
    label = "establishments"
    verbose_name = "Establishments"

    def ready(self) -> None:
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Establishments",
                "establishments:list",
                "/establishments/",
                navigation.signed_in,
                order=80,
            )
        )
