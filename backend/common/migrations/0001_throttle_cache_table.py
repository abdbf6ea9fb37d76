"""Creates the throttles' DatabaseCache table (settings.CACHES["throttle"]), owned by `common`:
the login limits, the client-address throttles and the subscriptions' count in it.

`manage.py createcachetable` does the same, but every deployment already runs `migrate`
(make run, Docker entrypoint, tests), so the table can't be forgotten. A database migrated
before has it as `emails_throttle_cache` (made by emails/0002, which now does nothing):
renamed, counters kept. createcachetable skips a table that exists.
"""
from django.conf import settings
from django.core.management import call_command
from django.db import migrations

OLD_TABLE = "emails_throttle_cache"


def create_throttle_cache_table(apps, schema_editor):
    connection = schema_editor.connection
    table = settings.CACHES["throttle"]["LOCATION"]
    existing = connection.introspection.table_names()
    if OLD_TABLE in existing and table not in existing:
        quote = schema_editor.quote_name
        schema_editor.execute(f"ALTER TABLE {quote(OLD_TABLE)} RENAME TO {quote(table)}")
    call_command("createcachetable", database=connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_throttle_cache_table, migrations.RunPython.noop)]
