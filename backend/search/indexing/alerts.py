"""Telling staff, by email, when indexing needs a person: a failed rebuild, documents Elasticsearch refuses."""
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from emails.base import Email
from search.models import IndexFailureKind


class StaffAlertEmail(Email):
    """To settings.STAFF_ALERT_EMAILS, in English; `send_if_wanted()` sends nothing when none
    are configured (returns the outbox row or None)."""

    language = "en"

    def __init__(self):
        self.recipient_list = list(settings.STAFF_ALERT_EMAILS)

    def send_if_wanted(self):
        return self.send() if self.recipient_list else None


class ReindexFailedEmail(StaffAlertEmail):
    """Templates search/templates/emails/reindex_failed.*."""

    template_name = "reindex_failed"
    subject = "Search reindex failed; the previous index stays live"

    def __init__(self, error_text):
        super().__init__()
        self.error_text = error_text

    def get_context(self):
        return {"error_text": self.error_text}


def notify_reindex_failed(*, error_text: str):
    """Alerts STAFF_ALERT_EMAILS (none configured: no email); returns the outbox row or None."""
    return ReindexFailedEmail(error_text).send_if_wanted()


class RejectedDocumentsEmail(StaffAlertEmail):
    """When changes are parked for a kind of failure not seen before."""

    template_name = "index_rejections"
    subject = "Search: Elasticsearch refuses some products' documents"

    def __init__(self, kinds):
        super().__init__()
        self.kinds = kinds

    def get_context(self):
        return {
            "kinds": [{"kind": kind, "product_ids": ids[:10], "count": len(ids)} for kind, ids in self.kinds.items()],
            "max_rejections": settings.SEARCH_SYNC_MAX_REJECTIONS,
        }


def notify_new_failure_kinds(parked: dict[str, list[int]]):
    """Records each kind of rejection that parked changes; emails staff about the new kinds only."""
    new = {}
    for kind, product_ids in parked.items():
        _, created = IndexFailureKind.objects.get_or_create(kind=kind, defaults={"parked_changes": len(product_ids)})
        if created:
            new[kind] = product_ids
        else:
            IndexFailureKind.objects.filter(kind=kind).update(
                last_seen=timezone.now(), parked_changes=F("parked_changes") + len(product_ids)
            )
    return RejectedDocumentsEmail(new).send_if_wanted() if new else None
