"""Where a search's CPU goes: per request, by process, for the API, the Django
pass-through floor and Elasticsearch alone, at one concurrency, in one run.

    .venv/bin/python bench/request_cost.py [--connections 8] [--seconds 15] [--rounds 3]

Needs the benchmark catalog (`make bench`, or `bench/run.py --steps load`)
and wrk. The three targets are measured in alternating rounds; the report
gives medians of p50 and of CPU milliseconds per request for gunicorn,
Elasticsearch and PostgreSQL (from /proc, so it is not swayed by how busy the
machine is the way latency is). This is the tool for before/after figures of
one change to the request path.
"""
import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, load  # noqa: E402
from lib.cpu import cpu_by_service  # noqa: E402


def measure(target, url, requests_file, connections, seconds):
    before = cpu_by_service()
    row = load.wrk(url, requests_file, connections, seconds)
    after = cpu_by_service()
    row["cpu_ms"] = {name: 1000 * (after[name] - before.get(name, 0.0)) / max(1, row["requests"])
                     for name in after}
    row["target"] = target
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--label", default="", help="a name for this run in the output")
    args = parser.parse_args()
    env.setup_django()
    from django.conf import settings

    files = load.write_request_files(Path(tempfile.mkdtemp(prefix="bench-cost-")))
    api, passthrough = load.Gunicorn(load.API_PORT, True), load.passthrough_server()
    targets = {
        "api": (f"http://127.0.0.1:{load.API_PORT}", files["api"]),
        "django pass-through": (f"http://127.0.0.1:{load.PASSTHROUGH_PORT}", files["passthrough"]),
        "elasticsearch": (settings.ELASTICSEARCH_HOSTS[0], files["elasticsearch"]),
    }
    rows = {name: [] for name in targets}
    try:
        for url, requests_file in targets.values():
            load.wrk(url, requests_file, 2, 3)  # warm up
        for _ in range(args.rounds):
            for name, (url, requests_file) in targets.items():
                rows[name].append(measure(name, url, requests_file, args.connections, args.seconds))
    finally:
        api.stop()
        passthrough.stop()
    summary = {}
    for name, runs in rows.items():
        services = sorted({service for run in runs for service in run["cpu_ms"]})
        summary[name] = {
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "throughput_rps": statistics.median(run["throughput_rps"] for run in runs),
            "cpu_ms": {service: statistics.median(run["cpu_ms"].get(service, 0.0) for run in runs)
                       for service in services},
        }
    print(json.dumps({"label": args.label, "connections": args.connections, "rounds": args.rounds,
                      "targets": summary}))
    for name, row in summary.items():
        cpu = ", ".join(f"{service} {value:.2f}" for service, value in row["cpu_ms"].items() if value >= 0.01)
        env.say(f"{args.label:12} {name:20} p50 {row['p50_ms']:6.1f} ms  {row['throughput_rps']:5.0f} req/s  "
                f"CPU ms/request: {cpu}")


if __name__ == "__main__":
    main()
