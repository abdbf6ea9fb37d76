"""`manage.py run_locked <command> [args]`: one process at a time, across hosts.

Container replicas starting together would otherwise run `migrate` or load
the demo catalog at the same moment. The command runs under a PostgreSQL
advisory lock named after it; the others wait, then find the work done.
"""
import time
import zlib

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

POLL_SECONDS = 0.2
WAIT_SECONDS = 600


def lock_key(name: str) -> int:
    """A stable advisory lock key per command name (63-bit, away from the app's fixed keys)."""
    return 7_405_000_000_000 + zlib.crc32(name.encode())


class Command(BaseCommand):
    help = "Run a management command while holding a PostgreSQL advisory lock named after it."

    def add_arguments(self, parser):
        parser.add_argument("command_name")

    def run_from_argv(self, argv):
        # Everything after the command's name belongs to that command (its options too).
        self._passthrough = argv[3:]
        super().run_from_argv(argv[:3])

    def handle(self, *args, command_name, **options):
        key = lock_key(command_name)
        deadline = time.monotonic() + WAIT_SECONDS
        # Polled, not blocking: the statement timeout would cancel a long pg_advisory_lock.
        while not self._try_lock(key):
            if time.monotonic() >= deadline:
                raise CommandError(f"{command_name} is still running elsewhere after {WAIT_SECONDS}s")
            time.sleep(POLL_SECONDS)
        try:
            call_command(command_name, *getattr(self, "_passthrough", []))
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])

    @staticmethod
    def _try_lock(key):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            return cursor.fetchone()[0]
