"""Search under load while Elasticsearch hangs (SIGSTOP), on a node of the benchmark's own.

    .venv/bin/python bench/paused.py [--compare REF] [--seconds 15] [--rounds 3] [--report PATH]

Starts its own Elasticsearch (HTTP 9287; the shared node is never paused),
indexes the benchmark catalog there (`make bench` or `bench/run.py --steps load`
made it), serves the API uncached (SEARCH_CACHE_ENABLED=0, as the full bench's
paused row) with 3 gunicorn workers pointed at it and, with
`--compare REF`, REF's API next to it. Each round, for each server in turn: the
node runs and the server answers from it again, then the node is paused and wrk
(c = 8) searches the mix for `--seconds`; p50, p99, the slowest answer and the
errors are reported (medians of the rounds).
"""
import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, load  # noqa: E402

HTTP_PORT, TRANSPORT_PORT = 9287, 9387
COMPARE_PORT = 8187 + load.PORT_OFFSET


def _answers_from_elasticsearch(url, seconds=60):
    """Waits until the server's breaker has closed again (its search answered by Elasticsearch)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/search/products/cs/?q=stul", timeout=5) as reply:
                if reply.headers.get("X-Search-Backend") == "elasticsearch":
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not come back to Elasticsearch")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", help="a git ref whose API is measured next to the working tree's")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--report", type=Path, help="write the figures here as Markdown (and .json)")
    args = parser.parse_args()
    env.setup_django()
    from django.conf import settings

    from common.tests.processes import OwnElasticsearch

    node = OwnElasticsearch(HTTP_PORT, TRANSPORT_PORT).start()
    hosts = ",".join(node.hosts)
    servers = {}
    try:
        env.say(f"indexing the benchmark catalog on {hosts}")
        env.manage("search_index", "--rebuild", "-f", ELASTICSEARCH_HOSTS=hosts, ELASTICSEARCH_WRITE_TIMEOUT=120)
        files = load.write_request_files(Path(tempfile.mkdtemp(prefix="bench-paused-")))
        extra = {"SEARCH_LEXICON_DIR": settings.SEARCH_LEXICON_DIR, "ELASTICSEARCH_HOSTS": hosts,
                 "BREAKER_STATE_DIR": tempfile.mkdtemp(prefix="bench-breakers-")}
        # Uncached, as the full bench's paused row (bench/lib/load.py): every search asks Elasticsearch.
        extra |= load.UNCACHED
        servers["api"] = load.Gunicorn(load.API_PORT, True, **extra)
        if args.compare:
            servers[f"api at {args.compare}"] = load.Gunicorn(
                COMPARE_PORT, True, backend_dir=env.worktree(args.compare) / "backend", **extra)
        runs = {name: [] for name in servers}
        for round_ in range(args.rounds):
            for name in (list(servers) if round_ % 2 == 0 else list(reversed(servers))):
                server = servers[name]
                _answers_from_elasticsearch(server.url)
                load.wrk(server.url, files["api"], 8, 2)  # every worker warm, on Elasticsearch
                node.pause()
                try:
                    row = load.wrk(server.url, files["api"], 8, args.seconds)
                finally:
                    node.resume()
                env.say(f"{name:24} round {round_ + 1}: p50 {row['p50_ms']:.0f} ms  p99 {row['p99_ms']:.0f} ms  "
                        f"slowest {row['max_ms']:.0f} ms  "
                        f"{row['requests']} searches  errors {row['errors']}  non-2xx {row['non_2xx']}")
                runs[name].append(row)
    finally:
        for server in servers.values():
            server.stop()
        node.stop()
    summary = {name: {"p50_ms": load._median([row["p50_ms"] for row in rows]),
                      "p99_ms": load._median([row["p99_ms"] for row in rows]),
                      "worst_p99_ms": max(row["p99_ms"] for row in rows),
                      "slowest_ms": max(row["max_ms"] for row in rows),
                      "requests": sum(row["requests"] for row in rows),
                      "errors": sum(row["errors"] for row in rows),
                      "non_2xx": sum(row["non_2xx"] for row in rows)}
               for name, rows in runs.items()}
    print(json.dumps(summary))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.with_suffix(".json").write_text(json.dumps({"args": vars(args) | {"report": str(args.report)},
                                                                "summary": summary, "runs": runs}, indent=2) + "\n")
        lines = [f"| {name} | {row['p50_ms']:.0f} | {row['p99_ms']:.0f} | {row['worst_p99_ms']:.0f} | "
                 f"{row['slowest_ms']:.0f} | {row['requests']} | {row['errors']} | {row['non_2xx']} |"
                 for name, row in summary.items()]
        args.report.write_text("\n".join([
            "# Search with Elasticsearch paused (SIGSTOP), c = 8",
            "",
            "`bench/paused.py" + (f" --compare {args.compare}" if args.compare else "")
            + f" --seconds {args.seconds} --rounds {args.rounds}`: 3 gunicorn workers, the node paused for "
            f"each {args.seconds} s run; medians of {args.rounds} rounds (worst p99: the worst round's; "
            "slowest: the slowest search of all rounds). Non-2xx: the fallback's 503 for a query too broad "
            "for its budget (SEARCH_FALLBACK_TIMEOUT_MS); errors: wrk's (connect, read, timeout).",
            "",
            "| server | p50 ms | p99 ms | worst p99 ms | slowest ms | searches | errors | non-2xx |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            *lines,
            "",
        ]))


if __name__ == "__main__":
    main()
