"""The full-text structure of each backend, created only on its own database.

SQLite: an FTS5 table of pre-tokenised text (gongkai.search.tokenise, bigrams), split by
unicode61 at the spaces; rowid = item id; `facets` holds the filter tokens.
PostgreSQL: a tsvector of the same tokens ('simple' configuration, weighted by field) with a
GIN index. The choice of both is measured in docs/benchmarks.md.
"""

from django.db import migrations

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, doc_number, keywords, body, attachments, facets, "
        "tokenize = 'unicode61 remove_diacritics 0')",
        "DROP TABLE IF EXISTS search_fts",
    ),
]
POSTGRESQL = [
    (
        "ALTER TABLE search_entry ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
        "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
    ),
    (
        "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
        "DROP INDEX IF EXISTS search_entry_document",
    ),
]


def _statements(vendor, backwards=False):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])
    if backwards:
        return [undo for _, undo in reversed(statements)]
    return [do for do, _ in statements]


def forwards(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor, backwards=True):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
