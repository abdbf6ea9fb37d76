"""`manage.py run_locked <command> [args]`: one process at a time, across hosts.

Container replicas starting together would otherwise run `migrate` or load
the demo catalog at the same moment. The command runs under a PostgreSQL
advisory lock named after it; the others wait, then find the work done.
"""
import zlib

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from common.locks import advisory_lock

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
        with advisory_lock(lock_key(command_name), wait_seconds=WAIT_SECONDS) as taken:
            if not taken:
                raise CommandError(f"{command_name} is still running elsewhere after {WAIT_SECONDS}s")
            call_command(command_name, *getattr(self, "_passthrough", []))
