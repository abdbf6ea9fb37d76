"""Reads of the query log for the analytics dashboard (Search → Analytics): one SQL aggregate
per figure or table over a period (whole days in the shop's time zone) and an optional language.

Searches are first pages (offset 0: a shopper paging through one search is one search), as in
the query report (search/selectors/query_report.py), whose top and zero-result tables are
reused here. Click-through is the share of those searches with at least one click; the mean
click position is over every click on a search in the period.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from products.models import Product
from search.models import SearchClick, SearchLogEntry
from search.selectors.query_report import TOP, ZERO, ReportFilter, query_report


@dataclass(frozen=True)
class Period:
    since: date
    until: date
    language: str | None = None

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min), timezone.get_default_timezone())

    @property
    def end(self) -> datetime:
        """Exclusive: midnight after `until`."""
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min),
                                   timezone.get_default_timezone())

    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


CLICKS_JOIN = "FROM search_searchclick c JOIN search_searchlogentry e ON e.search_id = c.search_id"


def _click_filter(period):
    """SQL condition and parameters on the searches clicks are joined to."""
    where, params = "e.created_at >= %s AND e.created_at < %s", [period.start, period.end]
    if period.language:
        where, params = where + " AND e.language = %s", params + [period.language]
    return where, params


def _entries(period):
    entries = SearchLogEntry.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    return entries.filter(language=period.language) if period.language else entries


def daily(period: Period) -> list[dict]:
    """Per day of the period (days without searches included): searches, zero-result searches and rate."""
    rows = (
        _entries(period).filter(offset=0)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values("day").annotate(searches=Count("id"), zero_results=Count("id", filter=Q(results=0)))
    )
    by_day = {row["day"]: row for row in rows}
    out = []
    for day in period.days():
        row = by_day.get(day, {"searches": 0, "zero_results": 0})
        searches, zero = row["searches"], row["zero_results"]
        out.append({"day": day, "searches": searches, "zero_results": zero,
                    "zero_rate": zero / searches if searches else 0.0})
    return out


def summary(period: Period) -> dict:
    """{searches, clicked_searches, click_through, clicks, mean_click_position} for the period."""
    clicked = SearchClick.objects.filter(search_id=OuterRef("search_id"))
    counts = _entries(period).filter(offset=0).aggregate(
        searches=Count("id"), clicked_searches=Count("id", filter=Exists(clicked)))
    where, params = _click_filter(period)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), avg(c.position) {CLICKS_JOIN} WHERE {where}", params)
        clicks, mean_position = cursor.fetchone()
    searches = counts["searches"]
    return {**counts, "click_through": counts["clicked_searches"] / searches if searches else 0.0,
            "clicks": clicks, "mean_click_position": float(mean_position) if mean_position is not None else None}


def _report(period, report, limit):
    return query_report(ReportFilter(report=report, language=period.language, since=period.since,
                                     until=period.until, limit=limit))


def top_queries(period: Period, limit: int = 50) -> list[dict]:
    return _report(period, TOP, limit)


def zero_result_queries(period: Period, limit: int = 50) -> list[dict]:
    return _report(period, ZERO, limit)


def unclicked_queries(period: Period, limit: int = 50) -> list[dict]:
    """Queries that found something and whose searches were never followed by a click, most searched first."""
    clicked = SearchClick.objects.filter(search_id=OuterRef("search_id"))
    rows = (
        _entries(period).filter(offset=0).annotate(clicked=Exists(clicked))
        .values("language", "query")
        .annotate(searches=Count("id"), found=Count("id", filter=Q(results__gt=0)),
                  clicked_searches=Count("id", filter=Q(clicked=True)))
        .filter(found__gt=0, clicked_searches=0)
        .order_by("-searches", "language", "query")
    )
    return [{"language": r["language"], "query": r["query"], "searches": r["searches"],
             "searches_with_results": r["found"]} for r in rows[:limit]]


CLICKED_PRODUCTS_SQL = """
    SELECT e.language, e.query, c.product_id, count(*) AS clicks, avg(c.position) AS mean_position
    {join} WHERE {where}
    GROUP BY e.language, e.query, c.product_id
    ORDER BY clicks DESC, e.language, e.query, c.product_id
    LIMIT %s
"""


def clicked_products(period: Period, limit: int = 50) -> list[dict]:
    """The most clicked (query, product) pairs, with the product's SKU when it still exists."""
    with connection.cursor() as cursor:
        where, params = _click_filter(period)
        cursor.execute(CLICKED_PRODUCTS_SQL.format(join=CLICKS_JOIN, where=where), params + [limit])
        rows = cursor.fetchall()
    skus = dict(Product.objects.filter(id__in={row[2] for row in rows}).values_list("id", "sku"))
    return [{"language": language, "query": query, "product_id": product_id, "sku": skus.get(product_id, ""),
             "clicks": clicks, "mean_position": round(float(mean_position), 1)}
            for language, query, product_id, clicks, mean_position in rows]
