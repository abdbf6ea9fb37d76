"""Elasticsearch tuning, measured: copies of the live product index that differ in one
setting each, and the bench's raw search bodies run against them in alternating rounds.

    .venv/bin/python bench/es_tuning.py [--variants baseline,ordinals,sorted,shards2,request_cache]
                                        [--seconds 10] [--rounds 3] [--connections 8]
                                        [--requests es.tsv] [--report PATH]

Each variant is a new index filled from the live one by scroll and bulk (the same documents,
analysed again), so every arm has the same history; `baseline` is the live mapping
copied the same way. What each one changes:

- `ordinals`: the facet fields (category_path, attribute_values) as keywords with
  `eager_global_ordinals` (integers have no global ordinals: the setting needs keywords);
- `sorted`: index sorting on created_at, descending (the `newest` sort);
- `shards2`: two primary shards instead of one;
- `request_cache`: the baseline index asked with `?request_cache=true` (the shard request
  cache, which by default keeps only size=0 answers).

`--refresh-test` also times the baseline copy's load with refreshes off (-1, as our
rebuild loads) and at 1 s. Figures: each arm's p50/p99 and the node's own CPU per search (this node's
process only). Needs an indexed bench catalog (bench/run.py or bench/scale.py) and wrk;
ELASTICSEARCH_HOSTS picks the node (bench/scale.py --own-elasticsearch --keep-elasticsearch).
"""
import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from elasticsearch import helpers  # noqa: E402

from lib import env, load  # noqa: E402
from lib.cpu import cpu_seconds  # noqa: E402

VARIANTS = ("baseline", "ordinals", "sorted", "shards2", "request_cache")
FACET_FIELDS = ("category_path", "attribute_values")


def _source(es, alias):
    name, index = next(iter(es.indices.get(index=alias).items()))
    settings = index["settings"]["index"]
    return name, {"number_of_shards": int(settings["number_of_shards"]), "number_of_replicas": 0,
                  "analysis": settings["analysis"]}, index["mappings"]


def _variant_definition(variant, settings, mappings):
    settings, mappings = copy.deepcopy(settings), copy.deepcopy(mappings)
    if variant == "ordinals":
        for field in FACET_FIELDS:
            mappings["properties"][field] = {"type": "keyword", "eager_global_ordinals": True}
    elif variant == "sorted":
        settings["sort.field"], settings["sort.order"] = "created_at", "desc"
    elif variant == "shards2":
        settings["number_of_shards"] = 2
    return settings, mappings


def _copy(es, source, target, settings, mappings, refresh="-1"):
    """`target` made with settings and mappings and filled from `source`; returns the seconds
    the copy took (refresh_interval `refresh` while it ran)."""
    es.indices.delete(index=target, ignore_unavailable=True)
    es.indices.create(index=target, settings={**settings, "refresh_interval": refresh}, mappings=mappings)
    started = time.perf_counter()
    # This distribution has no reindex module (nor data streams, which helpers.reindex asks about):
    # scroll and bulk from here.
    es = es.options(request_timeout=600)
    actions = ({"_index": target, "_id": hit["_id"], "_source": hit["_source"]}
               for hit in helpers.scan(es, index=source, size=1000, preserve_order=False))
    for _ in helpers.streaming_bulk(es, actions, chunk_size=1000, max_retries=3):
        pass
    seconds = time.perf_counter() - started
    es.indices.put_settings(index=target, settings={"refresh_interval": None})
    es.indices.refresh(index=target)
    es.cluster.health(index=target, wait_for_status="green", timeout="120s")
    return seconds


def _requests_for(lines, index_path, target_path):
    return [line.replace(f"\t{index_path}\t", f"\t{target_path}\t", 1) for line in lines]


def _run(url, requests_file, connections, seconds, node_pid):
    before = cpu_seconds(node_pid)
    row = load.wrk(url, requests_file, connections, seconds)
    row["cpu_ms"] = {"elasticsearch": 1000 * (cpu_seconds(node_pid) - before) / max(1, row["requests"])}
    return row


