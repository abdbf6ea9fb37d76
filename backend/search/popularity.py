"""Each product's popularity per language, rolled up from the query log (`search_popularity_rollup`, hourly).

A product's evidence is its clicks against the clicks an average product would have had
where it was shown ("clicks over expected clicks"): every impression (a logged page's
`shown` ids) counts the click-through rate of its position, so being shown first is not
mistaken for being chosen. Both sums are smoothed toward average by a prior of
SEARCH_POPULARITY_PRIOR expected clicks, so a product with few impressions stays near
average whatever its few clicks did:

    lift  = (clicks + prior) / (expected + prior)     1 = clicked as often as expected
    score = lift / (lift + 1)                          0..1, 0.5 average: bounded

Clicks and impressions weigh 0.5 ** (age / SEARCH_POPULARITY_HALF_LIFE_DAYS). A click
counts once per search and product however often it was sent (one shopper opening a
result again and again), and only for a product that search showed. The scores are kept
in ProductPopularity (the fallback's ordering reads them); the products whose score moved
by more than CHANGED are recorded in the outbox, so the sync rebuilds their documents.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from products.models import Product
from search.indexing.outbox import record_product_changes
from search.models import ProductPopularity, SearchClick, SearchLogEntry

AVERAGE = 0.5  # the score of a product without evidence (lift 1)
CHANGED = 0.002  # a smaller move of a score is not worth a document update
LAST_SLOT = 50  # positions past this share one click-through rate
STATEMENT_TIMEOUT_MS = 20 * 60 * 1000  # the scheduled job's RQ timeout is 30 minutes

_TABLE = ProductPopularity._meta.db_table
_ROLL_UP = f"""
CREATE TEMPORARY TABLE fresh_popularity ON COMMIT DROP AS
WITH e AS (
    SELECT search_id, language, "offset", shown,
           power(0.5, extract(epoch FROM %(now)s - created_at) / %(half_life)s) AS w
    FROM {SearchLogEntry._meta.db_table}
    WHERE cardinality(shown) > 0 AND created_at >= %(since)s
),
impressions AS (
    SELECT e.search_id, e.language, e.w, s.product_id, e."offset" + s.ordinality AS position
    FROM e, unnest(e.shown) WITH ORDINALITY AS s(product_id, ordinality)
),
clicked AS (  -- once per search and product, however many times it was sent
    SELECT DISTINCT search_id, product_id FROM {SearchClick._meta.db_table} WHERE created_at >= %(since)s
),
marked AS (
    SELECT i.language, i.product_id, i.w, least(i.position, %(last_slot)s) AS slot,
           (c.search_id IS NOT NULL)::int AS click
    FROM impressions i LEFT JOIN clicked c ON c.search_id = i.search_id AND c.product_id = i.product_id
),
slots AS (  -- how often a result in each position is clicked, whichever product it is
    SELECT language, slot, sum(w * click) / sum(w) AS rate FROM marked GROUP BY language, slot
),
evidence AS (
    SELECT m.language, m.product_id, sum(m.w * m.click) AS clicks, sum(m.w * s.rate) AS expected
    FROM marked m JOIN slots s ON s.language = m.language AND s.slot = m.slot
    GROUP BY m.language, m.product_id
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


def roll_up(now=None) -> RollUp:
    """Recomputes every product's popularity from the log the retention keeps."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)
    params = {"now": now, "since": since, "half_life": settings.SEARCH_POPULARITY_HALF_LIFE_DAYS * 86400,
              "prior": settings.SEARCH_POPULARITY_PRIOR, "last_slot": LAST_SLOT}
    with transaction.atomic(), connection.cursor() as cursor:
        # A job, not a request: past DATABASE_STATEMENT_TIMEOUT_MS at ~1 000 000 logged searches
        # (README), bounded below its RQ job timeout; memory to aggregate without spilling to disk.
        cursor.execute("SET LOCAL statement_timeout = %s", [STATEMENT_TIMEOUT_MS])
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(_ROLL_UP, params)
        cursor.execute("SELECT count(*) FROM fresh_popularity")
        (products,) = cursor.fetchone()
        cursor.execute(_CHANGED, [CHANGED])
        changed = sorted(product_id for (product_id,) in cursor.fetchall())
        cursor.execute(_DELETE_GONE)
        cursor.execute(_UPSERT)
        cursor.execute("DROP TABLE fresh_popularity")  # not only at commit: a caller's transaction may go on
        record_product_changes(changed)
    return RollUp(products, changed)


def scores(product_ids, language: str) -> dict:
    """{product id: score} of those with evidence in `language`."""
    rows = ProductPopularity.objects.filter(product_id__in=product_ids, language=language)
    return dict(rows.values_list("product_id", "score"))
