"""The scale series' targets, Markdown report and plot (bench/scale.py)."""

C = 8  # the concurrency the growth target reads
TARGET_GROWTH = 1.5  # API p50 at 1 000 000 / at 100 000 (issue 30)
FALLBACK_LIMIT_S = 2.0  # a fallback search must still answer within this


def _by_size(results):
    return {row["products"]: row for row in results["sizes"]}


def _p50(row, target, level=C):
    targets = row["search"]["targets"][target]
    return (targets.get(level) or targets.get(str(level)))["p50_ms"]


def targets(results):
    """[{target, measured, limit, met}] for what is measured at the sizes that ran."""
    sizes, found = _by_size(results), []
    if 100_000 in sizes and 1_000_000 in sizes:
        growth = _p50(sizes[1_000_000], "api") / _p50(sizes[100_000], "api")
        found.append({"target": f"API p50 at 1 000 000 / at 100 000 (c={C})", "measured": round(growth, 3),
                      "limit": TARGET_GROWTH, "met": growth <= TARGET_GROWTH})
    largest = sizes[max(sizes)]
    alone = largest["search"]["fallback_alone"]
    at = largest["products"]
    for name, value in ((f"PostgreSQL fallback p50, c=1, at {at}", _p50(largest, "postgres_fallback", 1)),
                        (f"PostgreSQL fallback, slowest query alone, at {at}", alone["max_ms"])):
        found.append({"target": f"{name} (ms)", "measured": round(value, 1), "limit": FALLBACK_LIMIT_S * 1000,
                      "met": value <= FALLBACK_LIMIT_S * 1000})
    return found


def _series(results):
    sizes = [row["products"] for row in results["sizes"]]
    return sizes, results["sizes"]


