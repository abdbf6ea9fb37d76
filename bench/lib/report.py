"""Writes the run as JSON, a Markdown report and a latency-vs-concurrency plot."""
import json
import os
import platform
import shutil
from pathlib import Path


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal")))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "os": platform.platform()}


def _gunicorn_cpu(row):
    return row.get("cpu_ms", {}).get("gunicorn")


def _cpu_over_floor(row, floor_row):
    """Gunicorn CPU per request over the Django pass-through's: what the project's own code costs."""
    ours, floor = _gunicorn_cpu(row), _gunicorn_cpu(floor_row)
    return None if ours is None or floor is None else ours - floor


def _issue30_checks(load, api, floor):
    """Issue 30's goals, measured against the Django pass-through in this same run."""
    checks = [("gunicorn CPU per search: API minus pass-through ≤ +1.0 ms at c=8",
               _cpu_over_floor(api[8], floor[8]), 1.0),
              ("search API p50 / Django pass-through p50 ≤ 1.35× at c=8", api[8]["p50_ms"] / floor[8]["p50_ms"], 1.35)]
    suggest = load.get("suggest")
    if suggest:
        # Its own pass-through (the suggest's raw body forwarded by Django) when the run has it.
        suggest_floor = suggest.get("django pass-through", floor[8])
        checks.append(("suggest: gunicorn CPU per request minus pass-through's ≤ +0.5 ms at c=8",
                       _cpu_over_floor(suggest["api"], suggest_floor), 0.5))
    paused = load.get("paused_elasticsearch")
    if paused:
        checks += [("search with Elasticsearch paused (SIGSTOP): p99 ≤ 1000 ms at c=8", paused["p99_ms"], 1000.0),
                   ("search with Elasticsearch paused: errors (connections, timeouts) = 0",
                    paused.get("errors", 0), 0)]
    return [check for check in checks if check[1] is not None]


def _search_checks(load):
    api, es, floor = load["targets"]["api"], load["targets"]["elasticsearch"], load["targets"]["django pass-through"]
    checks = []
    for level in (8, 32):
        if level in api:
            checks += [
                (f"search API p50 ≤ 1.2× raw ES p50 at c={level}", api[level]["p50_ms"] / es[level]["p50_ms"], 1.2),
                (f"search API p99 ≤ 1.5× raw ES p99 at c={level}", api[level]["p99_ms"] / es[level]["p99_ms"], 1.5),
            ]
    suggest = load.get("suggest")
    if suggest:
        checks.append(("suggest p50 ≤ 1.2× its raw query's at c=8",
                       suggest["api"]["p50_ms"] / suggest["elasticsearch"]["p50_ms"], 1.2))
    fallback = load["targets"].get("postgres_fallback", {})
    if 8 in fallback:
        checks.append(("PostgreSQL fallback p50 ≤ 5× the API's at c=8", fallback[8]["p50_ms"] / api[8]["p50_ms"], 5.0))
    if "query_log" in load:
        checks.append(("search API p50 with query log on ≤ 1.05× off at c=8", load["query_log"]["ratio"], 1.05))
    if 8 in api and 8 in floor:
        checks += _issue30_checks(load, api, floor)
    head = load.get("head")
    if head:
        checks.append(("head-query mix: cached API p50 ≤ 1.0× Django pass-through p50 at c=8", head["ratio"], 1.0))
    return [(name, value, limit, "≤") for name, value, limit in checks] + [
        # For reading the ratios above, not a goal: Django alone in front of Elasticsearch.
        ("(floor) Django pass-through p50 / raw ES p50 at c=8", floor[8]["p50_ms"] / es[8]["p50_ms"], None, None),
    ] + ([("(head mix) the API's cache hit rate", head["hits"]["hit_rate"], None, None)] if head else []) + (
        # Answered, not failed: the fallback's JSON 503 for a query too broad for its time budget.
        [("(paused) non-2xx: the fallback's 503 'too broad' share", load["paused_elasticsearch"]["non_2xx"]
          / max(load["paused_elasticsearch"]["requests"], 1), None, None)] if load.get("paused_elasticsearch") else [])


