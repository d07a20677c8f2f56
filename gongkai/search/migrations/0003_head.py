"""PostgreSQL: a second, small tsvector of the title, document number and keywords alone.

It is never TOASTed, so ranking it costs little; the PostgreSQL backend ranks it instead of
the whole `document` when a query has more than a few hundred matches (measured in
docs/benchmarks.md, "PostgreSQL: tsvector or pg_trgm"). After this migration, run
`gongkai search reindex` to fill it for items indexed before.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_entry ADD COLUMN head tsvector NOT NULL DEFAULT ''::tsvector"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_entry DROP COLUMN IF EXISTS head")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
