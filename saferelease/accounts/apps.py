from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferelease.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"
