"""tests/security: the backup/restore test needs PostgreSQL; elsewhere it is deselected with a reason."""

from django.conf import settings

BACKUP_TEST = "test_backup_restore.py"
REASON = "tests/security/test_backup_restore.py deselected: DATABASE_URL is not PostgreSQL (pg_dump/pg_restore)"


def _is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    if _is_postgres():
        return
    deselected = [item for item in items if item.nodeid.split("::")[0].endswith(BACKUP_TEST)]
    if deselected:
        items[:] = [item for item in items if item not in deselected]
        config.hook.pytest_deselected(items=deselected)
        config._waypoint_backup_reason = REASON


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reason = getattr(config, "_waypoint_backup_reason", None)
    if reason:
        terminalreporter.write_line(reason)
