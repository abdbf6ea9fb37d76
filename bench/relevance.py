"""`make relevance`: judged queries over the demo catalog, four rankings side by side in one run.

    .venv/bin/python bench/relevance.py [--products 10000] [--smoke] [--families] [--reuse]

Rankings: (a) this project's before the lemma change, (b) ecoseller's
published chain, (c) plain BM25 with the standard analyzer, (d) the shop's
current one (its own index, selector, corrections; the query's words only),
(u), (u-text), (u-boost) the same with the query understood (price limits,
order, attribute values, category) under each ATTRIBUTE_RULE. Measures nDCG@10,
hit@3, zero-result and wrong-kind rates per language and kind of query, for
(u) how often an understood item contradicts the judgment, and what the
rankings cost (Elasticsearch time per body, build rate, index size). Uses the
benchmark's database, index prefix and Redis database (bench/lib/env.py).
Writes bench/results/relevance/latest/ (report.md, results.json; committed,
so git keeps the history). `--smoke` (CI) runs a smaller catalog into
.../smoke/ and exits 1 if (d)'s nDCG@10 on the earlier word queries (all but
the intent ones and issue 25's families), (u)'s on the intent queries or (d)'s
on each family falls below the floor in bench/relevance_floor.json.

`--feed-format heureka|google` loads the catalog from feeds instead: the generated catalog
exported with export_feed (one feed per language), the catalog emptied (its categories and
attributes too), the feeds imported with import_catalog (merged by SKU); or `--feed PATH
--feed-language cs` (repeated) imports your own feeds of the generated catalog (the same
--products and --seed). The judgments still come from the generated products, matched by SKU
(bench/lib/relevance/feed_catalog.py). No cost section. Writes bench/results/relevance/feed/
(report.md with what the feeds changed and the figures next to latest/'s, results.json).

While iterating on the query: `--families` runs only issue 25's family queries
with (a)-(d), no cost, into .../families/; `--reuse` keeps the catalog and the
indexes the last run built (a change to the query only, not to the index).
"""
import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

FLOOR_FILE = env.ROOT / "bench" / "relevance_floor.json"


def _queries(products, families_only=False):
    from lib.relevance import queries_cs, queries_en, queries_families, queries_intent, queries_sk

    if families_only:
        return [query.resolve(products) for query in queries_families.queries()]
    queries = []
    for module in (queries_cs, queries_sk, queries_en):
        queries += module.QUERIES + module.SKUS
    queries += queries_intent.QUERIES + queries_families.queries()
    return [query.resolve(products) for query in queries]


def _understood(query, found, rule, relevant):
    """What an understanding variant applied, and what of it the judgment contradicts."""
    from lib.relevance.understood import missed, wrong_items

    return {"understood": found["understood"], "dropped": found["dropped"],
            "wrong": wrong_items(query, found["applied"], rule, relevant),
            "missed": missed(query, found["applied"])}


def _evaluate(client, variants, queries, products):
    from lib.relevance.metrics import measure

    by_id = {product.id: product for product in products}
    rows = []
    for number, query in enumerate(queries, 1):
        ideal = sorted((query.grade(product) for product in products), reverse=True)
        relevant = None  # products graded 2-3 before any order, once an understanding variant asks
        row = {"language": query.language, "text": query.text, "tags": list(query.tags), "results": {},
               "top_titles": {}}
        for variant in variants:
            found = variant.search(client, query.text, query.language)
            result = measure(query, found["ids"], found["total"], by_id, ideal)
            shown = ("corrected", "relaxed", "filled", "filled_without")
            result.update({key: found[key] for key in shown if key in found})
            if "applied" in found:
                if relevant is None:
                    relevant = [product for product in products if query.base_grade(product) >= 2]
                result.update(_understood(query, found, variant.rule, relevant))
            row["results"][variant.key] = {**result, "total": found["total"]}
            row["top_titles"][variant.key] = [by_id[pid].titles[query.language] for pid in found["ids"][:3]
                                              if pid in by_id]
        rows.append(row)
        if number % 50 == 0:
            env.say(f"  {number}/{len(queries)} queries")
    return rows


