"""Reads about the email outbox, for health checks."""
from django.db.models import Min
from django.utils import timezone

from emails.models import OutboundEmail


def oldest_pending_email_age() -> float | None:
    """Seconds since the oldest email still owed (pending) was created; None when none is."""
    oldest = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).aggregate(
        at=Min("created_at"))["at"]
    return None if oldest is None else (timezone.now() - oldest).total_seconds()
