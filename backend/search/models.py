"""The durable record of catalog changes that Elasticsearch has not seen yet.

A row is written in the same PostgreSQL transaction as the catalog change, so
a change can never be committed without it. One row per product: repeated
changes merge into it and bump `seq`, a number from a PostgreSQL sequence that
only grows; it doubles as the document's external version in Elasticsearch,
so an older state can never overwrite a newer one.
"""
from django.db import models
from django.utils import timezone


class PendingIndexChange(models.Model):
    # No foreign key: a deleted product must still be removed from the index.
    product_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # How many times Elasticsearch refused the document itself (outages do not count);
    # at SEARCH_SYNC_MAX_REJECTIONS the change is parked: kept, no longer retried.
    rejections = models.PositiveIntegerField(default=0)
    parked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["seq"], name="pending_change_backlog",
                condition=models.Q(processed_at__isnull=True),
            ),
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

    kind = models.CharField(max_length=200, unique=True)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    parked_changes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.kind
