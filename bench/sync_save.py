"""What sync adds to a save: `product.stock += 1; product.save()` in a transaction, sync off
and on, interleaved save by save, as make bench's figure is (bench/lib/sync.py save_overhead).

    set -a; . ./.env; set +a
    .venv/bin/python bench/sync_save.py [--samples 100] [--rounds 7] [--compare REF]
                                        [--profile 3] [--label NAME] [--report PATH]

Needs the benchmark catalog (`bench/run.py --steps load`, or any catalog in the bench
database). No worker runs: after the first save the queued-job marker names a job that
waits, as between a burst's commits. Prints each round's medians (off, on, and the added
time as the median of the pairs' differences) and the same over all rounds. `--profile N`
then runs N × samples saves with sync on under cProfile and prints where the added time
goes (cumulative, our frames and the client libraries'). `--compare REF` measures REF's
backend (a git worktree under bench/results/tmp/, as request_cost.py does) and the
working tree's in turn, one round each in a fresh process, so a before/after sees the
same machine load. `--report` writes the figures as Markdown and JSON.
"""
import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402
from lib.sync import _save_seconds, save_pairs  # noqa: E402

PROFILE_FILTER = r"search/|common/|redis/(client|connection)|rq/|django/db/(transaction|backends/utils)"


def _ms(values):
    return statistics.median(values) * 1000


def measure(products, rounds, first_on=False):
    rows, off, on, added = [], [], [], []
    for round_ in range(rounds):
        round_off, round_on = save_pairs(products, first_on=(round_ % 2 == 1) != first_on)
        off += round_off
        on += round_on
        added += [b - a for a, b in zip(round_off, round_on)]
        row = {"off_ms": _ms(round_off), "on_ms": _ms(round_on),
               "added_ms": _ms([b - a for a, b in zip(round_off, round_on)])}
        rows.append(row)
        env.say(f"round {round_ + 1}: sync off {row['off_ms']:.3f} ms, on {row['on_ms']:.3f} ms, "
                f"added (median of pairs) {row['added_ms']:+.3f} ms")
    result = {"samples": len(on), "rounds": rows, "sync_off_median_ms": _ms(off), "sync_on_median_ms": _ms(on),
              "added_median_of_pairs_ms": _ms(added)}
    result["added_ms"] = result["sync_on_median_ms"] - result["sync_off_median_ms"]
    env.say(f"all: sync off {result['sync_off_median_ms']:.3f} ms, on {result['sync_on_median_ms']:.3f} ms, "
            f"added {result['added_ms']:+.3f} ms (median of pairs {result['added_median_of_pairs_ms']:+.3f})")
    return result


def profile(products, repeats):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        _save_seconds(products, sync_on=True)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(PROFILE_FILTER, 40)
    return out.getvalue()


