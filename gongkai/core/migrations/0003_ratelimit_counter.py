# Rate-limit counters (core.ratelimit).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_import_job"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("name", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("hits", models.PositiveIntegerField(default=0)),
                ("value", models.CharField(blank=True, max_length=100)),
                ("expires", models.BigIntegerField(db_index=True)),
            ],
        ),
    ]
