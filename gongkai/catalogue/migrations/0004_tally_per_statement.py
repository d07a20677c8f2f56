"""PostgreSQL: keep the public tally per statement, not per row; and let the public list's
index hold the primary key.

Per row, a bulk load of a million items updated the tally's rows a million times: every update
leaves a dead row version behind, and the 44,000-row tally grew to 72 MB, so the portal's
counts took 12–25 ms instead of under 1 (docs/benchmarks.md). Per statement, the triggers see
the statement's rows at once (transition tables) and change each key once, by the net amount,
and not at all when a save changed nothing counted. SQLite updates in place and keeps its row
triggers.

The index of public items by date gains the primary key, the order's tie-breaker, so a deep
page of the catalogue is read from the index alone on PostgreSQL (SQLite's indexes hold the
rowid already).
"""

from django.db import migrations, models

KEY = "agency_id, statutory_category, subject_key, year, validity"
PUBLIC = "status = 'published' AND attribute = 'proactive'"
COUNTED = (
    "agency_id, statutory_category, COALESCE(subject_id, 0), "
    "COALESCE(EXTRACT(YEAR FROM published_on)::integer, 0), validity"
)


def _change(parts: list[str]) -> str:
    """One upsert of the net change per key from the transition tables named in `parts`
    ("old_rows" counts -1, "new_rows" +1)."""
    union = " UNION ALL ".join(
        f"SELECT {COUNTED}, {-1 if part == 'old_rows' else 1} FROM {part} WHERE {PUBLIC}"
        for part in parts
    )
    return (
        f"INSERT INTO catalogue_publictally ({KEY}, items) "
        f"SELECT a, c, s, y, v, sum(d) FROM ({union}) AS change(a, c, s, y, v, d) "
        "GROUP BY a, c, s, y, v HAVING sum(d) <> 0 "
        f"ON CONFLICT ({KEY}) DO UPDATE SET items = catalogue_publictally.items + EXCLUDED.items"
    )


FUNCTION = f"""CREATE FUNCTION catalogue_item_tally_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_change(["new_rows"])};
    ELSIF TG_OP = 'UPDATE' THEN
        {_change(["old_rows", "new_rows"])};
    ELSE
        {_change(["old_rows"])};
    END IF;
    RETURN NULL;
END $$"""

FORWARDS = [
    "DROP TRIGGER IF EXISTS catalogue_item_tally ON catalogue_item",
    "DROP FUNCTION IF EXISTS catalogue_item_tally()",
    FUNCTION,
    "CREATE TRIGGER catalogue_item_tally_insert AFTER INSERT ON catalogue_item "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION catalogue_item_tally_statement()",
    # Transition tables cannot go with a column list: every UPDATE statement fires it, and
    # one that changed nothing counted changes no tally row.
    "CREATE TRIGGER catalogue_item_tally_update AFTER UPDATE ON catalogue_item "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION catalogue_item_tally_statement()",
    "CREATE TRIGGER catalogue_item_tally_delete AFTER DELETE ON catalogue_item "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION catalogue_item_tally_statement()",
]
BACKWARDS_SQL = [
    "DROP TRIGGER IF EXISTS catalogue_item_tally_insert ON catalogue_item",
    "DROP TRIGGER IF EXISTS catalogue_item_tally_update ON catalogue_item",
    "DROP TRIGGER IF EXISTS catalogue_item_tally_delete ON catalogue_item",
    "DROP FUNCTION IF EXISTS catalogue_item_tally_statement()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS_SQL:
            schema_editor.execute(sql, params=None)
        # The row trigger of 0003 again.
        from importlib import import_module

        previous = import_module("gongkai.catalogue.migrations.0003_public_tally")
        for sql in previous.POSTGRESQL:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_public_tally")]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveIndex(model_name="item", name="item_public_by_date"),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                fields=["status", "attribute", "published_on", "id"], name="item_public_by_date"
            ),
        ),
    ]
