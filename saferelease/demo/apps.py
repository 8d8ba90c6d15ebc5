from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "saferelease.demo"
    label = "demo"
    verbose_name = "Synthetic demo data"
