"""Reads about the state of search sync, for operators and health checks."""
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from search.models import PendingIndexChange


def sync_backlog():
    """How many changes Elasticsearch has not applied yet, and the oldest one."""
    now = timezone.now()
    pending = PendingIndexChange.objects.filter(processed_at__isnull=True)
    stats = pending.aggregate(
        total=Count("product_id"),
        failing=Count("product_id", filter=Q(attempts__gt=0)),
        due=Count("product_id", filter=Q(next_attempt_at__lte=now)),
        oldest=Min("changed_at"),
        max_attempts=Max("attempts"),
    )
    stats["last_errors"] = list(
        pending.exclude(last_error="").order_by("-attempts").values_list("last_error", flat=True)
        .distinct()[:5]
    )
    return stats
