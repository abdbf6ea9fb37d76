"""The durable record of catalog changes that Elasticsearch has not seen yet.

A row is written in the same PostgreSQL transaction as the catalog change, so
a change can never be committed without it. One row per product: repeated
changes merge into it and bump `seq`, a number from a PostgreSQL sequence that
only grows; it doubles as the document's external version in Elasticsearch,
so an older state can never overwrite a newer one.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


# The ever-growing counter behind PendingIndexChange.seq (migration 0002).
CHANGE_SEQUENCE = "search_change_seq"


class PendingIndexChange(models.Model):
    # No foreign key: a deleted product must still be removed from the index.
    product_id = models.BigIntegerField(_("product ID"), primary_key=True)
    seq = models.BigIntegerField(_("sequence"))
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # How many times Elasticsearch refused the document itself (outages do not count);
    # at SEARCH_SYNC_MAX_REJECTIONS the change is parked: kept, no longer retried.
    rejections = models.PositiveIntegerField(_("rejections"), default=0)
    parked_at = models.DateTimeField(_("parked"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending index change")
        verbose_name_plural = _("pending index changes")
        indexes = [
            models.Index(
                fields=["seq"], name="pending_change_backlog",
                condition=models.Q(processed_at__isnull=True),
            ),
            # Changes pending or applied a moment ago (search/selectors/unlisted.py).
            models.Index(fields=["processed_at"], name="pending_change_processed"),
        ]

    @property
    def state(self):
        if self.processed_at:
            return "done"
        if self.parked_at:
            return "parked"
        return "failing" if self.attempts else "pending"

    def __str__(self):
        state = self.state if self.state in {"done", "parked"} else f"pending (attempts {self.attempts})"
        return f"product {self.product_id} seq {self.seq}: {state}"


class IndexFailureKind(models.Model):
    """A kind of document Elasticsearch refuses, seen when changes were parked for it:
    staff are emailed once per kind, not once per change or attempt."""

    kind = models.CharField(_("kind"), max_length=200, unique=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    parked_changes = models.PositiveIntegerField(_("parked changes"), default=0)

    class Meta:
        verbose_name = _("index failure kind")
        verbose_name_plural = _("index failure kinds")

    def __str__(self):
        return self.kind
