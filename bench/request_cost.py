"""Where a search's CPU goes: per request, for the API, the Django pass-through
floor and Elasticsearch alone, and optionally the API of an earlier commit,
side by side in alternating rounds of one run.

    .venv/bin/python bench/request_cost.py [--compare REF] [--compare-env NAME=VALUE ...]
                                           [--connections 8] [--seconds 10] [--rounds 3]
                                           [--mix search|suggest|head] [--cache-store redis|process]
                                           [--report PATH]

Needs the benchmark catalog (`make bench`, or `bench/run.py --steps load`)
and wrk. `--compare REF` serves REF's backend from a git worktree under
bench/results/tmp/ next to the working tree's: the before/after of a change,
measured under the same machine load. `--compare-env SEARCH_WORD_FAMILIES=0`
serves the working tree a second time with that setting changed: what one
feature costs. The report gives medians of p50 and of CPU milliseconds per
request: each gunicorn's own (its process tree), and Elasticsearch's and
PostgreSQL's while that target ran. On this shared machine absolute figures
move by a third between runs; compare within one.
`--mix suggest` measures the suggest endpoint over the suggest prefixes (the
pass-through forwarding its raw Elasticsearch body as the floor) instead of the search mix; `--mix head`
the head-query mix (lib/head_mix.py) with the answer cache on (in `--cache-store`),
and the hit rate the API had over one more run; the search mix runs uncached.
`--report` also writes the figures as Markdown (and JSON next to it).
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, head_mix, load  # noqa: E402

COMPARE_PORT = 8185 + load.PORT_OFFSET
COMPARE_ENV_PORT = 8189 + load.PORT_OFFSET  # 8187, 8188: worst_request.py's


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", help="a git ref whose API is measured next to the working tree's")
    parser.add_argument("--compare-env", action="append", default=[], metavar="NAME=VALUE",
                        help="the working tree's API again with these settings, next to it")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mix", choices=("search", "suggest", "head"), default="search")
    parser.add_argument("--cache-store", choices=("redis", "process"), default="process")
    parser.add_argument("--report", type=Path, help="write the figures here as Markdown (and .json)")
    args = parser.parse_args()
    changed = dict(pair.split("=", 1) for pair in args.compare_env)
    env.setup_django()
    from django.conf import settings

    files = load.write_request_files(Path(tempfile.mkdtemp(prefix="bench-cost-")))
    lexicon = {"SEARCH_LEXICON_DIR": settings.SEARCH_LEXICON_DIR}
    cache = {"SEARCH_CACHE_STORE": args.cache_store} if args.mix == "head" else load.UNCACHED
    servers = {"api": load.Gunicorn(load.API_PORT, True, **lexicon, **cache)}
    servers["django pass-through"] = load.passthrough_server()
    if args.compare:
        servers[f"api at {args.compare}"] = load.Gunicorn(
            COMPARE_PORT, True, backend_dir=env.worktree(args.compare) / "backend", **lexicon, **cache)
    if changed:
        servers["api with " + " ".join(args.compare_env)] = load.Gunicorn(
            COMPARE_ENV_PORT, True, **lexicon, **{**cache, **changed})
    api_file, raw_file, passthrough_file = {
        "search": ("api", "elasticsearch", "passthrough"), "suggest": ("suggest", "suggest_raw", "suggest_passthrough"),
        "head": ("head_api", "head_elasticsearch", "head_passthrough")}[args.mix]
    targets = {name: (server.url, files[passthrough_file if server.port == load.PASSTHROUGH_PORT else api_file],
                      server)
               for name, server in servers.items()}
    targets["elasticsearch"] = (settings.ELASTICSEARCH_HOSTS[0], files[raw_file])
    load_before = os.getloadavg()[:1]
    try:
        for url, requests_file, *_ in targets.values():
            load.wrk(url, requests_file, 2, 3)  # warm up
        summary = load.alternating(targets, args.connections, args.seconds, rounds=args.rounds)
        hits = head_mix.hit_rate(servers["api"].url, files[api_file], args.connections, args.seconds) \
            if args.mix == "head" else None
    finally:
        for server in servers.values():
            server.stop()
    result = {"compare": args.compare, "compare_env": changed, "mix": args.mix, "connections": args.connections,
              "rounds": args.rounds, "seconds": args.seconds, "targets": summary,
              "load_average": [round(value, 1) for value in (*load_before, *os.getloadavg())]}
    if hits:
        result.update(head=files["head"], cache_store=args.cache_store, hits=hits)
        env.say(f"head mix: {files['head']}; API cache ({args.cache_store}): {hits}")
    print(json.dumps(result))
    raw = summary["elasticsearch"]["p50_ms"]
    lines = []
    for name, row in summary.items():
        cpu = ", ".join(f"{service} {value:.2f}" for service, value in row["cpu_ms"].items())
        lines.append(f"| {name} | {row['p50_ms']:.1f} | {row['p50_ms'] / raw:.2f}x | {row['p99_ms']:.1f} | "
                     f"{row['throughput_rps']:.0f} | {row['non_2xx']} | {cpu} |")
        env.say(f"{name:28} p50 {row['p50_ms']:6.1f} ms ({row['p50_ms'] / raw:4.2f}x raw ES)  "
                f"{row['throughput_rps']:5.0f} req/s  non-2xx {row['non_2xx']}  CPU ms/request: {cpu}")
    if args.report:
        _write_report(args, result, lines)


def _write_report(args, result, lines):
    from django.conf import settings

    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    args.report.write_text("\n".join([
        f"# Request cost: {args.mix}" + (f", working tree vs {args.compare}" if args.compare else "")
        + "".join(f", with {pair}" for pair in args.compare_env),
        "",
        f"`bench/request_cost.py --mix {args.mix}" + (f" --compare {args.compare}" if args.compare else "")
        + "".join(f" --compare-env {pair}" for pair in args.compare_env)
        + f" --connections {args.connections} --seconds {args.seconds} --rounds {args.rounds}`; database "
        f"`{settings.DATABASES['default']['NAME']}`. Medians of {args.rounds} alternating rounds; CPU is "
        "milliseconds per request (each gunicorn's process tree; Elasticsearch's and PostgreSQL's while "
        f"that target ran). Machine load average: {result['load_average'][0]} before, "
        f"{'/'.join(map(str, result['load_average'][1:]))} (1/5/15 min) after.",
        "",
        "| target | p50 ms | × raw ES | p99 ms | req/s | non-2xx | CPU ms/request |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *lines,
        "",
        *_head_lines(result),
    ]))


def _head_lines(result):
    """The head mix's shape, the API's hit rate and its ratio to the pass-through floor."""
    if "hits" not in result:
        return []
    head, hits, targets = result["head"], result["hits"], result["targets"]
    ratio = targets["api"]["p50_ms"] / targets["django pass-through"]["p50_ms"]
    return [
        f"Head mix: {head['draws']} requests drawn Zipf-like (s = {head['zipf_s']}) from {head['distinct']} "
        f"distinct searches ({head['distinct_drawn']} of them drawn; the 100 most drawn make "
        f"{head['top_100_share']:.0%} of the requests). Answer cache in "
        f"{result['cache_store']}: hit rate {hits['hit_rate']:.1%} over one more {result['seconds']} s run "
        f"({hits['hit']} hits, {hits['miss']} misses, {hits['bypass']} bypassed, {hits['none']} not asked). "
        f"API p50 / pass-through p50: {ratio:.2f}x (goal ≤ 1.0x).",
        "",
    ]


if __name__ == "__main__":
    main()
