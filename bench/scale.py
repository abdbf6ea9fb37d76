"""`make bench-scale`: how the costs grow with the catalog, at 10 000, 100 000 and 1 000 000 products.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--seconds 10]
                                    [--own-elasticsearch PORT [--es-heap 3g] [--keep-elasticsearch]]

At each size, in one run: the demo catalog loaded (its time), our rebuild (time, docs/s,
peak RSS of the rebuild process), the index's size and the node's heap, searches under
load (the API, raw Elasticsearch, the Django pass-through floor and the PostgreSQL
fallback, c=1 and c=8, the bench's query mix), each fallback query alone with a 5 s
budget (what it really costs, and the slowest), and a save with sync off and on. Writes
bench/results/scale/ (results.json, report.md, scale.svg: each figure against catalog size,
log scale); results.json is rewritten after each size so a long run keeps what it measured.
Not in CI. Needs the services and wrk; uses the bench database, index prefix and Redis
database (bench/lib/env.py). `--own-elasticsearch PORT` starts (or reuses) a single node
of scripts/services on PORT with a heap of its own, points everything at it, and stops it
at the end: 1 000 000 products do not belong on a small shared heap.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, report  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
LEVELS = (1, 8)
FALLBACK_PROBE_BUDGET_MS = 5000  # the per-query probe's SEARCH_FALLBACK_TIMEOUT_MS: the real cost, not a 503
FALLBACK_PROBE_PORT = 8187
SAVE_PRODUCTS = 10  # saved 5 times each, sync off and on alternately (bench/lib/sync.py)


def _services(command, port, heap=None):
    extra = {"ES_HTTP_PORT": str(port), "ES_TRANSPORT_PORT": str(port + 100)}
    if heap:
        extra["ES_HEAP"] = heap
    subprocess.run([str(env.ROOT / "scripts" / "services"), command, "--only", "elasticsearch"],
                   env={**os.environ, **extra}, check=True)


def _generate(count):
    output, wall, peak = env.manage("load_demo_catalog", f"--products={count}", "--seed=42", "--reset")
    match = re.search(r"Loaded (\d+) demo products and (\d+) more .* in ([\d.]+)s", output)
    products = int(match.group(1)) + int(match.group(2))
    return {"products": products, "seconds": float(match.group(3)), "per_s": products / float(match.group(3)),
            "wall_s": wall, "peak_rss_mb": peak}


def _rebuild():
    # A 500-document bulk on a busy 2-core node can take over the default 5 s write timeout
    # (measured: the 100 000 rebuild failed so while another index was being loaded).
    output, wall, peak = env.manage("search_index", "--rebuild", "-f", ELASTICSEARCH_WRITE_TIMEOUT=60)
    match = re.search(r"Rebuilt \S+: (\d+) products in ([\d.]+)s", output)
    docs, seconds = int(match.group(1)), float(match.group(2))
    return {"docs": docs, "seconds": seconds, "docs_per_s": docs / seconds, "wall_s": wall, "peak_rss_mb": peak}


def _index_stats():
    from search.indexing.indices import alias, client

    es = client()
    stats = es.indices.stats(index=alias(), metric="store,docs,segments")["_all"]["primaries"]
    heap = next(iter(es.nodes.stats(metric="jvm")["nodes"].values()))["jvm"]["mem"]
    return {"docs": stats["docs"]["count"], "store_mb": stats["store"]["size_in_bytes"] / 2**20,
            "segments": stats["segments"]["count"], "heap_used_mb": heap["heap_used_in_bytes"] / 2**20,
            "heap_max_mb": heap["heap_max_in_bytes"] / 2**20, "shards": int(
                next(iter(es.indices.get_settings(index=alias()).values()))["settings"]["index"]["number_of_shards"])}


def _probe_fallback(files):
    """Each query of the mix alone, in turn, on a fallback server with a 5 s budget: its own time."""
    from lib import load

    lines = Path(files["api"]).read_text().splitlines()
    server = load.Gunicorn(FALLBACK_PROBE_PORT + load.PORT_OFFSET, False,
                           SEARCH_FALLBACK_TIMEOUT_MS=FALLBACK_PROBE_BUDGET_MS)
    timings = []
    try:
        for line in lines:
            target = line.split("\t")[1]
            for attempt in range(2):  # the second is the one counted: the first warms this query's pages
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(server.url + target, timeout=30) as reply:
                        reply.read()
                        status = reply.status
                except urllib.error.HTTPError as error:
                    status = error.code
                elapsed = (time.perf_counter() - started) * 1000
            timings.append({"target": target, "ms": elapsed, "status": status})
    finally:
        server.stop()
    values = sorted(row["ms"] for row in timings)
    slowest = max(timings, key=lambda row: row["ms"])
    return {"queries": len(timings), "p50_ms": statistics.median(values), "max_ms": values[-1],
            "slowest": slowest, "non_2xx": sum(1 for row in timings if row["status"] >= 300),
            "over_2s": sum(1 for value in values if value > 2000), "timings": timings}


def _search(seconds, es_url):
    from lib import load

    files = load.write_request_files(Path(tempfile.mkdtemp(prefix="bench-scale-")))
    servers = {"api": load.Gunicorn(load.API_PORT, True), "django pass-through": load.passthrough_server(),
               "postgres_fallback": load.Gunicorn(load.FALLBACK_PORT, False)}
    targets = {
        "api": (servers["api"].url, files["api"], servers["api"]),
        "django pass-through": (servers["django pass-through"].url, files["passthrough"],
                                servers["django pass-through"]),
        "elasticsearch": (es_url, files["elasticsearch"]),
        "postgres_fallback": (servers["postgres_fallback"].url, files["api"], servers["postgres_fallback"]),
    }
    results: dict = {name: {} for name in targets}
    try:
        for url, requests_file, *_ in targets.values():
            load.wrk(url, requests_file, 2, 3)  # warm caches and connections
        for level in LEVELS:
            for name, (url, requests_file, *server) in targets.items():
                row = load.run(url, requests_file, level, seconds, *server)
                results[name][level] = row
                load._say(name, level, row)
    finally:
        for server in servers.values():
            server.stop()
    env.say("  each fallback query alone (5 s budget)")
    return {"targets": results, "queries_in_mix": files["queries"], "seconds_per_run": seconds,
            "fallback_alone": _probe_fallback(files)}


def _save():
    from lib import sync

    return sync.save_overhead(SAVE_PRODUCTS)


def measure_size(count, seconds, es_url):
    env.say(f"{count} products: loading the demo catalog")
    row: dict = {"products": count, "generate": _generate(count)}
    env.say(f"  {row['generate']['products']} products in {row['generate']['seconds']:.0f} s; rebuilding the index")
    row["rebuild"] = _rebuild()
    row["index"] = _index_stats()
    env.say(f"  rebuild {row['rebuild']['seconds']:.0f} s ({row['rebuild']['docs_per_s']:.0f} docs/s), peak RSS "
            f"{row['rebuild']['peak_rss_mb']:.0f} MB; index {row['index']['store_mb']:.0f} MB, "
            f"heap {row['index']['heap_used_mb']:.0f} MB")
    env.say("  search under load")
    row["search"] = _search(seconds, es_url)
    row["search"]["loadavg_after"] = os.getloadavg()
    alone = row["search"]["fallback_alone"]
    env.say(f"  fallback alone: p50 {alone['p50_ms']:.0f} ms, max {alone['max_ms']:.0f} ms "
            f"({alone['slowest']['target']})")
    env.say("  save, sync off and on")
    row["save"] = _save()
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--out", type=Path, default=env.ROOT / "bench" / "results" / "scale")
    parser.add_argument("--own-elasticsearch", type=int, metavar="PORT", help="start (or reuse) a node on PORT")
    parser.add_argument("--es-heap", default="3g")
    parser.add_argument("--keep-elasticsearch", action="store_true", help="leave the own node running")
    parser.add_argument("--resume", action="store_true", help="keep the sizes --out's results.json has")
    parser.add_argument("--render", action="store_true", help="only write report.md and scale.svg again")
    parser.add_argument("--note", action="append", default=[], help="with --render: a paragraph for the report")
    args = parser.parse_args()
    if args.render:
        results = json.loads((args.out / "results.json").read_text())
        results["notes"] = results.get("notes", []) + args.note
        write(results, args.out)
        return
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.own_elasticsearch:
        _services("up", args.own_elasticsearch, args.es_heap)
        os.environ["ELASTICSEARCH_HOSTS"] = f"http://127.0.0.1:{args.own_elasticsearch}"
    try:
        env.ensure_database()
        env.manage("migrate", "--noinput")
        env.setup_django()
        from django.conf import settings

        es_url = settings.ELASTICSEARCH_HOSTS[0]
        results = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": report.machine(),
                   "elasticsearch": es_url, "es_heap": args.es_heap if args.own_elasticsearch else "shared",
                   "sizes": []}
        if args.resume and (args.out / "results.json").exists():
            results = json.loads((args.out / "results.json").read_text())
        done = {row["products"] for row in results["sizes"]}
        for count in (size for size in sizes if size not in done):
            results["sizes"].append(measure_size(count, args.seconds, es_url))
            write(results, args.out)
    finally:
        if args.own_elasticsearch and not args.keep_elasticsearch:
            _services("down", args.own_elasticsearch)
    env.say(f"report: {args.out / 'report.md'}")


def write(results, directory):
    from lib import scale_report

    directory.mkdir(parents=True, exist_ok=True)
    results["targets"] = scale_report.targets(results)
    (directory / "results.json").write_text(json.dumps(results, indent=2, default=str))
    scale_report.plot(results, directory / "scale.svg")
    (directory / "report.md").write_text(scale_report.markdown(results))


if __name__ == "__main__":
    main()
