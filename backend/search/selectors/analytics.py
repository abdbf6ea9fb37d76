"""Reads of the query log for the analytics dashboard (Search → Analytics): SQL aggregates over a
period (whole days in the shop's time zone) and an optional language.

Searches are first pages (offset 0: a shopper paging through one search is one search), as in
the query report (search/selectors/query_report.py). Click-through is the share of those
searches with at least one click; the mean click position is over every click on a search in
the period. Clicks are joined by hash (a click comes after its search, so only clicks from the
period's start are read), not by a subquery per search. Days up to the last rolled up
(search/analytics_rollup.py, hourly) are read from the roll-up, later ones from the log, in
one statement (bench/results/analytics/report.md has the timings).
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from products.models import Product
from search.analytics_rollup import midnight, rolled_through

TOP, ZERO, UNCLICKED = "top", "zero", "unclicked"


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


# Per day, language and query: the rolled-up days (search/analytics_rollup.py), then the days
# after them from the log, first pages each with whether it was clicked.
SEARCH_DAYS = """
    SELECT day, language, query, searches, zero_results, searches_with_results, clicked_searches, results_sum
    FROM search_searchday e WHERE day >= %(since)s AND day <= %(rolled_until)s {language}
    UNION ALL
    SELECT (e.created_at AT TIME ZONE %(tz)s)::date, e.language, e.query, count(*),
           count(*) FILTER (WHERE e.results = 0), count(*) FILTER (WHERE e.results > 0),
           count(c.search_id), sum(e.results)
    FROM search_searchlogentry e
    LEFT JOIN (SELECT DISTINCT search_id FROM search_searchclick WHERE created_at >= %(live_start)s) c
           ON c.search_id = e.search_id
    WHERE e."offset" = 0 AND e.created_at >= %(live_start)s AND e.created_at < %(end)s {language}
    GROUP BY 1, 2, 3
"""
# Clicks on the period's searches (any page) per day of the search, language, query and product.
CLICK_DAYS = """
    SELECT day, language, query, product_id, clicks, position_sum
    FROM search_searchdayclick e WHERE day >= %(since)s AND day <= %(rolled_until)s {language}
    UNION ALL
    SELECT (e.created_at AT TIME ZONE %(tz)s)::date, e.language, e.query, c.product_id, count(*), sum(c.position)
    FROM search_searchclick c JOIN search_searchlogentry e ON e.search_id = c.search_id
    WHERE c.created_at >= %(live_start)s AND e.created_at >= %(live_start)s AND e.created_at < %(end)s {language}
    GROUP BY 1, 2, 3, 4
