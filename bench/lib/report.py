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


def targets(results):
    """Each goal with its measured figure, for the steps that ran."""
    checks = []
    load = results.get("load")
    if load:
        api8, es8 = load["targets"]["api"][8], load["targets"]["elasticsearch"][8]
        checks += [
            ("search API p50 ≤ 1.5× raw ES p50 at c=8", api8["p50_ms"] / es8["p50_ms"], 1.5, "≤"),
            ("search API p99 ≤ 2× raw ES p99 at c=8", api8["p99_ms"] / es8["p99_ms"], 2.0, "≤"),
        ]
        if "query_log" in load:
            checks.append(("search API p50 with query log on ≤ 1.05× off at c=8", load["query_log"]["ratio"],
                           1.05, "≤"))
    rebuild = results.get("rebuild")
    if rebuild:
        checks += [
            ("rebuild ≥ 0.7× raw bulk rate (N)", rebuild["n"]["rate_ratio"], 0.7, "≥"),
            ("peak memory at 2N within 10% of N", rebuild["memory_growth"], 1.1, "≤"),
        ]
    if results.get("sync"):
        checks.append(("save with sync on ≤ 1.2× sync off", results["sync"]["save"]["ratio"], 1.2, "≤"))
    return [
        {"target": name, "measured": round(value, 3), "limit": limit,
         "met": value <= limit if op == "≤" else value >= limit}
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


def _load_section(load):
    lines = ["## Search under load", "", f"{load['queries_in_mix']} queries in the mix, "
             f"{load['seconds_per_run']} s per run. ![latency](latency.png)", "",
             "| target | connections | p50 ms | p95 ms | p99 ms | req/s | errors | non-2xx |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, rows in load["targets"].items():
        for level in sorted(rows, key=int):
            row = rows[level]
            lines.append(f"| {name} | {level} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
                         f"{row['throughput_rps']:.0f} | {row['errors']} | {row['non_2xx']} |")
    paused = load.get("paused_elasticsearch")
    if paused:
        lines.append(f"| api, Elasticsearch paused (SIGSTOP) | 8 | {paused['p50_ms']:.1f} | {paused['p95_ms']:.1f} | "
                     f"{paused['p99_ms']:.1f} | {paused['throughput_rps']:.0f} | {paused['errors']} | "
                     f"{paused['non_2xx']} |")
    query_log = load.get("query_log")
    if query_log:
        for state in ("off", "on"):
            row = query_log[state]
            lines.append(f"| api, query log {state} (median of {query_log['rounds']} alternating runs) | 8 | "
                         f"{row['p50_ms']:.1f} | – | {row['p99_ms']:.1f} | {row['throughput_rps']:.0f} | – | "
                         f"{row['non_2xx']} |")
        lines += ["", f"Query log: p50 on / off ×{query_log['ratio']:.3f}"
                  + (f"; gunicorn CPU per search {query_log['on']['cpu_ms_per_search']:.2f} vs "
                     f"{query_log['off']['cpu_ms_per_search']:.2f} ms (×{query_log['cpu_ratio']:.3f})"
                     if "cpu_ratio" in query_log else "")
                  + f"; {query_log['logged']} log entries written while the pair ran "
                  f"({query_log['on']['requests']} searches with the log on)."]
    suggest = load["suggest"]
    return lines + ["", f"Suggest at 8 connections: p50 {suggest['p50_ms']:.1f} ms, p95 {suggest['p95_ms']:.1f} ms, "
                    f"p99 {suggest['p99_ms']:.1f} ms, {suggest['throughput_rps']:.0f} req/s.", ""]


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
    lines += [f"| {t['target']} | {t['measured']} | {t['limit']} | {'met' if t['met'] else 'NOT met'} |"
              for t in results["targets"]]
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
