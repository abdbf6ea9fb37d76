from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent for the PostgreSQL search fallback (a trusted extension since PostgreSQL 13)."""

    dependencies = [("search", "0002_change_sequence")]

    operations = [UnaccentExtension()]
