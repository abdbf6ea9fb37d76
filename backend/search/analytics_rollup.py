"""The query log rolled up per day for the analytics dashboard (`search_analytics_rollup`, hourly),
and A/B tests' searches per day and arm for its experiment view.

Over a 90-day period the dashboard's aggregates read ~900 000 log rows (2 s a page);
per day, language and query they read a few hundred thousand times fewer. Days are rolled
up to yesterday (shop's time zone); the last REDO_DAYS already rolled are rolled again, as a
click can arrive after its search's day was rolled. Later days are read from the log itself
(search/selectors/analytics.py), so the dashboard is never stale.
"""
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from search.models import AnalyticsRollup, ExperimentDay, SearchDay, SearchDayClick, SearchLogEntry

REDO_DAYS = 2

ROLL_SEARCHES = """
    INSERT INTO search_searchday (day, language, query, searches, zero_results, searches_with_results,
                                  clicked_searches, results_sum)
    SELECT (e.created_at AT TIME ZONE %(tz)s)::date, e.language, e.query, count(*),
           count(*) FILTER (WHERE e.results = 0), count(*) FILTER (WHERE e.results > 0),
           count(c.search_id), sum(e.results)
    FROM search_searchlogentry e
    LEFT JOIN (SELECT DISTINCT search_id FROM search_searchclick WHERE created_at >= %(start)s) c
           ON c.search_id = e.search_id
    WHERE e."offset" = 0 AND e.created_at >= %(start)s AND e.created_at < %(end)s
    GROUP BY 1, 2, 3
"""
ROLL_CLICKS = """
    INSERT INTO search_searchdayclick (day, language, query, product_id, clicks, position_sum)
    SELECT (e.created_at AT TIME ZONE %(tz)s)::date, e.language, e.query, c.product_id, count(*), sum(c.position)
    FROM search_searchclick c JOIN search_searchlogentry e ON e.search_id = c.search_id
    WHERE c.created_at >= %(start)s AND e.created_at >= %(start)s AND e.created_at < %(end)s
    GROUP BY 1, 2, 3, 4
"""

# A/B tests' first pages per day and arm (search/experiment.py ExperimentDay), each search's
# distinct clicked products counted first.
ROLL_EXPERIMENTS = """
    INSERT INTO search_experimentday (day, experiment, arm, searches, zero_results, clicked_searches, clicks,
                                      clicks_squared)
    SELECT day, experiment, arm, count(*), count(*) FILTER (WHERE results = 0), count(*) FILTER (WHERE clicks > 0),
           sum(clicks), sum(clicks * clicks)
    FROM (SELECT (e.created_at AT TIME ZONE %(tz)s)::date AS day, e.experiment, e.arm, e.results,
                 count(DISTINCT c.product_id) AS clicks
          FROM search_searchlogentry e
          LEFT JOIN search_searchclick c ON c.search_id = e.search_id AND c.created_at >= %(start)s
          WHERE e.experiment IS NOT NULL AND e."offset" = 0 AND e.created_at >= %(start)s AND e.created_at < %(end)s
          GROUP BY e.search_id, 1, e.experiment, e.arm, e.results) AS per_search
    GROUP BY day, experiment, arm
"""


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def delete_expired(cutoff: datetime) -> int:
    """The roll-up keeps what the log keeps (search_log_cleanup): days before the cutoff's go."""
    day = timezone.localtime(cutoff, timezone.get_default_timezone()).date()
    SearchDayClick.objects.filter(day__lt=day).delete()
    ExperimentDay.objects.filter(day__lt=day).delete()
    deleted, _ = SearchDay.objects.filter(day__lt=day).delete()
    return deleted


def rolled_through() -> date | None:
    state = AnalyticsRollup.objects.first()
    return state.rolled_through if state else None


def roll_up(through: date | None = None) -> tuple[date, date] | None:
    """Rolls up the days after the last rolled (less REDO_DAYS) through `through` (default
    yesterday); returns the days rolled, or None when the log has nothing to roll."""
    through = through or timezone.localdate(timezone=timezone.get_default_timezone()) - timedelta(days=1)
    last = rolled_through()
    if last is not None:
        since = last - timedelta(days=REDO_DAYS - 1)
    else:
        first = SearchLogEntry.objects.order_by("created_at").values_list("created_at", flat=True).first()
        if first is None:
            return None
        since = timezone.localtime(first, timezone.get_default_timezone()).date()
    if since > through:
        return None
    params: dict[str, Any] = {"tz": timezone.get_default_timezone_name(), "start": midnight(since),
                              "end": midnight(through + timedelta(days=1))}
    with transaction.atomic():
        SearchDay.objects.filter(day__gte=since, day__lte=through).delete()
        SearchDayClick.objects.filter(day__gte=since, day__lte=through).delete()
        ExperimentDay.objects.filter(day__gte=since, day__lte=through).delete()
        with connection.cursor() as cursor:
            cursor.execute(ROLL_SEARCHES, params)
            cursor.execute(ROLL_CLICKS, params)
            cursor.execute(ROLL_EXPERIMENTS, params)
        AnalyticsRollup.objects.update_or_create(pk=1, defaults={"rolled_through": max(through, last or through)})
    return since, through