def _floor(summary):
    """(d) on the earlier word queries (the floor set before the intent queries and the families),
    (u) on the intent ones, (d) on each family of issue 25."""
    floor = json.loads(FLOOR_FILE.read_text())
    families = floor.get("family_ndcg10", {})
    limits = {**{f"d {key}": value for key, value in floor["ndcg10"].items()},
              **{f"u intent {key}": value for key, value in floor.get("intent_ndcg10", {}).items()},
              **{f"d {family}": value for family, value in families.items()}}
    measured = {**{f"d {key}": summary["d"]["earlier"][key]["ndcg10"] for key in floor["ndcg10"]},
                **{f"u intent {key}": summary["u"]["intent"][key]["ndcg10"] for key in floor.get("intent_ndcg10", {})},
                **{f"d {family}": summary["d"]["families"][family]["all"]["ndcg10"] for family in families}}
    return {"floor": limits, "measured": measured,
            "met": all(measured[key] >= value for key, value in limits.items())}


CLICK_APPEAL = {0: 0.02, 1: 0.1, 2: 0.35, 3: 0.7}  # --popularity: a looked-at result's click chance by grade


def _popularity_variants():
    from lib.relevance.understood import PopularUnderstood
    from lib.relevance.variants import PopularOurs

    return [PopularOurs("d-pop", "(d) with popularity on, no clicks logged"),
            PopularUnderstood("u-pop", "(u) with popularity on, no clicks logged")]


def _with_clicks(client, queries, products, rows, shoppers, seed):
    """Shoppers of the judged queries click by grade (bench/lib/popularity_sim.py), the roll-up
    runs and the index is updated; (d) and (u) with popularity are evaluated again and added to
    `rows`. Returns the variants and what the clicks were."""
    import random

    from django.utils import timezone

    from lib.popularity_sim import forget_clicks, roll_up_and_push, shop_day
    from lib.relevance.understood import PopularUnderstood
    from lib.relevance.variants import PopularOurs

    by_id = {product.id: product for product in products}
    judged = {}
    for query in queries:
        judged.setdefault((query.text, query.language), query)

    def appeal(text, language, product_id):
        product = by_id.get(product_id)
        return CLICK_APPEAL[judged[(text, language)].grade(product)] if product else 0.0

    forget_clicks()
    now = timezone.now()
    searches, clicks = shop_day(list(judged), appeal, random.Random(seed), shoppers=shoppers,
                                when=now - timedelta(hours=12))
    result, rolled, synced, _ = roll_up_and_push(now)
    env.say(f"{searches} simulated searches, {clicks} clicks; roll-up {rolled:.2f} s, "
            f"{len(result.changed)} documents updated in {synced:.2f} s")
    variants = [PopularOurs("d-pop-clicks", "(d) with popularity from simulated clicks on the judged queries"),
                PopularUnderstood("u-pop-clicks", "(u) with popularity from simulated clicks on the judged queries")]
    for row, again in zip(rows, _evaluate(client, variants, queries, products)):
        row["results"].update(again["results"])
        row["top_titles"].update(again["top_titles"])
    forget_clicks()
    return variants, {"shoppers_per_query": shoppers, "searches": searches, "clicks": clicks,
                      "appeal_by_grade": CLICK_APPEAL, "products_with_popularity": result.products,
                      "roll_up_s": rolled, "sync_s": synced}


