"""Feed import and export at scale: a generated Heureka feed of N items (default 100 000)
imported into an empty catalog, imported again (nothing changes), exported as Heureka and
Google; items per second and each process's peak memory (ru_maxrss). The reader alone is
also run over the feed and over a tenth of it: its peak memory must not grow with the file.

    set -a; . ./.env; set +a    # BENCH_NAME, BENCH_REDIS_URL: this checkout's own
    .venv/bin/python bench/feeds.py [--items 100000]

Runs in the benchmark's own database (bench/lib/env.py: `eshop_<BENCH_NAME>`, read from the
environment, `eshop_bench` without it), whose catalog it replaces.
Report: bench/results/feeds/latest.md (and .json).
"""
import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib.env import ROOT, ensure_database, manage, say  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "feeds"
TMP = ROOT / "bench" / "results" / "tmp"
KINDS = ["Stůl", "Židle", "Lampa", "Hrnek", "Nůž", "Košík", "Košile", "Boty", "Batoh", "Deka"]
DEPARTMENTS = ["Nábytek", "Kuchyně", "Oblečení", "Obuv", "Doplňky"]
COLOURS = ["červená", "modrá", "zelená", "bílá", "černá", "hnědá"]
MATERIALS = ["dřevo", "kov", "bavlna", "kůže", "keramika", "len"]

READ_ONLY = """
import time
from products.feeds import heureka
started = time.perf_counter()
count = sum(1 for _ in heureka.read(open(PATH, "rb"), language="cs"))
print(f"read {count} in {time.perf_counter() - started:.2f}s")
"""


def _read_only(path):
    return READ_ONLY.replace("PATH", repr(str(path)))


def generate(path, items, seed=29):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<SHOP>\n')
        for n in range(items):
            kind, department = rng.choice(KINDS), rng.choice(DEPARTMENTS)
            colour, material = rng.choice(COLOURS), rng.choice(MATERIALS)
            out.write(
                f"<SHOPITEM><ITEM_ID>FEED-{n:06d}</ITEM_ID><PRODUCTNAME>{kind} {colour} {n}</PRODUCTNAME>"
                f"<PRODUCT>{kind}</PRODUCT><DESCRIPTION><![CDATA[<p>{kind} z materiálu <b>{material}</b>, "
                f"barva {colour}.</p>]]></DESCRIPTION><URL>https://shop.example/p/{n}</URL>"
                f"<IMGURL>https://shop.example/img/{n}.jpg</IMGURL><PRICE_VAT>{rng.randint(50, 20000)}</PRICE_VAT>"
                f"<EAN>{8590000000000 + n}</EAN><CATEGORYTEXT>{department} | {kind}</CATEGORYTEXT>"
                f"<PARAM><PARAM_NAME>Barva</PARAM_NAME><VAL>{colour}</VAL></PARAM>"
                f"<PARAM><PARAM_NAME>Materiál</PARAM_NAME><VAL>{material}</VAL></PARAM>"
                f"<DELIVERY_DATE>{0 if rng.random() < 0.8 else 7}</DELIVERY_DATE></SHOPITEM>\n")
        out.write("</SHOP>\n")


def measured(label, items, *args):
    output, seconds, rss = manage(*args)
    say(f"{label}: {seconds:.1f}s, {items / seconds:.0f} items/s, peak RSS {rss:.0f} MB")
    return {"step": label, "items": items, "seconds": round(seconds, 2), "items_per_second": round(items / seconds),
            "peak_rss_mb": round(rss, 1), "output": output.strip().splitlines()[-1:]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    TMP.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    feed, tenth = TMP / f"feed-{args.items}.xml", TMP / f"feed-{args.items // 10}.xml"
    generate(feed, args.items)
    generate(tenth, args.items // 10)
    say(f"feed of {args.items} items: {feed.stat().st_size / 1e6:.1f} MB")
    ensure_database()
    manage("migrate", "--verbosity", "0")
    manage("load_demo_catalog", "--products", "0", "--reset")
    rows = [
        measured(f"read only, {args.items // 10} items", args.items // 10, "shell", "-c", _read_only(tenth)),
        measured(f"read only, {args.items} items", args.items, "shell", "-c", _read_only(feed)),
        measured("import into an empty catalog", args.items, "import_catalog", str(feed), "--format", "heureka",
                 "--language", "cs"),
        measured("import again (nothing changes)", args.items, "import_catalog", str(feed), "--format", "heureka",
                 "--language", "cs"),
        measured("export Heureka", args.items, "export_feed", "--format", "heureka", "--language", "cs",
                 "--output", str(TMP / "export-heureka.xml")),
        measured("export Google", args.items, "export_feed", "--format", "google", "--language", "cs",
                 "--output", str(TMP / "export-google.xml")),
    ]
    report = {"items": args.items, "feed_mb": round(feed.stat().st_size / 1e6, 1), "python": platform.python_version(),
              "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "steps": rows}
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = [f"# Feeds: {args.items} items ({report['feed_mb']} MB Heureka XML), {report['when']}", "",
             "| step | seconds | items/s | peak RSS (MB) |", "| --- | --- | --- | --- |"]
    lines += [f"| {row['step']} | {row['seconds']} | {row['items_per_second']} | {row['peak_rss_mb']} |"
              for row in rows]
    lines += ["", "Outputs' last lines:", ""] + [f"- {row['step']}: `{' '.join(row['output'])}`" for row in rows]
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    say(f"report: {RESULTS / 'latest.md'}")


if __name__ == "__main__":
    main()