def _alternating(targets, connections, seconds, rounds, node_pid):
    runs: dict = {name: [] for name in targets}
    for round_ in range(rounds):
        for name in (list(targets) if round_ % 2 == 0 else list(reversed(targets))):
            runs[name].append(_run(*targets[name], connections, seconds, node_pid))

    def median(values):
        return sorted(values)[len(values) // 2]

    return {name: {"p50_ms": median([r["p50_ms"] for r in rows]), "p99_ms": median([r["p99_ms"] for r in rows]),
                   "throughput_rps": median([r["throughput_rps"] for r in rows]),
                   "cpu_ms": median([r["cpu_ms"]["elasticsearch"] for r in rows]),
                   "non_2xx": sum(r["non_2xx"] for r in rows), "requests": sum(r["requests"] for r in rows)}
            for name, rows in runs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--requests", type=Path, help="an es.tsv of an earlier run (else written from the catalog)")
    parser.add_argument("--keep", action="store_true", help="leave the variant indices")
    parser.add_argument("--live-baseline", action="store_true",
                        help="the live index itself as the baseline (and request cache) arm: one copy fewer")
    parser.add_argument("--refresh-test", action="store_true", help="also time the baseline copy at refresh 1 s")
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    variants = [name for name in args.variants.split(",") if name]
    env.setup_django()
    from django.conf import settings

    from search.indexing.indices import alias, client

    es, es_url = client(), settings.ELASTICSEARCH_HOSTS[0]
    node_pid = env.elasticsearch_pid(urlsplit(es_url).port)
    directory = Path(tempfile.mkdtemp(prefix="bench-tuning-"))
    requests = args.requests or load.write_request_files(directory)["elasticsearch"]
    lines = Path(requests).read_text().splitlines()
    source, base_settings, base_mappings = _source(es, alias())
    documents = es.count(index=source)["count"]
    env.say(f"{source}: {documents} documents; variants {', '.join(variants)}")
    result: dict = {"source": source, "documents": documents, "reindex_s": {}, "variants": variants,
                    "connections": args.connections, "seconds": args.seconds, "rounds": args.rounds}
    targets, made = {}, []
    try:
        for variant in variants:
            index = f"{alias()}_tune_{'baseline' if variant == 'request_cache' else variant}"
            if args.live_baseline and variant in ("baseline", "request_cache"):
                index = source
            elif index not in made:
                definition = _variant_definition(variant, base_settings, base_mappings)
                result["reindex_s"][variant] = _copy(es, source, index, *definition)
                made.append(index)
                env.say(f"  {index}: copied in {result['reindex_s'][variant]:.0f} s")
            path = f"/{index}/_search" + ("?request_cache=true" if variant == "request_cache" else "")
            file = directory / f"{variant}.tsv"
            file.write_text("\n".join(_requests_for(lines, f"/{alias()}/_search", path)) + "\n")
            targets[variant] = (es_url, file)
        if "baseline" in variants and args.refresh_test:
            result["reindex_refresh_1s_s"] = _copy(es, source, f"{alias()}_tune_refresh", base_settings,
                                                   base_mappings, refresh="1s")
            es.indices.delete(index=f"{alias()}_tune_refresh")
            env.say(f"  reindex with refreshes off {result['reindex_s']['baseline']:.0f} s, at 1 s "
                    f"{result['reindex_refresh_1s_s']:.0f} s")
        for _, file in targets.values():
            load.wrk(es_url, file, 2, 3)  # warm each index's caches
        result["targets"] = _alternating(targets, args.connections, args.seconds, args.rounds, node_pid)
        if "request_cache" in variants:  # did the arm hit the cache?
            cached = source if args.live_baseline else f"{alias()}_tune_baseline"
            result["request_cache"] = es.indices.stats(index=cached, metric="request_cache")[
                "_all"]["primaries"]["request_cache"]
            env.say(f"  request cache of the baseline copy: {result['request_cache']}")
    finally:
        if not args.keep:
            es.indices.delete(index=",".join(made), ignore_unavailable=True) if made else None
    lines_out = _lines(result)
    for line in lines_out:
        env.say(line)
    print(json.dumps(result))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        args.report.write_text("\n".join(lines_out) + "\n")


def _lines(result):
    base = result["targets"].get("baseline")
    rows = ["| variant | p50 ms | × baseline | p99 ms | req/s | node CPU ms/search | non-2xx |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, row in result["targets"].items():
        ratio = f"{row['p50_ms'] / base['p50_ms']:.2f}" if base else "–"
        rows.append(f"| {name} | {row['p50_ms']:.1f} | {ratio} | {row['p99_ms']:.1f} | {row['throughput_rps']:.0f} | "
                    f"{row['cpu_ms']:.2f} | {row['non_2xx']} |")
    return rows


if __name__ == "__main__":
    main()