def targets(results):
    """Each goal with its measured figure, for the steps that ran (a limit of None: shown, not a goal)."""
    checks = []
    if results.get("load"):
        checks += _search_checks(results["load"])
    rebuild = results.get("rebuild")
    if rebuild:
        checks += [
            ("rebuild ≥ 0.7× raw bulk rate (N)", rebuild["n"]["rate_ratio"], 0.7, "≥"),
            ("peak memory at 2N within 10% of N", rebuild["memory_growth"], 1.1, "≤"),
        ]
    if results.get("sync"):
        save = results["sync"]["save"]
        checks += [("save with sync on ≤ 1.2× sync off", save["ratio"], 1.2, "≤"),
                   ("save with sync on: added time ≤ +0.5 ms", save.get(
                       "added_median_of_pairs_ms", save["sync_on_median_ms"] - save["sync_off_median_ms"]),
                    0.5, "≤")]
    return [
        {"target": name, "measured": round(value, 3), "limit": limit,
         "met": None if limit is None else (value <= limit if op == "≤" else value >= limit)}
        for name, value, limit, op in checks
    ]


def plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for name, rows in results["load"]["targets"].items():
        levels = sorted(int(level) for level in rows)
        for axis, metric in zip(axes, ("p50_ms", "p99_ms")):
            axis.plot(levels, [rows[level][metric] for level in levels], marker="o", label=name)
            axis.set_title(metric.replace("_ms", "") + " latency")
            axis.set_xlabel("concurrent connections")
            axis.set_ylabel("ms")
            axis.set_xscale("log", base=2)
            axis.grid(True, alpha=0.3)
    axes[0].legend()
    figure.suptitle(f"Product search, {results['products']} products")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def _rebuild_section(rebuild):
    lines = ["## Rebuild", "", "| products | ours docs/s | raw bulk docs/s | ratio | ours s | peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- |"]
    for key in ("n", "two_n"):
        row = rebuild[key]
        lines.append(f"| {row['products']} | {row['ours']['docs_per_s']:.0f} | {row['raw']['docs_per_s']:.0f} | "
                     f"{row['rate_ratio']:.2f} | {row['ours']['seconds']:.1f} | {row['ours']['peak_rss_mb']:.0f} |")
    return lines + ["", f"Time at 2N / time at N: {rebuild['time_growth']:.2f} (2.0 is linear); "
                    f"peak memory at 2N / at N: {rebuild['memory_growth']:.2f}.", ""]


def _cpu(row):
    cpu = row.get("cpu_ms", {})
    return " | ".join(f"{cpu[name]:.2f}" if name in cpu else "–" for name in ("gunicorn", "elasticsearch", "postgres"))


