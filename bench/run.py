"""`make bench`: rebuild, search under load, sync overhead, side by side in one run.

    .venv/bin/python bench/run.py [--products 100000] [--smoke]

Needs the services (scripts/services up) and wrk. Uses its own database
(eshop_bench), index prefix (bench_) and Redis database (11). Writes
bench/results/<timestamp>/ (results.json, report.md, latency.png) and copies
it to bench/results/latest/. Exits 1 if a step fails; missed targets are
reported, not failed.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, load, rebuild, report, sync  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="short runs, for CI")
    parser.add_argument("--out", type=Path, default=env.ROOT / "bench" / "results")
    args = parser.parse_args()
    seconds = 3 if args.smoke else 15
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")

    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from django.conf import settings

    results = {"started": started, "products": args.products, "smoke": args.smoke, "machine": report.machine()}
    env.say("rebuild at N and 2N")
    results["rebuild"] = rebuild.measure(args.products)
    # Leave the catalog at N for the search and sync measurements.
    rebuild.prepare_catalog(args.products)
    env.say("search under load")
    results["load"] = load.measure([1, 8, 32], seconds, settings.ELASTICSEARCH_HOSTS[0])
    env.say("sync overhead")
    results["sync"] = {
        "save": sync.save_overhead(20 if args.smoke else 100),
        "searchable": sync.time_to_searchable(5 if args.smoke else 30),
    }
    results["targets"] = report.targets(results)
    directory = args.out / ("smoke" if args.smoke else time.strftime("%Y%m%d-%H%M%S"))
    path = report.write(results, directory, latest=not args.smoke)
    env.say(f"report: {path}")
    for target in results["targets"]:
        env.say(f"  {'met    ' if target['met'] else 'NOT MET'} {target['target']}: {target['measured']}")


if __name__ == "__main__":
    main()
