"""Times the popularity roll-up (search_popularity_rollup) over a large query log, and the log
writer's batch insert with and without the shown ids.

    set -a; . ./.env; set +a; .venv/bin/python bench/popularity_rollup.py [--searches 1000000] [--refill]

Fills the bench database's log (BENCH_NAME, bench/lib/env.py) in SQL: searches over the last
90 days in cs/sk/en, each showing 20 of 5 000 products, a click on ~35 % of them at
position-biased places. Worst case for the per-day counts: every product is shown in every
language every day. Times the first roll-up (every day of the log) and the next one (the
steady state: the last two days again, then every product scored), and writes
bench/results/popularity/rollup.md.
"""
import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

OUT = env.ROOT / "bench" / "results" / "popularity" / "rollup.md"
PRODUCTS = 5000

FILL_SEARCHES = """
    INSERT INTO search_searchlogentry (search_id, created_at, language, query, results, backend, "offset",
                                       shopper, network, shown)
    SELECT md5('s' || i)::uuid, now() - random() * interval '90 days',
           CASE WHEN i %% 10 < 6 THEN 'cs' WHEN i %% 10 < 8 THEN 'sk' ELSE 'en' END,
           'q' || (i %% 5000), 100, 'elasticsearch', 0, '', '',
           ARRAY(SELECT %s + ((i %% 5000) * 7 + k * 13) %% 5000 FROM generate_series(1, 20) k)
    FROM generate_series(1, %s) i ORDER BY 2
"""
FILL_CLICKS = """
    INSERT INTO search_searchclick (search_id, created_at, product_id, position)
    SELECT search_id, created_at, shown[p], p FROM (
        SELECT search_id, created_at, shown, 1 + floor(8 * power(random(), 2))::int AS p, random() AS r
        FROM search_searchlogentry) e WHERE r < 0.35
"""


def fill(cursor, searches):
    cursor.execute("DELETE FROM search_searchclick; DELETE FROM search_searchlogentry")
    cursor.execute("SELECT count(*) FROM products_product")
    if cursor.fetchone()[0] < PRODUCTS:
        cursor.execute("""INSERT INTO products_product (is_published, created_at, updated_at, price, stock, sku, ean,
                                                        image_url, url)
                          SELECT true, now(), now(), 100, 1, 'SCALE-' || i, '', '', ''
                          FROM generate_series(1, %s) i""", [PRODUCTS])
    cursor.execute("SELECT min(id) FROM products_product")
    cursor.execute(FILL_SEARCHES, [cursor.fetchone()[0], searches])
    cursor.execute(FILL_CLICKS)
    cursor.execute("ANALYZE search_searchlogentry; ANALYZE search_searchclick")


def writer_batches(rounds=40):
    """Median ms of one 200-note batch insert, without and with 20 shown ids per search."""
    from django.db import connection
    from django.utils import timezone

    from search.log_writer import write_notes

    times = {0: [], 20: []}
    for _ in range(rounds):
        for shown in times:
            notes = [("search", {"search_id": str(uuid.uuid4()), "created_at": timezone.now(), "language": "cs",
                                 "query": "bench writer", "results": 120, "backend": "elasticsearch", "offset": 0,
                                 "shopper": "a" * 32, "network": "b" * 32,
                                 "shown": list(range(100000, 100000 + shown))}) for _ in range(200)]
            started = time.perf_counter()
            write_notes(notes)
            times[shown].append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchlogentry WHERE query = 'bench writer'")
    return {shown: statistics.median(values) for shown, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--refill", action="store_true", help="fill the log again even if it has --searches")
    args = parser.parse_args()
    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from django.conf import settings
    from django.db import connection

    from lib.report import machine
    from search.models import PopularityDay, PopularitySlotDay, ProductPopularity
    from search.popularity import roll_up

    settings.ELASTIC_SYNC = False  # the roll-up only: the sync's cost is bench/popularity.py's
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT count(*) FROM search_searchlogentry WHERE cardinality(shown) > 0")
        if args.refill or cursor.fetchone()[0] != args.searches:
            env.say(f"filling {args.searches} searches")
            fill(cursor, args.searches)
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchlogentry')), "
                       "(SELECT count(*) FROM search_searchclick)")
        size, clicks = cursor.fetchone()
    for model in (PopularityDay, PopularitySlotDay, ProductPopularity):
        model.objects.all().delete()
    started = time.perf_counter()
    first = roll_up()
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    again = roll_up()
    again_s = time.perf_counter() - started
    days = PopularityDay.objects.count()
    batches = writer_batches()
    report = "\n".join([
        f"# Popularity roll-up at {args.searches} logged searches ({time.strftime('%Y-%m-%d %H:%M %Z')})", "",
        f"Log: {args.searches} searches over 90 days, 20 shown each ({20 * args.searches} impressions), "
        f"{clicks} clicks, {size}; every one of {PRODUCTS} products shown in every language every day "
        f"({days} per-day product rows).", "",
        f"- first roll-up, every day of the log: **{first_s:.1f} s** ({first.products} product popularities, "
        f"{len(first.changed)} changed)",
        f"- the next one, the hourly steady state (the last two days again, every product scored): "
        f"**{again_s:.1f} s** ({len(again.changed)} changed)",
        f"- the log writer's batch of 200 searches: {batches[0]:.1f} ms without shown ids, {batches[20]:.1f} ms "
        f"with 20 each (median of 40)", "",
        f"Machine: {machine()}.", ""])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
