"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log.

The model already refuses changes through the ORM; this trigger also covers raw SQL and any
other client with the application's database role. (SQLite: ORM protection only.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION waypoint_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS waypoint_audit_append_only ON outreach_auditevent;
CREATE TRIGGER waypoint_audit_append_only BEFORE UPDATE OR DELETE ON outreach_auditevent
  FOR EACH ROW EXECUTE FUNCTION waypoint_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS waypoint_audit_append_only ON outreach_auditevent;
DROP FUNCTION IF EXISTS waypoint_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_person_encounter_audit")]
    operations = [migrations.RunPython(forwards, backwards)]
