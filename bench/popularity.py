"""Ranking that learns from clicks, simulated: do the products shoppers prefer rise?

    set -a; . ./.env; set +a; .venv/bin/python bench/popularity.py [--products 2000] [--days 5]

Loads the demo catalog into the bench database (BENCH_NAME, bench/lib/env.py) and builds its
index. For each of the judged queries (bench/lib/relevance) finding at least 25 products, two
products the search ranks 6th to 20th are chosen at random as what shoppers prefer (a known
preference the text does not show). Each simulated day every query is searched by --shoppers
shoppers on the real search path (popularity weight from settings), who look at position k
with probability 1/k^0.7 and click a looked-at result with probability 0.6 if preferred,
0.05 otherwise (bench/lib/popularity_sim.py); then the scheduled roll-up runs and the outbox
sync updates the changed documents. Reports the preferred products' mean rank (top 50;
51 when further down) before and after each day, and what pushing popularity to the index
costs: the outbox sync (whole documents, external versions) against bulk partial updates
(`update` of the `popularity` field only) for the same products. Writes
bench/results/popularity/report.md and results.json.
"""
import argparse
import json
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

OUT = env.ROOT / "bench" / "results" / "popularity"
DEPTH = 50
PREFERRED_FROM, PREFERRED_TO = 6, 20
PREFERRED_APPEAL, OTHER_APPEAL = 0.6, 0.05


def _queries(rng, count):
    from lib.relevance import queries_cs, queries_en, queries_sk
    from lib.popularity_sim import ranked_ids

    candidates = [(query.text, query.language) for module in (queries_cs, queries_sk, queries_en)
                  for query in module.QUERIES if not query.sort]
    rng.shuffle(candidates)
    chosen = {}
    for text, language in candidates:
        ids = ranked_ids(text, language, DEPTH)
        if len(ids) >= 25 and (text, language) not in chosen:
            chosen[(text, language)] = rng.sample(ids[PREFERRED_FROM - 1:PREFERRED_TO], 2)
        if len(chosen) == count:
            break
    return chosen


def _ranks(preferred):
    from lib.popularity_sim import ranked_ids

    ranks, top10 = [], 0
    for (text, language), wanted in preferred.items():
        ids = ranked_ids(text, language, DEPTH)
        for product_id in wanted:
            rank = ids.index(product_id) + 1 if product_id in ids else DEPTH + 1
            ranks.append(rank)
            top10 += rank <= 10
    return {"mean_rank": statistics.mean(ranks), "median_rank": statistics.median(ranks),
            "in_top10": top10 / len(ranks)}


def _push_costs(changed):
    """Seconds to bring `changed` products' popularity to the index: bulk partial updates, then
    the outbox sync (whole documents) for the same products. The updates go first: the sync's
    external versions then overwrite what they did."""
    from django.conf import settings
    from django.db import transaction
    from elasticsearch import helpers

    from search.indexing.indices import alias, client
    from search.indexing.outbox import record_product_changes
    from search.indexing.sync import apply_pending_changes
    from search.models import ProductPopularity

    rows = ProductPopularity.objects.filter(product_id__in=changed).values_list("product_id", "language", "score")
    started = time.perf_counter()
    docs = {}
    for product_id, language, score in rows:
        docs.setdefault(product_id, {})[language] = score
    actions = ({"_op_type": "update", "_index": alias(), "_id": product_id, "doc": {"popularity": values}}
               for product_id, values in docs.items())
    helpers.bulk(client(), actions, chunk_size=500)
    partial = time.perf_counter() - started
    settings.USING_REDIS_QUEUE = True
    started = time.perf_counter()
    with transaction.atomic():
        record_product_changes(changed)
    apply_pending_changes(product_ids=changed)
    outbox = time.perf_counter() - started
    return {"products": len(changed), "partial_update_s": partial, "outbox_sync_s": outbox,
            "partial_ms_per_product": 1000 * partial / max(1, len(changed)),
            "outbox_ms_per_product": 1000 * outbox / max(1, len(changed))}