HEADER = ["| target | connections | p50 ms | p95 ms | p99 ms | req/s | errors | non-2xx | CPU ms/request: gunicorn | "
          "Elasticsearch | PostgreSQL |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]


def _row(name, level, row):
    p95 = f"{row['p95_ms']:.1f}" if "p95_ms" in row else "–"
    return (f"| {name} | {level} | {row['p50_ms']:.1f} | {p95} | {row['p99_ms']:.1f} | "
            f"{row['throughput_rps']:.0f} | {row.get('errors', '–')} | {row['non_2xx']} | {_cpu(row)} |")


def _load_section(load):
    lines = ["## Search under load", "", f"{load['queries_in_mix']} queries in the mix, "
             f"{load['seconds_per_run']} s per run; CPU per request read from /proc for each service while the "
             "run lasted. ![latency](latency.png)", "", *HEADER]
    for name, rows in load["targets"].items():
        for level in sorted(rows, key=int):
            lines.append(_row(name, level, rows[level]))
    paused = load.get("paused_elasticsearch")
    if paused:
        lines.append(_row("api, Elasticsearch paused (SIGSTOP)", 8, paused))
    query_log = load.get("query_log")
    if query_log:
        for state in ("off", "on"):
            lines.append(_row(f"api, query log {state} (median of {query_log['rounds']} alternating runs)", 8,
                              query_log[state]))
        lines += ["", f"Query log: p50 on / off ×{query_log['ratio']:.3f}; its server's gunicorn CPU per search "
                  f"{query_log['on']['cpu_ms']['gunicorn']:.2f} vs {query_log['off']['cpu_ms']['gunicorn']:.2f} ms "
                  f"(×{query_log['cpu_ratio']:.3f}); {query_log['logged']} log entries written while the pair ran "
                  f"({query_log['on']['requests']} searches with the log on)."]
    for title, key, note in (
        ("Suggest", "suggest", "the API's suggestions vs the same query forwarded by the Django pass-through "
                               "and sent straight to Elasticsearch"),
        ("What our query costs Elasticsearch", "query_cost",
         "our query body vs one plain multi_match of the same text (same fields, boosts, page, sort and facets), "
         "both sent straight to Elasticsearch"),
    ):
        rows = load.get(key)
        if not rows:
            continue
        first, *_, second = rows.values()  # the API (or our query) vs raw Elasticsearch (or the plain one)
        lines += ["", f"### {title}", "", f"{note}; medians of {first['rounds']} alternating runs.", "", *HEADER]
        lines += [_row(name, 8, row) for name, row in rows.items()]
        lines += ["", f"p50 ×{first['p50_ms'] / second['p50_ms']:.2f}, Elasticsearch CPU per request "
                  f"×{first['cpu_ms']['elasticsearch'] / max(second['cpu_ms']['elasticsearch'], 1e-9):.2f}."]
    return lines + [""]


def _sync_section(sync):
    return ["## Sync", "", f"Save (product.save in a transaction), median of {sync['save']['samples']}: "
            f"sync off {sync['save']['sync_off_median_ms']:.2f} ms, on {sync['save']['sync_on_median_ms']:.2f} ms "
            f"(×{sync['save']['ratio']:.2f}).", "",
            f"From save to searchable (RQ worker, {sync['searchable']['samples']} samples): "
            f"p50 {sync['searchable']['p50_s']:.2f} s, p95 {sync['searchable']['p95_s']:.2f} s "
            f"({sync['searchable']['note']}).", ""]


SECTIONS = (("rebuild", _rebuild_section), ("load", _load_section), ("sync", _sync_section))


def markdown(results):
    lines = [f"# Benchmark report ({results['started']})", "",
             f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
             f"{results['machine']['memory_gb']} GB; Python {results['machine']['python']}. "
             f"Catalog: {results['products']} demo products (N). All figures from this one run"
             + ("." if "steps" not in results else f" (steps: {', '.join(results['steps'])})."), "",
             "## Targets", "", "| target | measured | limit | met |", "| --- | --- | --- | --- |"]
    verdicts = {True: "met", False: "NOT met", None: "–"}
    lines += [f"| {t['target']} | {t['measured']} | {t['limit'] if t['limit'] is not None else '–'} | "
              f"{verdicts[t['met']]} |" for t in results["targets"]]
    lines.append("")
    for key, section in SECTIONS:
        if results.get(key):
            lines += section(results[key])
    return "\n".join(lines)


def write(results, directory, latest=True):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(results, indent=2, default=str))
    if results.get("load"):
        plot(results, directory / "latency.png")
    (directory / "report.md").write_text(markdown(results))
    if latest:
        latest_dir = directory.parent / "latest"
        shutil.rmtree(latest_dir, ignore_errors=True)
        shutil.copytree(directory, latest_dir)
    return directory / "report.md"
