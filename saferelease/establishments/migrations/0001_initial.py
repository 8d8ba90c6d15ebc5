import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Establishment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="NOMIS agency code, for example LTI",
                        max_length=10,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z][A-Z0-9]{1,9}$",
                                "An establishment code is capital letters and digits",
                            )
                        ],
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("active", models.BooleanField(default=True)),
                ("male", models.BooleanField(default=False)),
                ("female", models.BooleanField(default=False)),
                ("contracted", models.BooleanField(default=False, help_text="Privately run")),
                (
                    "categories",
                    models.CharField(
                        blank=True,
                        help_text="Security categories, |-separated, for example B|C",
                        max_length=50,
                    ),
                ),
                (
                    "designated_resettlement",
                    models.BooleanField(
                        default=False,
                        help_text="Designated resettlement prison (not in the register: set by staff)",
                    ),
                ),
            ],
            options={"ordering": ["name"]},
        ),
    ]
