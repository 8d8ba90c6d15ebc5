from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "saferelease.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
