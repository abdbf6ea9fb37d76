"""Telling staff when the scheduled index rebuild fails (an email through the emails app)."""
from django.conf import settings

from emails.base import Email


class ReindexFailedEmail(Email):
    """To settings.STAFF_ALERT_EMAILS; templates search/templates/emails/reindex_failed.*."""

    template_name = "reindex_failed"
    subject = "Search reindex failed; the previous index stays live"
    language = "en"

    def __init__(self, error_text):
        self.recipient_list = list(settings.STAFF_ALERT_EMAILS)
        self.error_text = error_text

    def get_context(self):
        return {"error_text": self.error_text}


def notify_reindex_failed(*, error_text: str):
    """Alerts STAFF_ALERT_EMAILS (none configured: no email); returns the outbox row or None."""
    if not settings.STAFF_ALERT_EMAILS:
        return None
    return ReindexFailedEmail(error_text).send()