def _report(run):
    lines = [f"# Ranking that learns from clicks: simulation ({run['started']})", "",
             f"Catalog: {run['products']} demo products (seed {run['seed']}); {run['queries']} judged queries "
             f"finding ≥ 25 products, 2 preferred products each chosen among ranks {PREFERRED_FROM}-{PREFERRED_TO}; "
             f"{run['shoppers']} shoppers per query per day, clicking a looked-at result with p = "
             f"{PREFERRED_APPEAL} (preferred) or {OTHER_APPEAL} (other), looking at position k with p = 1/k^0.7. "
             f"Popularity weight {run['weight']}, prior {run['prior']} expected clicks, half-life "
             f"{run['half_life']} days. Ranks on the real search path, top {DEPTH} (beyond: {DEPTH + 1}).", "",
             "| after day | searches | clicks | preferred mean rank | median | preferred in top 10 | roll-up s "
             "| documents changed | sync s |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for day in run["days"]:
        lines.append(f"| {day['day']} | {day.get('searches', '')} | {day.get('clicks', '')} | "
                     f"{day['mean_rank']:.2f} | {day['median_rank']:.1f} | {100 * day['in_top10']:.0f} % | "
                     f"{day.get('roll_up_s', 0):.2f} | {day.get('changed', '')} | {day.get('sync_s', 0):.2f} |")
    off = run["switched_off"]
    push = run["push"]
    lines += ["", f"Switched off (SEARCH_POPULARITY_ENABLED=0) after the last day: mean rank {off['mean_rank']:.2f}, "
                  f"in top 10 {100 * off['in_top10']:.0f} % (day 0: {run['days'][0]['mean_rank']:.2f}).", "",
              "## Pushing popularity to the index", "",
              f"For the {push['products']} products the first roll-up changed: bulk partial updates of the "
              f"`popularity` field {push['partial_update_s']:.3f} s ({push['partial_ms_per_product']:.2f} ms per "
              f"product); the outbox sync rebuilding their whole documents {push['outbox_sync_s']:.3f} s "
              f"({push['outbox_ms_per_product']:.2f} ms per product).", "",
              f"Machine: {run['machine']}."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--shoppers", type=int, default=10)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--keep-catalog", action="store_true", help="reuse the bench database's catalog and index")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    env.ensure_database()
    env.manage("migrate", "--noinput")
    if not args.keep_catalog:
        env.say(f"loading {args.products} demo products (seed {args.seed})")
        env.manage("load_demo_catalog", f"--products={args.products}", f"--seed={args.seed}", "--reset")
    env.setup_django()
    from django.conf import settings
    from django.utils import timezone

    from lib.popularity_sim import forget_clicks, roll_up_and_push, shop_day
    from lib.report import machine
    from search.indexing.rebuild import rebuild_product_index

    forget_clicks()
    if not args.keep_catalog:
        env.say("building the index")
        rebuild_product_index()
    rng = random.Random(args.seed)
    preferred = _queries(rng, args.queries)
    env.say(f"{len(preferred)} queries with preferred products")

    def appeal(text, language, product_id):
        return PREFERRED_APPEAL if product_id in preferred[(text, language)] else OTHER_APPEAL

    now = timezone.now()
    days = [{"day": 0, **_ranks(preferred)}]
    push = None
    for day in range(1, args.days + 1):
        when = now - timedelta(days=args.days - day, hours=12)
        searches, clicks = shop_day(list(preferred), appeal, rng, shoppers=args.shoppers, when=when)
        rolled_at = now - timedelta(days=args.days - day)
        if push is None:  # the first roll-up's changes, pushed both ways and timed
            settings.ELASTIC_SYNC = False
            from search.popularity import roll_up

            started_at = time.perf_counter()
            result = roll_up(rolled_at)
            rolled = time.perf_counter() - started_at
            settings.ELASTIC_SYNC = True
            push = _push_costs(result.changed)
            from search.indexing.indices import alias, client

            client().indices.refresh(index=alias())
            outcome = {"changed": len(result.changed), "roll_up_s": rolled, "sync_s": push["outbox_sync_s"]}
        else:
            result, rolled, synced, _ = roll_up_and_push(rolled_at)
            outcome = {"changed": len(result.changed), "roll_up_s": rolled, "sync_s": synced}
        days.append({"day": day, "searches": searches, "clicks": clicks, **outcome, **_ranks(preferred)})
        env.say(f"day {day}: {days[-1]}")
    settings.SEARCH_POPULARITY_ENABLED = False
    switched_off = _ranks(preferred)
    settings.SEARCH_POPULARITY_ENABLED = True
    run = {"started": started, "products": args.products, "seed": args.seed, "queries": len(preferred),
           "shoppers": args.shoppers, "weight": settings.SEARCH_POPULARITY_WEIGHT,
           "prior": settings.SEARCH_POPULARITY_PRIOR, "half_life": settings.SEARCH_POPULARITY_HALF_LIFE_DAYS,
           "days": days, "switched_off": switched_off, "push": push, "machine": machine()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(run, indent=1, default=str))
    (OUT / "report.md").write_text(_report(run))
    env.say(f"report: {OUT / 'report.md'}")
    print(_report(run))


if __name__ == "__main__":
    main()