"""


def _rows(sql, period, **params):
    language = "AND e.language = %(language)s" if period.language else ""
    last_rolled = rolled_through()
    rolled_until = min(period.until, last_rolled) if last_rolled else period.since - timedelta(days=1)
    live_start = max(period.start, midnight(rolled_until + timedelta(days=1)))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(search_days=f"({SEARCH_DAYS.format(language=language)}) AS d",
                                  click_days=f"({CLICK_DAYS.format(language=language)}) AS d"),
                       {"since": period.since, "rolled_until": rolled_until, "live_start": live_start,
                        "end": period.end, "language": period.language,
                        "tz": timezone.get_default_timezone_name(), **params})
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def daily(period: Period) -> list[dict]:
    """Per day of the period (days without searches included): searches, zero-result searches and
    their rate, searches with a click."""
    rows = _rows("""
        SELECT day, sum(searches)::int AS searches, sum(zero_results)::int AS zero_results,
               sum(clicked_searches)::int AS clicked_searches
        FROM {search_days} GROUP BY day""", period)
    by_day = {row["day"]: row for row in rows}
    out = []
    for day in period.days():
        row = by_day.get(day, {"searches": 0, "zero_results": 0, "clicked_searches": 0})
        searches = row["searches"]
        out.append({"day": day, "searches": searches, "zero_results": row["zero_results"],
                    "clicked_searches": row["clicked_searches"],
                    "zero_rate": row["zero_results"] / searches if searches else 0.0})
    return out


def summary(period: Period, days: list[dict] | None = None) -> dict:
    """{searches, clicked_searches, click_through, clicks, mean_click_position}; `days` is
    daily(period) when the caller has it already."""
    days = daily(period) if days is None else days
    searches = sum(day["searches"] for day in days)
    clicked = sum(day["clicked_searches"] for day in days)
    [clicks] = _rows("SELECT coalesce(sum(clicks), 0)::int AS clicks, sum(position_sum)::float / sum(clicks) "
                     "AS mean_position FROM {click_days}", period)
    mean = clicks["mean_position"]
    return {"searches": searches, "clicked_searches": clicked, "click_through": clicked / searches if searches else 0.0,
            "clicks": clicks["clicks"], "mean_click_position": float(mean) if mean is not None else None}


# One scan grouped per query; each table is its own filter and order over the groups.
QUERY_TABLES = {
    TOP: ("TRUE", "searches DESC, language, query"),
    ZERO: ("zero_results > 0", "zero_results DESC, searches DESC, language, query"),
    UNCLICKED: ("searches_with_results > 0 AND clicked_searches = 0", "searches DESC, language, query"),
}
PER_QUERY = """
    WITH per_query AS (
        SELECT language, query, sum(searches)::int AS searches, sum(zero_results)::int AS zero_results,
               sum(searches_with_results)::int AS searches_with_results,
               sum(clicked_searches)::int AS clicked_searches,
               round(sum(results_sum)::numeric / sum(searches), 1)::float AS average_results
        FROM {search_days} GROUP BY language, query
    )
"""


def query_tables(period: Period, limit: int = 50, tables=tuple(QUERY_TABLES)) -> dict[str, list[dict]]:
    """{table: rows} for top, zero-result and unclicked queries, in one statement. Each row has
    language, query, searches, zero_results, searches_with_results, clicked_searches,
    average_results and click_through."""
    parts = [f"(SELECT %(t{n})s AS table_key, row_number() OVER (ORDER BY {QUERY_TABLES[key][1]}) AS rank, * "
             f"FROM per_query WHERE {QUERY_TABLES[key][0]} ORDER BY rank LIMIT %(limit)s)"
             for n, key in enumerate(tables)]
    rows = _rows(PER_QUERY + " UNION ALL ".join(parts), period, limit=limit,
                 **{f"t{n}": key for n, key in enumerate(tables)})
    out: dict[str, list] = {key: [] for key in tables}
    for row in sorted(rows, key=lambda row: row["rank"]):
        key = row.pop("table_key")
        del row["rank"]
        out[key].append({**row, "click_through": row["clicked_searches"] / row["searches"]})
    return out


def top_queries(period: Period, limit: int = 50) -> list[dict]:
    return query_tables(period, limit, (TOP,))[TOP]


def zero_result_queries(period: Period, limit: int = 50) -> list[dict]:
    return query_tables(period, limit, (ZERO,))[ZERO]


def unclicked_queries(period: Period, limit: int = 50) -> list[dict]:
    """Queries that found something and whose searches were never followed by a click, most searched first."""
    return query_tables(period, limit, (UNCLICKED,))[UNCLICKED]


def clicked_products(period: Period, limit: int = 50) -> list[dict]:
    """The most clicked (query, product) pairs, with the product's SKU when it still exists."""
    rows = _rows("""
        SELECT language, query, product_id, sum(clicks)::int AS clicks,
               round(sum(position_sum)::numeric / sum(clicks), 1)::float AS mean_position
        FROM {click_days} GROUP BY language, query, product_id
        ORDER BY clicks DESC, language, query, product_id LIMIT %(limit)s""", period, limit=limit)
    skus = dict(Product.objects.filter(id__in={row["product_id"] for row in rows}).values_list("id", "sku"))
    return [{**row, "sku": skus.get(row["product_id"], "")} for row in rows]
