from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saferelease.core"
    label = "core"
    verbose_name = "Safe Release core"