def plot(results, path):
    """Each figure against the catalog size, log-log, as SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes, rows = _series(results)
    figure, axes = plt.subplots(2, 2, figsize=(11, 8))
    search, rebuild, storage, save = axes.flat
    for target in ("api", "django pass-through", "elasticsearch", "postgres_fallback"):
        search.plot(sizes, [_p50(row, target) for row in rows], marker="o", label=f"{target}, c={C}")
    search.plot(sizes, [row["search"]["fallback_alone"]["max_ms"] for row in rows], marker="x", linestyle=":",
                label="fallback, slowest query alone")
    search.set_title("search p50 (ms)")
    rebuild.plot(sizes, [row["rebuild"]["seconds"] for row in rows], marker="o", label="rebuild s")
    rebuild.plot(sizes, [row["generate"]["seconds"] for row in rows], marker="o", label="catalog generation s")
    rebuild.plot(sizes, [row["rebuild"]["docs_per_s"] for row in rows], marker="s", label="rebuild docs/s")
    rebuild.set_title("rebuild")
    storage.plot(sizes, [row["index"]["store_mb"] for row in rows], marker="o", label="index size MB")
    storage.plot(sizes, [row["rebuild"]["peak_rss_mb"] for row in rows], marker="o", label="rebuild peak RSS MB")
    storage.plot(sizes, [row["index"]["heap_used_mb"] for row in rows], marker="o", label="ES heap used MB")
    storage.set_title("memory and disk")
    save.plot(sizes, [row["save"]["sync_off_median_ms"] for row in rows], marker="o", label="save, sync off")
    save.plot(sizes, [row["save"]["sync_on_median_ms"] for row in rows], marker="o", label="save, sync on")
    save.set_title("save (ms, median)")
    for axis in axes.flat:
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("products")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle("Scale series: cost against catalog size")
    figure.tight_layout()
    figure.savefig(path, format="svg")
    plt.close(figure)


def _table(header, rows):
    return [f"| {' | '.join(header)} |", f"| {' | '.join('---' for _ in header)} |",
            *(f"| {' | '.join(str(cell) for cell in row)} |" for row in rows)]


def markdown(results):
    sizes, rows = _series(results)
    machine = results["machine"]
    verdicts = {True: "met", False: "NOT met"}
    lines = [f"# Scale series ({results['started']})", "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores (shared with other benchmarks), "
             f"{machine['memory_gb']} GB. Elasticsearch: {results['elasticsearch']} (heap {results['es_heap']}). "
             "All figures from this one run (`make bench-scale`, bench/scale.py). ![scale](scale.svg)", "",
             *(line for note in results.get("notes", []) for line in (note, "")),
             "## Targets", "", *_table(("target", "measured", "limit", "met"),
                                       [(t["target"], t["measured"], t["limit"], verdicts[t["met"]])
                                        for t in results["targets"]]), "",
             "## Catalog, rebuild, index", ""]
    lines += _table(
        ("products", "generated (incl. 1/50 extra)", "generation s", "rebuild s", "rebuild docs/s",
         "rebuild peak RSS MB", "docs indexed", "index MB", "shards", "ES heap used / max MB"),
        [(row["products"], row["generate"]["products"], f"{row['generate']['seconds']:.0f}",
          f"{row['rebuild']['seconds']:.0f}", f"{row['rebuild']['docs_per_s']:.0f}",
          f"{row['rebuild']['peak_rss_mb']:.0f}", row["index"]["docs"], f"{row['index']['store_mb']:.0f}",
          row["index"]["shards"], f"{row['index']['heap_used_mb']:.0f} / {row['index']['heap_max_mb']:.0f}")
         for row in rows])
    loads = "; ".join(f"{row['products']}: {', '.join(f'{value:.1f}' for value in row['search']['loadavg_after'])}"
                      for row in rows if "loadavg_after" in row["search"])
    loaded = [f"Load average (1, 5, 15 min) when each size's searches ended: {loads}.", ""] if loads else []
    lines += ["", "## Search", "", *loaded, f"The bench's query mix ({rows[0]['search']['queries_in_mix']} queries), "
              f"{rows[0]['search']['seconds_per_run']} s per wrk run, targets interleaved; CPU ms per request "
              "(gunicorn: that server's own process tree; Elasticsearch, PostgreSQL: every such process on the "
              "machine while the run lasted).", ""]
    table = []
    for row in rows:
        for target, levels in row["search"]["targets"].items():
            for level in sorted(levels, key=int):
                r = levels[level]
                table.append((row["products"], target, level, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}",
                              f"{r['p99_ms']:.1f}", f"{r['throughput_rps']:.0f}", r["non_2xx"],
                              " / ".join(f"{r['cpu_ms'][s]:.2f}" for s in ("gunicorn", "elasticsearch", "postgres"))))
    lines += _table(("products", "target", "c", "p50 ms", "p95 ms", "p99 ms", "req/s", "non-2xx",
                     "CPU ms/request gunicorn / ES / PostgreSQL"), table)
    lines += ["", "### PostgreSQL fallback, each query alone", "",
              "Each query of the mix sent alone twice to a fallback server whose budget "
              "(SEARCH_FALLBACK_TIMEOUT_MS) is 5 s instead of the default, the second timed: what the "
              "fallback's statement really costs, where under load the default budget answers 503.", ""]
    lines += _table(("products", "p50 ms", "max ms", "slowest query", "over 2 s", "non-2xx"),
                    [(row["products"], f"{a['p50_ms']:.0f}", f"{a['max_ms']:.0f}", f"`{a['slowest']['target']}`",
                      a["over_2s"], a["non_2xx"]) for row in rows for a in [row["search"]["fallback_alone"]]])
    lines += ["", "## Save", "", "product.save() in a transaction, median of "
              f"{rows[0]['save']['samples']} each, sync off and on alternately.", ""]
    lines += _table(("products", "sync off ms", "sync on ms", "ratio"),
                    [(row["products"], f"{row['save']['sync_off_median_ms']:.2f}",
                      f"{row['save']['sync_on_median_ms']:.2f}", f"{row['save']['ratio']:.2f}") for row in rows])
    return "\n".join(lines + [""])