def _child(args, backend, first_on):
    """One round in a fresh process serving `backend` (the working tree's or --compare's)."""
    command = [sys.executable, __file__, "--samples", str(args.samples), "--rounds", "1", "--backend", str(backend),
               "--first", "on" if first_on else "off", "--json"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(args):
    """The working tree's save and `--compare`'s, one round each in turn (in reverse order every
    other round), each round in a fresh process: the before/after under the same machine load."""
    backends = {"working tree": env.BACKEND, args.compare: env.worktree(args.compare) / "backend"}
    load_before = os.getloadavg()[0]
    rounds = {name: [] for name in backends}
    for round_ in range(args.rounds):
        for name in (list(backends) if round_ % 2 == 0 else list(reversed(backends))):
            row = _child(args, backends[name], first_on=round_ % 2 == 1)
            rounds[name].append(row)
            env.say(f"round {round_ + 1}, {name}: sync off {row['sync_off_median_ms']:.3f} ms, on "
                    f"{row['sync_on_median_ms']:.3f} ms, added (median of pairs) "
                    f"{row['added_median_of_pairs_ms']:+.3f} ms")
    result = {"compare": args.compare, "samples_per_round": args.samples, "rounds": rounds, "database": rounds[
        "working tree"][0]["database"], "load_average": [round(load_before, 1),
                                                         *(round(value, 1) for value in os.getloadavg())]}
    result["medians"] = {name: {key: statistics.median(row[key] for row in rows) for key in (
        "sync_off_median_ms", "sync_on_median_ms", "added_median_of_pairs_ms")} for name, rows in rounds.items()}
    for name, row in result["medians"].items():
        env.say(f"{name}: median of rounds: off {row['sync_off_median_ms']:.3f}, on {row['sync_on_median_ms']:.3f}, "
                f"added {row['added_median_of_pairs_ms']:+.3f} ms")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=100, help="products saved per round and state")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", help="a git ref whose save is measured in turn with the working tree's")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="N x samples saves under cProfile")
    parser.add_argument("--label", default="", help="names the run in the report (e.g. the commit)")
    parser.add_argument("--report", type=Path, help="write the figures here as Markdown (and .json)")
    parser.add_argument("--backend", type=Path, help=argparse.SUPPRESS)  # --compare's rounds
    parser.add_argument("--first", choices=("on", "off"), default="off", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare:
        result = compare(args)
        if args.report:
            _write_compare_report(args, result)
        return
    if args.backend:
        env.BACKEND = args.backend
    env.setup_django()
    from django.conf import settings

    from products.models import Product

    products = list(Product.objects.filter(is_published=True).order_by("id")[:args.samples])
    _save_seconds(products[:10], sync_on=True)  # connections, caches, the marker
    load_before = os.getloadavg()[0]
    result = measure(products, args.rounds, first_on=args.first == "on")
    result.update(label=args.label, database=settings.DATABASES["default"]["NAME"],
                  load_average=[round(load_before, 1), *(round(value, 1) for value in os.getloadavg())])
    if args.profile:
        result["profile"] = profile(products, args.profile)
        print(result["profile"])
    if args.report:
        _write_report(args, result)
    if args.json:
        print(json.dumps(result))


def _write_compare_report(args, result):
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    names = list(result["rounds"])
    lines = [
        f"# A save with sync on: working tree vs {args.compare}{' (' + args.label + ')' if args.label else ''}", "",
        f"`bench/sync_save.py --compare {args.compare} --samples {args.samples} --rounds {args.rounds}`; database "
        f"`{result['database']}`; machine load average {result['load_average'][0]} before, "
        f"{'/'.join(map(str, result['load_average'][1:]))} after. Each round, in a fresh process per backend "
        f"(in turn, reversed every other round), saves {args.samples} products, each sync off and on back to "
        "back; medians in ms, added = the median of the pairs' differences.", "",
        "| round | " + " | ".join(f"{name}: off / on / added" for name in names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for n in range(args.rounds):
        cells = [result["rounds"][name][n] for name in names]
        lines.append(f"| {n + 1} | " + " | ".join(
            f"{row['sync_off_median_ms']:.3f} / {row['sync_on_median_ms']:.3f} / "
            f"{row['added_median_of_pairs_ms']:+.3f}" for row in cells) + " |")
    medians = [result["medians"][name] for name in names]
    lines += ["| median | " + " | ".join(
        f"{row['sync_off_median_ms']:.3f} / {row['sync_on_median_ms']:.3f} / **{row['added_median_of_pairs_ms']:+.3f}**"
        for row in medians) + " |", ""]
    args.report.write_text("\n".join(lines))


def _write_report(args, result):
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# A save with sync on{': ' + args.label if args.label else ''}", "",
        f"`bench/sync_save.py --samples {args.samples} --rounds {args.rounds}`; database `{result['database']}`; "
        f"machine load average {result['load_average'][0]} before, "
        f"{'/'.join(map(str, result['load_average'][1:]))} after. Each round saves the same "
        f"{args.samples} products, each sync off and on back to back (on first every other round); "
        "medians in ms, added = the median of the pairs' differences.", "",
        "| round | sync off | sync on | added |", "| --- | --- | --- | --- |",
        *(f"| {n} | {row['off_ms']:.3f} | {row['on_ms']:.3f} | {row['added_ms']:+.3f} |"
          for n, row in enumerate(result["rounds"], 1)),
        f"| all {result['samples']} | {result['sync_off_median_ms']:.3f} | {result['sync_on_median_ms']:.3f} | "
        f"{result['added_median_of_pairs_ms']:+.3f} |", "",
    ]
    if "profile" in result:
        lines += ["## cProfile, sync on (cumulative; our frames and the clients')", "", "```",
                  result["profile"].strip(), "```", ""]
    args.report.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
