"""API tokens moved from Django REST framework's ``authtoken`` (each token stored in
clear, never expiring) to django-rest-knox (digests with an expiry). The old table is
dropped so no readable token is left in the database; old tokens stop working and are
reissued with ``saferelease user token USERNAME`` (docs/security.md, "API tokens")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop)
    ]
