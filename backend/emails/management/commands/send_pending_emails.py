"""`manage.py send_pending_emails`: cron's safety net for the email outbox.

Sends the emails that never reached a queue (Redis was down and the direct
send failed too) or whose job was lost; RQ handles everything else. First it
records the back-in-stock alerts still owed (their on-commit run was lost).
"""
from datetime import timedelta

from django.core.management.base import BaseCommand

from emails.delivery import QUEUED_GRACE, deliver_pending
from emails.models import OutboundEmail
from emails.services import notify_owed_back_in_stock


class Command(BaseCommand):
    help = "Send pending emails that no RQ job is delivering (run from cron every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true", help="also resend emails marked failed")
        parser.add_argument(
            "--queued-grace", type=int, default=int(QUEUED_GRACE.total_seconds()),
            help="seconds an enqueued email is left to the worker before it counts as lost "
                 "(default %(default)s)",
        )
        parser.add_argument("--limit", type=int, default=None, help="send at most this many")

    def handle(self, *args, retry_failed, queued_grace, limit, **options):
        owed = notify_owed_back_in_stock()
        if owed:
            self.stdout.write(f"Back-in-stock alerts owed and recorded now: {owed}")
        sent, failed = deliver_pending(
            retry_failed=retry_failed, queued_grace=timedelta(seconds=queued_grace), limit=limit
        )
        counts = {
            status: OutboundEmail.objects.filter(status=status).count()
            for status in OutboundEmail.Status.values
        }
        self.stdout.write(
            f"Sent {sent}, failed {failed}; outbox: {counts['pending']} pending, {counts['failed']} failed"
        )
