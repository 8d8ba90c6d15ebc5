"""Load the 173 establishments of the public MoJ prison register (data/prisons.csv).

The CSV is a copy kept in the project: the product never reads ../shared at run time.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "prisons.csv"


def load(apps, schema_editor):
    Establishment = apps.get_model("establishments", "Establishment")
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Establishment.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "active": row["active"] == "True",
                    "male": row["male"] == "True",
                    "female": row["female"] == "True",
                    "contracted": row["contracted"] == "True",
                    "categories": row["categories"],
                },
            )


def unload(apps, schema_editor):
    apps.get_model("establishments", "Establishment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("establishments", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
