"""`make bench`: rebuild, search under load, sync overhead, side by side in one run.

    .venv/bin/python bench/run.py [--products 100000] [--smoke] [--steps rebuild,load,sync] [--reuse-catalog]

Needs the services (scripts/services up) and wrk. Uses its own database
(eshop_bench), index prefix (bench_) and Redis database (11). Writes
bench/results/<timestamp>/ (results.json, report.md, latency.png) and copies
it to bench/results/latest/ (a run of some steps only goes to
bench/results/partial/). Exits 1 if a step fails; missed targets are reported,
not failed. `--reuse-catalog` keeps an indexed catalog of the same size from an
earlier run instead of loading it again (for repeated load measurements).
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env, load, rebuild, report, sync  # noqa: E402

STEPS = ("rebuild", "load", "sync")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="short runs, for CI")
    parser.add_argument("--out", type=Path, default=env.ROOT / "bench" / "results")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}")
    parser.add_argument("--reuse-catalog", action="store_true", help="keep an indexed catalog of this size")
    args = parser.parse_args()
    steps = [step for step in args.steps.split(",") if step]
    if not steps or set(steps) - set(STEPS):
        parser.error(f"--steps takes a comma-separated list of {', '.join(STEPS)}")
    seconds = 3 if args.smoke else 15
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")

    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from django.conf import settings

    results = {"started": started, "products": args.products, "smoke": args.smoke, "machine": report.machine(),
               "steps": steps}
    if "rebuild" in steps:
        env.say("rebuild at N and 2N")
        results["rebuild"] = rebuild.measure(args.products)
    if "load" in steps or "sync" in steps:
        # The catalog at N for the search and sync measurements.
        if not (args.reuse_catalog and rebuild.catalog_is_ready(args.products)):
            rebuild.prepare_catalog(args.products)
    if "load" in steps:
        env.say("search under load")
        results["load"] = load.measure([1, 8, 32], seconds, settings.ELASTICSEARCH_HOSTS[0])
    if "sync" in steps:
        env.say("sync overhead")
        results["sync"] = {
            "save": sync.save_overhead(20 if args.smoke else 100),
            "searchable": sync.time_to_searchable(5 if args.smoke else 30),
        }
    results["targets"] = report.targets(results)
    complete = steps == list(STEPS)
    name = "smoke" if args.smoke else time.strftime("%Y%m%d-%H%M%S")
    directory = args.out / (name if complete else f"partial/{name}")
    path = report.write(results, directory, latest=complete and not args.smoke)
    env.say(f"report: {path}")
    verdicts = {True: "met    ", False: "NOT MET", None: "       "}
    for target in results["targets"]:
        env.say(f"  {verdicts[target['met']]} {target['target']}: {target['measured']}")


if __name__ == "__main__":
    main()
