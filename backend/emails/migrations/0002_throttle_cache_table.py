"""Made the throttles' cache table until `common` took it over (common/0001, which renames the
table this migration made on databases migrated before). Kept, doing nothing, so 0003 still
follows it and existing databases' history stays valid."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("emails", "0001_initial")]

    operations: list = []
