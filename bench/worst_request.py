"""The slowest requests anyone can send, timed one at a time, before and after in one run.

    .venv/bin/python bench/worst_request.py [--compare REF] [--products 100000] [--rounds 5]

Each crafted request (a word that folds into a huge automaton, fifty attribute
filters, the longest query with every filter on the last page, the DSL
endpoint's longest lists) goes to the API on Elasticsearch and to the API on
its PostgreSQL fallback (USE_ELASTIC=0), gunicorn with production settings;
with `--compare REF` also to REF's backend (a git worktree), in alternating
order every round. The report gives each request's median wall time and
status; the goal is every request answered (or refused) within 300 ms.
Writes bench/results/worst_request/report.md and results.json.
"""
import argparse
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, load, rebuild  # noqa: E402

GOAL_MS = 300
PORTS = {key: port + load.PORT_OFFSET for key, port in {
    ("now", True): 8181, ("now", False): 8182, ("before", True): 8187, ("before", False): 8188}.items()}
REQUEST_LINE = 4000  # gunicorn refuses a longer request line (limit_request_line 4094) before Django


def crafted_requests():
    """{name: (path, [(param, value)])}, built from the benchmark catalog's own ids and SKUs."""
    from django.db import connection
    from django.db.models import Count

    from common.pagination import MAX_RESULT_WINDOW
    from products.models import AttributeValue, Product
    from search.serializers import MAX_QUERY_LENGTH

    common_values = AttributeValue.objects.annotate(n=Count("product_attributes")).order_by("-n", "id")
    attr = [("attr", value_id) for value_id in common_values.values_list("id", flat=True)[:50]]
    longest = " ".join(["stoly", "červené", "boty", "dřevěný", "hrnky", "kožené", "bundy"] * 40)[:MAX_QUERY_LENGTH]
    skus = Product.objects.order_by("id").values_list("sku", flat=True)[:2000]
    sku_list = ""
    for sku in skus:
        if len(sku_list) + len(sku) + 2 > REQUEST_LINE - 200:
            break
        sku_list = f"{sku_list}__{sku}" if sku_list else sku
    search = "/api/search/products/cs/"
    with connection.cursor() as cursor:  # the catalog's most frequent words, from a sample
        cursor.execute("SELECT word FROM ts_stat($$SELECT search_vector FROM products_producttranslation "
                       "WHERE language = 'cs' AND id % 20 = 0$$) ORDER BY ndoc DESC LIMIT 12")
        frequent = [row[0] for row in cursor.fetchall()]
    common_word = next(word for word in frequent if len(word) >= 4)
    return {
        "one letter": (search, [("q", "z")]),
        "the most frequent word": (search, [("q", common_word)]),
        "the twelve most frequent words": (search, [("q", " ".join(frequent))]),
        "materials that never meet": (search, [("q", "dřeva oceli bavlny kůže")]),
        "word folding into a huge automaton": (search, [("q", "stul" + "\ufdfa" * 50)]),
        "fifty attribute filters": (search, [("q", "stůl"), *attr]),
        "longest query": (search, [("q", longest)]),
        "longest query, every filter, last page": (search, [
            ("q", longest), *attr, ("category", 1), ("price_min", "1"), ("price_max", "9999999999.99"),
            ("in_stock", "true"), ("sort", "price"), ("offset", MAX_RESULT_WINDOW - 50), ("limit", 50),
        ]),
        "suggest, longest prefix": ("/api/search/suggest/cs/", [("q", longest)]),
        "DSL: SKU list filling the request line": ("/api/search/dsl/products/", [("sku__in", sku_list)]),
        "DSL: fifty attribute values": ("/api/search/dsl/products/", [
            ("attribute__in", "__".join(str(value) for _name, value in attr))]),
    }


def timed(url):
    """(milliseconds, status) of one GET, any status counting as an answer."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            reply.read()
            status = reply.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def measure(servers, requests, rounds):
    """{request: {server: {median_ms, max_ms, status}}}, servers taken in alternating order."""
    samples = {name: {server: [] for server in servers} for name in requests}
    for round_ in range(rounds + 1):  # round 0 warms every server up and is not counted
        order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
        for name, (path, params) in requests.items():
            for server in order:
                result = timed(f"{servers[server].url}{path}?{urlencode(params)}")
                if round_:
                    samples[name][server].append(result)
    return {name: {server: {"median_ms": round(statistics.median(ms for ms, _ in rows), 1),
                            "max_ms": round(max(ms for ms, _ in rows), 1),
                            "status": sorted({status for _, status in rows})}
                   for server, rows in by_server.items()}
            for name, by_server in samples.items()}


def markdown(results):
    servers = list(next(iter(results["requests"].values())))
    lines = [f"# Worst requests, one at a time ({results['products']} products, {results['rounds']} rounds)", "",
             f"Started {results['started']}; goal: every request answered or refused within {GOAL_MS} ms.", "",
             "| request | " + " | ".join(servers) + " |", "|---|" + "---|" * len(servers)]
    for name, by_server in results["requests"].items():
        cells = [f"{row['median_ms']} ms ({'/'.join(map(str, row['status']))})" for row in by_server.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"Slowest now: {results['slowest_now_ms']} ms (goal {GOAL_MS} ms: "
              f"{'met' if results['slowest_now_ms'] <= GOAL_MS else 'NOT MET'})."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", help="a git ref whose API answers the same requests")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=env.ROOT / "bench" / "results" / "worst_request")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from django.conf import settings

    if not rebuild.catalog_is_ready(args.products):
        env.say(f"loading and indexing {args.products} products")
        rebuild.prepare_catalog(args.products)
    requests = crafted_requests()
    lexicon = {"SEARCH_LEXICON_DIR": settings.SEARCH_LEXICON_DIR}
    sides = {"now": env.BACKEND} | ({"before": env.worktree(args.compare) / "backend"} if args.compare else {})
    servers = {}
    try:
        for (side, use_elastic), port in PORTS.items():
            if side in sides:
                label = f"{side if side == 'now' else args.compare} on {'ES' if use_elastic else 'PostgreSQL'}"
                servers[label] = load.Gunicorn(port, use_elastic, backend_dir=sides[side], **lexicon)
        env.say(f"timing {len(requests)} requests on {len(servers)} servers, {args.rounds} rounds")
        timings = measure(servers, requests, args.rounds)
    finally:
        for server in servers.values():
            server.stop()
    now = [row["median_ms"] for by_server in timings.values() for label, row in by_server.items()
           if label.startswith("now")]
    results = {"started": started, "products": args.products, "rounds": args.rounds,
               "compare": args.compare, "requests": timings, "slowest_now_ms": max(now), "goal_ms": GOAL_MS}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    (args.out / "report.md").write_text(markdown(results))
    env.say(markdown(results))
    sys.exit(0 if results["slowest_now_ms"] <= GOAL_MS else 1)


if __name__ == "__main__":
    main()
