"""Moving the test database between migration states, for tests of a migration itself."""
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Applies or unapplies up to `targets` ([(app, migration name or None)]); the apps as of
    then when every target names a migration (None: none of that app's)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps if all(name for _, name in targets) else None


def migrate_to_latest():
    """Every app's latest migration: going back to an app's earlier state also unapplies the
    other apps' migrations that depend on it, which a later test's tables need."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
