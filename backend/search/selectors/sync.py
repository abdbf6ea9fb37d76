"""Reads about the state of search sync, for operators and health checks."""
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from search.clients import elasticsearch_breaker
from search.models import PendingIndexChange


def sync_backlog() -> dict:
    """How many changes Elasticsearch has not applied yet (parked ones apart), and the oldest one."""
    now = timezone.now()
    pending = PendingIndexChange.objects.filter(processed_at__isnull=True)
    stats = pending.aggregate(
        total=Count("product_id", filter=Q(parked_at__isnull=True)),
        failing=Count("product_id", filter=Q(attempts__gt=0, parked_at__isnull=True)),
        due=Count("product_id", filter=Q(next_attempt_at__lte=now, parked_at__isnull=True)),
        parked=Count("product_id", filter=Q(parked_at__isnull=False)),
        oldest=Min("changed_at", filter=Q(parked_at__isnull=True)),
        max_attempts=Max("attempts"),
    )
    stats["last_errors"] = list(
        pending.exclude(last_error="").order_by("-attempts").values_list("last_error", flat=True)
        .distinct()[:5]
    )
    return stats


def next_retry_at():
    """When the earliest pending (not parked) change is due, or None. A change claimed by a
    batch is due when the claim expires: a worker killed (or PostgreSQL restarted) mid-batch
    leaves its claim behind, and the retry then comes at the expiry, not at the next sweep."""
    return PendingIndexChange.objects.filter(processed_at__isnull=True, parked_at__isnull=True).aggregate(
        at=Min(Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at")))
    )["at"]


def sync_health() -> dict:
    """For /api/health/'s elasticsearch entry: the backlog, the parked changes, this process's breaker."""
    counts = PendingIndexChange.objects.filter(processed_at__isnull=True).aggregate(
        pending=Count("product_id", filter=Q(parked_at__isnull=True)),
        parked=Count("product_id", filter=Q(parked_at__isnull=False)),
    )
    return {"pending_changes": counts["pending"], "parked_changes": counts["parked"],
            "breaker": elasticsearch_breaker().state}


def oldest_pending_change_age() -> float | None:
    """Seconds since the oldest change Elasticsearch still owes (parked ones apart) was made."""
    oldest = PendingIndexChange.objects.filter(processed_at__isnull=True, parked_at__isnull=True).aggregate(
        at=Min("changed_at"))["at"]
    return None if oldest is None else (timezone.now() - oldest).total_seconds()
