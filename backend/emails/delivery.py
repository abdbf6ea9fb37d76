"""Getting an email from its OutboundEmail row to the SMTP server, exactly once.

1. `record` writes the row in the caller's transaction;
2. on commit, `dispatch` enqueues an RQ job on the `high` queue carrying the
   row's id only (retried with backoff, then left in RQ's failed registry). If Redis is unreachable, or the
   queue is off, it sends at once instead; if SMTP fails too, the row stays
   pending for `manage.py send_pending_emails` (cron). Nothing here raises into
   the request that caused the email;
3. `deliver` is the one sender: it locks the row, skips it if already sent,
   sends, and records the outcome, so the worker, the fallback and cron can
   never send one row twice.
"""
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rq import Retry

from common.queue import enqueue_or_run
from emails.models import OutboundEmail

logger = logging.getLogger(__name__)

QUEUE = "high"
JOB = "emails.tasks.deliver_email_job"
JOB_RETRIES = 3
# RQ's retries are over within minutes; a row queued longer than this lost its job.
QUEUED_GRACE = timedelta(hours=1)


def record(*, kind: str, message: dict, language: str = "") -> OutboundEmail:
    """An OutboundEmail row for `message` (plain data, see OutboundEmail.message_data)."""
    return OutboundEmail.objects.create(
        kind=kind,
        language=language or "",
        subject=message["subject"],
        from_email=message["from_email"],
        recipients=list(message["recipients"]),
        text_body=message["text"],
        html_body=message["html"],
        headers=dict(message.get("headers") or {}),
    )


def dispatch_on_commit(outbound_ids: Iterable[int]) -> None:
    ids = list(outbound_ids)
    if ids:
        transaction.on_commit(lambda: dispatch(ids), robust=True)


def dispatch(outbound_ids: Iterable[int]) -> None:
    """Enqueue the emails; without Redis, send them here (common.queue). Never raises."""
    pending = list(OutboundEmail.objects.filter(id__in=outbound_ids, status=OutboundEmail.Status.PENDING))
    if not pending:
        return

    def enqueue_all(queue):
        for outbound in pending:
            _enqueue(queue, outbound)

    def send_here():
        # Some may have been enqueued before Redis failed: `deliver` sends each row once at most.
        for outbound in pending:
            try:
                deliver(outbound.id, outbound.message_data())
            except Exception as error:
                logger.warning("emails: email %s stays pending for send_pending_emails: %s", outbound.id, error)

    enqueue_or_run(queue_name=QUEUE, enqueue=enqueue_all, inline=send_here, what="emails")


def _enqueue(queue, outbound):
    retry = Retry(max=JOB_RETRIES, interval=list(settings.EMAIL_RETRY_INTERVALS))
    queue.enqueue(
        JOB,  # by name: the job module imports this one
        kwargs={"outbound_id": outbound.id},  # the row holds the message: no personal data in Redis
        retry=retry,
        description=f"email {outbound.id}: {outbound.kind} to {len(outbound.recipients)} recipient(s)",
    )
    OutboundEmail.objects.filter(id=outbound.id).update(enqueued_at=timezone.now())


def send_message(message: dict) -> None:
    """Sends plain message data over Django's configured backend; raises on SMTP failure."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=message["recipients"],
        headers=message.get("headers") or None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    email.send(fail_silently=False)


def deliver(outbound_id: int, message: dict, *, give_up_on_failure: bool = False) -> bool:
    """Sends `message` for row `outbound_id` unless it was sent already; re-raises a send failure.

    The row stays locked while sending, so a concurrent sender skips it. A
    failure is recorded (attempts, error; status failed if `give_up_on_failure`)
    before it is re-raised. Returns False when there was nothing to send.
    """
    error = None
    with transaction.atomic():
        outbound = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(id=outbound_id).exclude(status=OutboundEmail.Status.SENT).first()
        )
        if outbound is None:
            return False
        outbound.attempts += 1
        try:
            send_message(message)
        except Exception as exc:
            error = exc
            outbound.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if give_up_on_failure:
                outbound.status = OutboundEmail.Status.FAILED
        else:
            outbound.status, outbound.sent_at = OutboundEmail.Status.SENT, timezone.now()
            outbound.last_error = ""
        outbound.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    if error is not None:
        raise error
    return True


def deliver_pending(*, retry_failed: bool = False, queued_grace: timedelta | None = None,
                    limit: int | None = None) -> tuple[int, int]:
    """Sends what the queue has not: pending rows never enqueued (Redis was down) or
    enqueued longer than `queued_grace` ago (the job was lost), and with
    `retry_failed` the failed ones too. Returns (sent, failed)."""
    grace = queued_grace if queued_grace is not None else QUEUED_GRACE
    due = Q(status=OutboundEmail.Status.PENDING) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=timezone.now() - grace)
    )
    if retry_failed:
        due |= Q(status=OutboundEmail.Status.FAILED)
    ids = list(OutboundEmail.objects.filter(due).order_by("created_at", "id").values_list("id", flat=True)[:limit])
    sent = failed = 0
    for outbound in OutboundEmail.objects.filter(id__in=ids).order_by("created_at", "id"):
        give_up = outbound.attempts + 1 >= settings.EMAIL_MAX_ATTEMPTS
        try:
            sent += bool(deliver(outbound.id, outbound.message_data(), give_up_on_failure=give_up))
        except Exception as error:
            failed += 1
            logger.warning("emails: email %s not sent (attempt %s): %s",
                           outbound.id, outbound.attempts + 1, error)
    return sent, failed
