from django.db import migrations


class Migration(migrations.Migration):
    """The ever-growing counter behind PendingIndexChange.seq."""

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS search_change_seq",
            "DROP SEQUENCE IF EXISTS search_change_seq",
        ),
    ]
