"""Each product's popularity per language, rolled up from the query log (`search_popularity_rollup`, hourly).

A product's evidence is its clicks against the clicks an average product would have had
where it was shown ("clicks over expected clicks"): every impression (a logged page's
`shown` ids) counts the click-through rate of its position, so being shown first is not
mistaken for being chosen. Both sums are smoothed toward average by a prior of
SEARCH_POPULARITY_PRIOR expected clicks, so a product with few impressions stays near
average whatever its few clicks did:

    lift  = (clicks + prior) / (expected + prior)     1 = clicked as often as expected
    score = lift / (lift + 1)                          0..1, 0.5 average: bounded

Clicks and impressions weigh 0.5 ** (age / SEARCH_POPULARITY_HALF_LIFE_DAYS), the age of
the middle of their day. A click counts once per search and product however often it was
sent (one shopper opening a result again and again), and only for a product that search
showed. Each run rolls only the days not rolled yet (and the last REDO_DAYS again) into
per-day counts (PopularitySlotDay, PopularityDay): at 1 000 000 logged searches reading
the whole log took minutes an hour. The scores are kept
in ProductPopularity (the fallback's ordering reads them); the products whose score moved
by more than CHANGED are recorded in the outbox, so the sync rebuilds their documents.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from products.models import Product
from search.analytics_rollup import midnight
from search.indexing.outbox import record_product_changes
from search.models import PopularityDay, PopularitySlotDay, ProductPopularity, SearchClick, SearchLogEntry

AVERAGE = 0.5  # the score of a product without evidence (lift 1)
CHANGED = 0.002  # a smaller move of a score is not worth a document update
LAST_SLOT = 50  # positions past this share one click-through rate
STATEMENT_TIMEOUT_MS = 20 * 60 * 1000  # the scheduled job's RQ timeout is 30 minutes
REDO_DAYS = 2

_TABLE = ProductPopularity._meta.db_table
_SLOTS, _DAYS = PopularitySlotDay._meta.db_table, PopularityDay._meta.db_table
# Each shown result of the days rolled, with whether that search clicked it (once however often).
_MARK = f"""
CREATE TEMPORARY TABLE popularity_marked ON COMMIT DROP AS
WITH e AS (
    SELECT search_id, language, "offset", shown, (created_at AT TIME ZONE %(tz)s)::date AS day
    FROM {SearchLogEntry._meta.db_table}
    WHERE cardinality(shown) > 0 AND created_at >= %(start)s AND created_at < %(end)s
),
impressions AS (
    SELECT e.day, e.search_id, e.language, s.product_id, least(e."offset" + s.ordinality, %(last_slot)s) AS slot
    FROM e, unnest(e.shown) WITH ORDINALITY AS s(product_id, ordinality)
),
clicked AS (
    SELECT DISTINCT search_id, product_id FROM {SearchClick._meta.db_table} WHERE created_at >= %(start)s
)
SELECT i.day, i.language, i.product_id, i.slot, (c.search_id IS NOT NULL)::int AS click
FROM impressions i LEFT JOIN clicked c ON c.search_id = i.search_id AND c.product_id = i.product_id
"""
_ROLL_SLOTS = f"""
INSERT INTO {_SLOTS} (day, language, slot, impressions, clicks)
SELECT day, language, slot, count(*), sum(click) FROM popularity_marked GROUP BY day, language, slot
"""
# A day's expected clicks count each impression at its position's rate over the whole window.
_ROLL_DAYS = f"""
INSERT INTO {_DAYS} (day, language, product_id, clicks, expected)
SELECT m.day, m.language, m.product_id, sum(m.click), sum(r.rate)
FROM popularity_marked m JOIN (
    SELECT language, slot, sum(clicks)::float8 / sum(impressions) AS rate FROM {_SLOTS}
    WHERE day >= %(window)s GROUP BY language, slot
) r ON r.language = m.language AND r.slot = m.slot
GROUP BY m.day, m.language, m.product_id
"""
_SCORE = f"""
CREATE TEMPORARY TABLE fresh_popularity ON COMMIT DROP AS
WITH weighed AS (
    SELECT language, product_id, clicks, expected,
           power(0.5, greatest(0, extract(epoch FROM %(now)s - ((day + time '12:00') AT TIME ZONE %(tz)s)))
                      / %(half_life)s) AS w
    FROM {_DAYS} WHERE day >= %(window)s
),
evidence AS (
    SELECT language, product_id, sum(w * clicks) AS clicks, sum(w * expected) AS expected
    FROM weighed GROUP BY language, product_id
)
SELECT ev.language, ev.product_id, ev.clicks, ev.expected,
       ((ev.clicks + %(prior)s) / (ev.expected + %(prior)s))
       / ((ev.clicks + %(prior)s) / (ev.expected + %(prior)s) + 1) AS score