def _load_from_feeds(args, generated):
    """The catalog reloaded from feeds; the judged products (facts by SKU from `generated`)
    and what changed on the way."""
    from common.process_cache import forget_every_cache
    from lib.relevance import feed_catalog

    before = feed_catalog.shape()
    feeds = list(zip(args.feed, args.feed_language)) or feed_catalog.export_generated(
        args.feed_format, env.ROOT / "bench" / "results" / "tmp" / f"relevance-{env.NAME}")
    env.say(f"loading the catalog from {len(feeds)} {args.feed_format} feed(s)")
    summary, seconds = feed_catalog.load(feeds, args.feed_format)
    forget_every_cache()
    products = feed_catalog.feed_products(generated)
    env.say(f"  {summary} ({seconds:.0f}s)")
    return {"format": args.feed_format, "files": [[path.name, language] for path, language in feeds],
            "import": summary, "import_seconds": round(seconds), "generated": before,
            "loaded": feed_catalog.shape(), "changed_titles": feed_catalog.changed_titles(generated, products),
            "products": products}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--smoke", action="store_true", help="the CI run: 2 000 products, floor check")
    parser.add_argument("--families", action="store_true", help="issue 25's families only, (a)-(d), no cost")
    parser.add_argument("--reuse", action="store_true", help="keep the catalog and indexes of the last run")
    parser.add_argument("--out", type=Path, default=env.ROOT / "bench" / "results" / "relevance")
    parser.add_argument("--popularity", action="store_true", help=(
        "also (d) and (u) with popularity on: with no clicks logged, then after simulated shoppers click the "
        "judged queries' results by grade (bench/lib/popularity_sim.py)"))
    parser.add_argument("--shoppers", type=int, default=5, help="--popularity: shoppers per judged query")
    parser.add_argument("--skip-cost", action="store_true", help="rankings' quality only, no cost section")
    parser.add_argument("--feed-format", choices=("heureka", "google"),
                        help="load the catalog from feeds of this format (the generated catalog exported)")
    parser.add_argument("--feed", action="append", type=Path, default=[], metavar="PATH",
                        help="a feed of the generated catalog to load instead of exporting it (repeat)")
    parser.add_argument("--feed-language", action="append", default=[], help="each --feed's language, in order")
    args = parser.parse_args()
    if args.feed and len(args.feed_language) != len(args.feed):
        parser.error("give one --feed-language per --feed")
    if args.feed and not args.feed_format:
        args.feed_format = "heureka"
    products_count = 2_000 if args.smoke else args.products
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")

    if not args.reuse:
        env.ensure_database()
        env.manage("migrate", "--noinput")
        env.say(f"loading {products_count} demo products (seed {args.seed})")
        env.manage("load_demo_catalog", f"--products={products_count}", f"--seed={args.seed}", "--reset")
    env.setup_django()
    from django.conf import settings

    from lib.relevance import cost, feed_report, report
    from lib.relevance.catalog import published_products
    from lib.relevance.variants import all_variants
    from lib.report import machine
    from search.documents import ProductDocument
    from search.indexing.indices import client as es_client

    # A shared machine's Elasticsearch can take longer than the app's 5 s on a bulk request.
    client, prefix = es_client().options(request_timeout=60), settings.ELASTICSEARCH_INDEX_PREFIX
    products = published_products()
    feed = _load_from_feeds(args, products) if args.feed_format else None
    if feed:
        products = feed.pop("products")
    measured = all_variants(prefix)[:4] if args.families else all_variants(prefix)
    # cost: only these; popularity acts in the page's request, not in the bodies measured
    variants = measured + (_popularity_variants() if args.popularity else [])
    if not args.reuse:
        document = ProductDocument()
        documents = [document.prepare(product) for product in document.get_indexing_queryset()]
        for variant in variants:
            env.say(f"building {variant.name}")
            variant.build(client, documents)
    queries = _queries(products, families_only=args.families)
    env.say(f"evaluating {len(queries)} judged queries")
    rows = _evaluate(client, variants, queries, products)
    run = {
        "started": started, "products": products_count, "published": len(products), "seed": args.seed,
        "machine": machine(),
        "variants": {variant.key: variant.name for variant in variants},
        "queries_per_language": {lang: sum(q.language == lang for q in queries) for lang in report.LANGUAGES},
        "rows": rows,
    }
    if feed is None and not args.families and not args.skip_cost:
        env.say("measuring cost")
        rounds = 1 if args.smoke else 3
        run["cost"] = {"rounds": rounds, "query_time": cost.query_time(client, measured, queries, rounds),
                       "build": cost.build_rates(client, prefix, 3), "index_bytes": cost.index_sizes(client, measured)}
    if args.popularity:
        clicked, run["popularity"] = _with_clicks(client, queries, products, rows, args.shoppers, args.seed)
        variants += clicked
        run["variants"].update({variant.key: variant.name for variant in clicked})
    run["summary"] = report.summaries(rows, variants)
    if args.smoke:
        run["floor"] = _floor(run["summary"])
    if feed is None:
        path = report.write(run, args.out / ("smoke" if args.smoke else "families" if args.families else "latest"))
    else:
        run["feed"] = feed
        path = feed_report.write(run, args.out / "feed" / ("smoke" if args.smoke else ""),
                                 args.out / ("smoke" if args.smoke else "latest") / "results.json")
    env.say(f"report: {path}")
    for variant in variants:
        s = run["summary"][variant.key]
        intent = s["intent"]
        env.say(f"  {variant.name}: nDCG@10 {s['all']['ndcg10']:.3f} (cs {s['cs']['ndcg10']:.3f}, "
                f"sk {s['sk']['ndcg10']:.3f}, en {s['en']['ndcg10']:.3f}), intent {intent['all']['ndcg10']:.3f} "
                f"(cs {intent['cs']['ndcg10']:.3f}, sk {intent['sk']['ndcg10']:.3f}, en {intent['en']['ndcg10']:.3f}), "
                f"zero {s['all']['zero']:.3f}, wrong kind {s['all']['wrong_kind']:.3f}")
    if args.smoke and not run["floor"]["met"]:
        env.say(f"nDCG@10 below the floor: {run['floor']}")
        sys.exit(1)


if __name__ == "__main__":
    main()
