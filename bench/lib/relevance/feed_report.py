"""The feed-loaded run's report: what the feeds changed in the catalog, its figures next to
the generated catalog's (latest/results.json), then the usual report."""
import json

from lib.relevance import report

# What the feed formats cannot carry, whatever the run measures (products/feeds/export.py).
NOT_CARRIED = (
    "short descriptions (neither format has the field)",
    "stock counts (in stock or not: an imported product in stock has stock 1)",
    "unpublished products (feeds list published ones only)",
    "category slugs, their order and the demo's attribute codes (a feed names things: the import "
    "finds or creates them by name, codes become slugs of the first feed's names)",
    "a language's missing translation (a feed writes the fallback title, imported as that language's)",
)


def _compare(run, generated):
    keys = list(run["variants"])
    lines = ["## Next to the generated catalog", "",
             f"nDCG@10, this run (feed) against `latest/` (generated, {generated['started']}); "
             "same judged queries, same products by SKU.", "",
             "| ranking | all: generated | all: feed | cs | sk | en | intent: generated | intent: feed |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key in keys:
        ours, theirs = run["summary"][key], generated["summary"].get(key)
        if theirs is None:
            continue
        cells = " | ".join(f"{theirs[lang]['ndcg10']:.3f} → {ours[lang]['ndcg10']:.3f}" for lang in report.LANGUAGES)
        lines.append(f"| {run['variants'][key]} | {theirs['all']['ndcg10']:.3f} | **{ours['all']['ndcg10']:.3f}** | "
                     f"{cells} | {theirs['intent']['all']['ndcg10']:.3f} | {ours['intent']['all']['ndcg10']:.3f} |")
    return lines + [""]


def _feed_lines(run):
    feed = run["feed"]
    files = ", ".join(f"`{name}` ({language})" for name, language in feed["files"])
    lines = [f"# Relevance on a catalog loaded from {feed['format']} feeds ({run['started']})", "",
             f"The generated catalog ({run['products']} products, seed {run['seed']}) exported as {files}, the "
             f"catalog emptied, the feeds imported in one `import_catalog` run ({feed['import_seconds']} s: "
             f"`{feed['import']}`). Judgments from the generated products, matched by SKU.", "",
             "| catalog | " + " | ".join(feed["generated"]) + " |", "| --- |" + " --- |" * len(feed["generated"]),
             "| generated | " + " | ".join(str(value) for value in feed["generated"].values()) + " |",
             "| from the feeds | " + " | ".join(str(value) for value in feed["loaded"].values()) + " |", "",
             "Titles the loaded catalog holds differently from the generated one: " + ", ".join(
                 f"{language} {count}" for language, count in feed["changed_titles"].items()) + ".", "",
             "What a feed cannot carry: " + "; ".join(NOT_CARRIED) + ".", ""]
    return lines


def write(run, directory, generated_results):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n")
    lines = _feed_lines(run)
    if generated_results.exists():
        lines += _compare(run, json.loads(generated_results.read_text()))
    body = report.markdown(run).split("\n", 1)[1]  # the usual report without its title
    (directory / "report.md").write_text("\n".join(lines) + body)
    return directory / "report.md"
