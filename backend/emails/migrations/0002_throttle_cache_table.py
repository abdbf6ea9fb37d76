"""Creates the DatabaseCache table(s) of settings.CACHES (the `throttle` cache).

`manage.py createcachetable` does the same, but every deployment already runs
`migrate` (make run, Docker entrypoint, tests), so the table can't be forgotten.
It skips tables that exist; run `createcachetable` by hand after renaming one.
"""
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("emails", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
