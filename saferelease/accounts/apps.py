from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferelease.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from saferelease.accounts import tokens  # noqa: F401  (registers the schema extension)
        from saferelease.core import navigation

        navigation.register(
            navigation.NavItem(
                "Your account", "accounts:account", "/accounts/", navigation.signed_in, order=95
            )
        )
