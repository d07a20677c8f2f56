# Rate-limit counters (core.ratelimit). Numbered 0003 because 0002 is another branch's;
# the dependency is to be set to that migration when both are merged.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
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