FROM evidence ev JOIN {Product._meta.db_table} p ON p.id = ev.product_id
"""
# Products whose score moved (or appeared, or went): their documents need the new value.
_CHANGED = f"""
SELECT DISTINCT coalesce(f.product_id, o.product_id)
FROM fresh_popularity f FULL JOIN {_TABLE} o ON o.product_id = f.product_id AND o.language = f.language
WHERE f.product_id IS NULL OR o.product_id IS NULL OR abs(f.score - o.score) > %s
"""
_DELETE_GONE = f"""
DELETE FROM {_TABLE} o WHERE NOT EXISTS (
    SELECT 1 FROM fresh_popularity f WHERE f.product_id = o.product_id AND f.language = o.language)
"""
_UPSERT = f"""
INSERT INTO {_TABLE} (product_id, language, clicks, expected, score, updated_at)
SELECT product_id, language, clicks, expected, score, now() FROM fresh_popularity
ON CONFLICT (product_id, language) DO UPDATE
SET clicks = excluded.clicks, expected = excluded.expected, score = excluded.score, updated_at = excluded.updated_at
"""


@dataclass(frozen=True)
class RollUp:
    products: int  # (product, language) pairs with evidence
    changed: list  # product ids whose documents were recorded for the sync


def score(clicks: float, expected: float, prior: float | None = None) -> float:
    """The formula of the roll-up, for one product (the module docstring)."""
    prior = settings.SEARCH_POPULARITY_PRIOR if prior is None else prior
    lift = (clicks + prior) / (expected + prior)
    return lift / (lift + 1)


def _days_to_roll(window, today):
    """From the last day rolled, less REDO_DAYS (today grows; a click comes after its search's
    day was rolled), or from the first logged search the window keeps."""
    last = PopularitySlotDay.objects.filter(day__gte=window).aggregate(last=Max("day"))["last"]
    if last is not None:
        return max(window, last - timedelta(days=REDO_DAYS - 1))
    first = SearchLogEntry.objects.filter(created_at__gte=midnight(window)).order_by("created_at").values_list(
        "created_at", flat=True).first()
    return timezone.localtime(first, timezone.get_default_timezone()).date() if first else today


def roll_up(now=None) -> RollUp:
    """Rolls the days not rolled yet (and the last REDO_DAYS again) into per-day counts, then
    every product's popularity from the days the log's retention keeps."""
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now, zone).date()
    window = today - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)
    since = _days_to_roll(window, today)
    params = {"now": now, "tz": timezone.get_default_timezone_name(), "window": window,
              "start": midnight(since), "end": midnight(today + timedelta(days=1)),
              "half_life": settings.SEARCH_POPULARITY_HALF_LIFE_DAYS * 86400,
              "prior": settings.SEARCH_POPULARITY_PRIOR, "last_slot": LAST_SLOT}
    with transaction.atomic(), connection.cursor() as cursor:
        # A job, not a request: bounded below its RQ job timeout, with memory to aggregate in.
        cursor.execute("SET LOCAL statement_timeout = %s", [STATEMENT_TIMEOUT_MS])
        cursor.execute("SET LOCAL work_mem = '64MB'")
        PopularitySlotDay.objects.filter(Q(day__gte=since) | Q(day__lt=window)).delete()
        PopularityDay.objects.filter(Q(day__gte=since) | Q(day__lt=window)).delete()
        cursor.execute(_MARK, params)
        cursor.execute(_ROLL_SLOTS, params)
        cursor.execute(_ROLL_DAYS, params)
        cursor.execute(_SCORE, params)
        cursor.execute("SELECT count(*) FROM fresh_popularity")
        (products,) = cursor.fetchone()
        cursor.execute(_CHANGED, [CHANGED])
        changed = sorted(product_id for (product_id,) in cursor.fetchall())
        cursor.execute(_DELETE_GONE)
        cursor.execute(_UPSERT)
        # Not only at commit: a caller's transaction may go on.
        cursor.execute("DROP TABLE popularity_marked, fresh_popularity")
        record_product_changes(changed)
    return RollUp(products, changed)


def scores(product_ids, language: str) -> dict:
    """{product id: score} of those with evidence in `language`."""
    rows = ProductPopularity.objects.filter(product_id__in=product_ids, language=language)
    return dict(rows.values_list("product_id", "score"))
