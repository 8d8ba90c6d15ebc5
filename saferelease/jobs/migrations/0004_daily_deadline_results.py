from django.db import migrations


def install(apps, schema_editor):
    from saferelease.jobs.schedule import install_default_schedule

    # Adds the scheduled tasks missing from the default schedule (the daily deadline
    # results); existing ones, and administrators' changes to them, are left alone.
    install_default_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_metrics_export"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
