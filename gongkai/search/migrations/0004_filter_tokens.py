"""PostgreSQL: the filter values (agency, Art. 20 category, subject, year, validity) become
tokens of each entry's tsvector, so that a filter is answered by the GIN index (see
backends/postgres.py). Entries indexed before get them here, written by SQL the way
`backends.base.facet_tokens` writes them (a test holds the two together); a later reindex
writes the same."""

from django.db import migrations

TOKENS = (
    "'ag' || lpad(agency_id::text, 10, '0')"
    " || ' ct' || lpad(split_part(statutory_category, '-', 1), 2, '0')"
    " || lpad(coalesce(nullif(split_part(statutory_category, '-', 2), ''), '0'), 2, '0')"
    " || coalesce(' sj' || lpad(subject_id::text, 10, '0'), '')"
    " || ' yr' || lpad(year::text, 4, '0')"
    " || ' vd' || replace(validity, '_', '')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE search_entry SET document = document || to_tsvector('simple', {TOKENS})",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_entry SET document = ts_delete(document, "
            f"tsvector_to_array(to_tsvector('simple', {TOKENS})))",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_head")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
