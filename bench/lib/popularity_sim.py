"""Simulated shoppers for ranking that learns from clicks (bench/popularity.py, bench/relevance.py --popularity).

A shopper searches the shop's real search path (search.product_search: understanding,
rules, the default ranking with its popularity weight), sees the first SHOWN results,
looks at position k with probability 1 / k ** EXAMINE_DECAY (position bias) and clicks a
looked-at result with the probability `appeal(text, language, product_id)` gives. Searches and
clicks are written to the query log as the log writer would (impressions included);
`roll_up_and_push` runs the scheduled roll-up and applies the outbox to the index.
"""
import time
import uuid
from datetime import timedelta

SHOWN = 20
EXAMINE_DECAY = 0.7


def ranked_ids(text, language, limit=SHOWN):
    """The ids the shop's search returns for `text`, as the search endpoint ranks them."""
    from search.documents import ProductDocument
    from search.product_search import prepare, run
    from search.queries import product_text_query
    from search.serializers import ProductSearchParamsSerializer

    serializer = ProductSearchParamsSerializer(data={"q": text, "limit": limit})
    serializer.is_valid(raise_exception=True)
    search = prepare(serializer.validated_data, {"q", "limit"}, language)
    result = run(search, lambda q, **options: product_text_query(q, language, synonyms=search.synonyms, **options),
                 ProductDocument)
    return result.page.product_ids


def shop_day(queries, appeal, rng, *, shoppers, when):
    """Each of `queries` ((text, language)) searched by `shoppers` shoppers at `when`; returns
    (searches, clicks) written to the log."""
    from search.models import SearchClick, SearchLogEntry

    entries, clicks = [], []
    for text, language in queries:
        shown = ranked_ids(text, language)
        for _ in range(shoppers):
            search_id = uuid.uuid4()
            entries.append(SearchLogEntry(search_id=search_id, created_at=when, language=language, query=text,
                                          results=len(shown), backend="elasticsearch", shown=shown,
                                          shopper=uuid.uuid4().hex))
            for position, product_id in enumerate(shown, 1):
                if rng.random() < position ** -EXAMINE_DECAY and rng.random() < appeal(text, language, product_id):
                    clicks.append(SearchClick(search_id=search_id, created_at=when + timedelta(seconds=20),
                                              product_id=product_id, position=position))
    SearchLogEntry.objects.bulk_create(entries, batch_size=2000)
    SearchClick.objects.bulk_create(clicks, batch_size=2000)
    return len(entries), len(clicks)


def roll_up_and_push(now):
    """The scheduled roll-up at `now`, then the sync of the documents it changed (timed)."""
    from django.conf import settings

    from search.indexing.indices import alias, client
    from search.indexing.sync import apply_pending_changes
    from search.popularity import roll_up

    settings.USING_REDIS_QUEUE = True  # nothing queued runs here: the sync is applied below
    started = time.perf_counter()
    result = roll_up(now)
    rolled = time.perf_counter() - started
    started = time.perf_counter()
    applied = apply_pending_changes(product_ids=result.changed)
    client().indices.refresh(index=alias())
    return result, rolled, time.perf_counter() - started, applied


def forget_clicks():
    """An empty query log and no popularity (the bench database is reused between runs)."""
    from search.models import PopularityDay, PopularitySlotDay, ProductPopularity, SearchClick, SearchLogEntry

    for model in (SearchClick, SearchLogEntry, PopularityDay, PopularitySlotDay, ProductPopularity):
        model.objects.all().delete()
