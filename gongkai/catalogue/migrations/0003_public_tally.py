"""The public tally and the triggers that keep it (see PublicTally).

An item counts while it is published and disclosed proactively, under its agency, Art. 20
category, subject (0: none), year of publication (0: none) and validity. Every insert, delete
and update of those columns takes one from the old key and adds one to the new, in the same
statement's transaction. The tally is then filled from the items already there.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY = "agency_id, statutory_category, subject_key, year, validity"
PUBLIC = "{row}.status = 'published' AND {row}.attribute = 'proactive'"
YEAR = {
    "sqlite": "COALESCE(CAST(substr({row}.published_on, 1, 4) AS INTEGER), 0)",
    "postgresql": "COALESCE(EXTRACT(YEAR FROM {row}.published_on)::integer, 0)",
}
COLUMNS = "status, attribute, agency_id, statutory_category, subject_id, published_on, validity"


def _values(vendor: str, row: str) -> str:
    year = YEAR[vendor].format(row=row)
    return (
        f"{row}.agency_id, {row}.statutory_category, COALESCE({row}.subject_id, 0), {year}, "
        f"{row}.validity"
    )


def _matches(vendor: str, row: str) -> str:
    year = YEAR[vendor].format(row=row)
    return (
        f"agency_id = {row}.agency_id AND statutory_category = {row}.statutory_category "
        f"AND subject_key = COALESCE({row}.subject_id, 0) AND year = {year} "
        f"AND validity = {row}.validity"
    )


def _add(vendor: str) -> str:
    return (
        f"INSERT INTO catalogue_publictally ({KEY}, items) SELECT {_values(vendor, 'NEW')}, 1 "
        f"WHERE {PUBLIC.format(row='NEW')} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET items = catalogue_publictally.items + 1"
    )


def _take(vendor: str) -> str:
    return (
        "UPDATE catalogue_publictally SET items = items - 1 "
        f"WHERE {PUBLIC.format(row='OLD')} AND {_matches(vendor, 'OLD')}"
    )


def _fill(vendor: str) -> str:
    row = "catalogue_item"
    return (
        f"INSERT INTO catalogue_publictally ({KEY}, items) "
        f"SELECT {_values(vendor, row)}, count(*) FROM catalogue_item "
        f"WHERE {PUBLIC.format(row=row)} GROUP BY 1, 2, 3, 4, 5"
    )


SQLITE = [
    f"CREATE TRIGGER catalogue_item_tally_insert AFTER INSERT ON catalogue_item "
    f"BEGIN {_add('sqlite')}; END",
    f"CREATE TRIGGER catalogue_item_tally_update AFTER UPDATE OF {COLUMNS} ON catalogue_item "
    f"BEGIN {_take('sqlite')}; {_add('sqlite')}; END",
    f"CREATE TRIGGER catalogue_item_tally_delete AFTER DELETE ON catalogue_item "
    f"BEGIN {_take('sqlite')}; END",
]
POSTGRESQL = [
    f"""CREATE FUNCTION catalogue_item_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {_take('postgresql')};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_add('postgresql')};
    END IF;
    RETURN NULL;
END $$""",
    f"CREATE TRIGGER catalogue_item_tally AFTER INSERT OR DELETE OR UPDATE OF {COLUMNS} "
    "ON catalogue_item FOR EACH ROW EXECUTE FUNCTION catalogue_item_tally()",
]
UNDO = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS catalogue_item_tally_insert",
        "DROP TRIGGER IF EXISTS catalogue_item_tally_update",
        "DROP TRIGGER IF EXISTS catalogue_item_tally_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS catalogue_item_tally ON catalogue_item",
        "DROP FUNCTION IF EXISTS catalogue_item_tally()",
    ],
}


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRESQL}[vendor]:
        schema_editor.execute(sql, params=None)
    schema_editor.execute(_fill(vendor), params=None)


def backwards(apps, schema_editor):
    for sql in UNDO[schema_editor.connection.vendor]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_agency_index_pattern'),
        ('catalogue', '0002_portal_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('statutory_category', models.CharField(max_length=8)),
                ('subject_key', models.PositiveIntegerField()),
                ('year', models.PositiveSmallIntegerField()),
                ('validity', models.CharField(max_length=10)),
                ('items', models.IntegerField(default=0)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.agency')),
            ],
            options={
                'verbose_name': '公开条目计数',
                'verbose_name_plural': '公开条目计数',
                'constraints': [models.UniqueConstraint(fields=('agency', 'statutory_category', 'subject_key', 'year', 'validity'), name='public_tally_key')],
            },
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
