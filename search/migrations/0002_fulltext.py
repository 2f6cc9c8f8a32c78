"""Full-text indexes beside the search table, one per database vendor.

SQLite: an external-content FTS5 table (porter stemming) kept in step by triggers, so rows written
any way (ORM, bulk_create, raw SQL) are searchable at once.
PostgreSQL: a stored generated ``tsvector`` with a GIN index, and pg_trgm for the trigram fallback.
The Django model does not declare these columns: the engines reach them with raw SQL fragments.
"""

from django.db import migrations

TABLE = "search_servicesearchdocument"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        name, organization, text, content='{TABLE}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, name, organization, text) VALUES (new.id, new.name, new.organization, new.text);
    END""",
    f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, name, organization, text)
        VALUES ('delete', old.id, old.name, old.organization, old.text);
    END""",
    f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, name, organization, text)
        VALUES ('delete', old.id, old.name, old.organization, old.text);
        INSERT INTO search_fts(rowid, name, organization, text) VALUES (new.id, new.name, new.organization, new.text);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(organization, '')), 'B')
        || to_tsvector('english', coalesce(text, ''))) STORED""",
    f"CREATE INDEX search_doc_vector_gin ON {TABLE} USING gin (search_vector)",
    f"CREATE INDEX search_doc_name_trgm ON {TABLE} USING gin (name gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_name_trgm",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
