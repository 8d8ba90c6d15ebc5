"""On PostgreSQL, a trigger refuses every UPDATE and DELETE on the audit table, so the
trail stays append-only even for SQL sent on the app's own connection. SQLite has no
such guard (the model and queryset still refuse). Archiving old rows is a documented
maintenance procedure: docs/security.md, "Audit trail"."""

from django.db import migrations

TABLE = "audit_auditentry"
FUNCTION = "audit_auditentry_refuse_change"
TRIGGER = "audit_auditentry_append_only"

CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % on {TABLE} refused', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Archiving old entries is described in docs/security.md.';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER {TRIGGER}
        BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()
    """,
]
DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}", f"DROP FUNCTION IF EXISTS {FUNCTION}()"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
