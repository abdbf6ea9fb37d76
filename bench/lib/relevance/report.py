"""The relevance run as JSON and a Markdown report."""
import json
from collections import defaultdict

from lib.relevance.metrics import summarize
from lib.relevance.report_families import FAMILIES, family_lines, family_summary
from lib.relevance.report_understood import understood_lines, understood_summary

LANGUAGES = ("cs", "sk", "en")
ANCHOR_KEYS = ("a", "b", "c")
EXCLUDED_FROM_EARLIER = {"intent", *FAMILIES}
TAG_ORDER = ("base", "inflection", "alternation", "diminutive", "irregular", "no-diacritics", "typo", "sku",
             "multi-word", "prefix", "distractor", "related", "identifier", "model", "realword", "catalog-only",
             "intent", "price", "order", "attribute", "category")


def _by_language(rows, key):
    return {"all": summarize([row["results"][key] for row in rows]),
            **{language: summarize([row["results"][key] for row in rows if row["language"] == language])
               for language in LANGUAGES}}


def summaries(rows, variants):
    """{variant: {"all": ..., "cs": ..., "tags": ..., "intent": ..., "words": ..., "earlier": ...,
    "families": ...}} from per-query rows; "intent": the queries tagged so, "words": the others,
    "earlier": the word queries before issue 25's families (what the floor was first set on)."""
    out = {}
    for variant in variants:
        mine = [row["results"][variant.key] for row in rows]
        by_tag = defaultdict(list)
        for row, result in zip(rows, mine):
            for tag in row["tags"]:
                by_tag[tag].append(result)
        out[variant.key] = {"name": variant.name, **_by_language(rows, variant.key),
                            "tags": {tag: summarize(values) for tag, values in by_tag.items()},
                            "intent": _by_language([row for row in rows if "intent" in row["tags"]], variant.key),
                            "words": _by_language([row for row in rows if "intent" not in row["tags"]], variant.key),
                            "earlier": _by_language(
                                [row for row in rows if not EXCLUDED_FROM_EARLIER & set(row["tags"])], variant.key),
                            "families": family_summary(rows, variant.key)}
        if hasattr(variant, "rule"):
            out[variant.key]["understood"] = understood_summary(rows, variant.key)
    return out


def _pct(value):
    return f"{100 * value:.1f} %"


def markdown(run):
    variants, summary = run["variants"], run["summary"]
    keys = list(variants)
    lines = [
        f"# Relevance report ({run['started']})", "",
        f"Catalog: {run['products']} demo products and {run['products'] // 50} more of kinds whose names the "
        f"dictionary lacks ({run['published']} published, seed {run['seed']}); "
        f"{len(run['rows'])} judged queries ({', '.join(f'{k} {v}' for k, v in run['queries_per_language'].items())})"
        ", graded 0-3 by rules over each product's kind, colour, material and title, and for the "
        f"{summary[keys[0]]['intent']['all']['queries']} intent queries its price and place in the order asked "
        f"for, and {sum(bool(set(FAMILIES) & set(row['tags'])) for row in run['rows'])} queries of issue 25's "
        "families (related words, identifier spellings, real-word typos, words the dictionary lacks; "
        "queries_families.py) (bench/lib/relevance/queries_*.py). All rankings measured in this one run.", "",
        "## Ranking quality", "",
        "| ranking | nDCG@10 all | cs | sk | en | word queries | intent queries | hit@3 | zero results "
        "| wrong kind in top 3 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key in keys:
        s = summary[key]
        lines.append(f"| {variants[key]} | **{s['all']['ndcg10']:.3f}** | {s['cs']['ndcg10']:.3f} | "
                     f"{s['sk']['ndcg10']:.3f} | {s['en']['ndcg10']:.3f} | {s['words']['all']['ndcg10']:.3f} | "
                     f"{s['intent']['all']['ndcg10']:.3f} | {_pct(s['all']['hit3'])} | "
                     f"{_pct(s['all']['zero'])} | {_pct(s['all']['wrong_kind'])} |")
    lines += ["", "## nDCG@10 by kind of query", "",
              "| kind of query | queries | " + " | ".join(keys) + " |", "| --- | --- |" + " --- |" * len(keys)]
    for tag in TAG_ORDER:
        if tag in summary[keys[0]]["tags"]:
            count = summary[keys[0]]["tags"][tag]["queries"]
            cells = " | ".join(f"{summary[key]['tags'][tag]['ndcg10']:.3f}" for key in keys)
            lines.append(f"| {tag} | {count} | {cells} |")
    lines += family_lines(run) + understood_lines(run) + _cost_lines(run) + _rescue_lines(run) + _fill_lines(run)
    lines += _loss_lines(run)
    if run.get("floor"):
        floor = run["floor"]
        lines += ["", "## Floor (CI)", "", f"{'met' if floor['met'] else 'NOT MET'}: " + ", ".join(
            f"{k} {floor['measured'][k]:.3f} ≥ {v:.3f}" for k, v in floor["floor"].items())]
    return "\n".join(lines) + "\n"


def _cost_lines(run):
    cost = run.get("cost")
    if not cost:
        return []
    took, build, size = cost["query_time"], cost["build"], cost["index_bytes"]
    lines = ["", "## Cost", "",
             f"Elasticsearch's own time (`took`) for each ranking's query body, every judged query "
             f"{cost['rounds']} times, rankings interleaved:", "",
             "| ranking | took p50 ms | took p95 ms | took p50 vs (a) | round trip p50 ms | vs (a) "
             "| index size (1 segment) |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for key, name in run["variants"].items():
        if key not in took:  # measured as another ranking's body (popularity acts in the page's request only)
            continue
        ratio = took[key]["p50_ms"] / took["a"]["p50_ms"] if took["a"]["p50_ms"] else float("nan")
        wall_ratio = took[key]["wall_p50_ms"] / took["a"]["wall_p50_ms"]
        lines.append(f"| {name} | {took[key]['p50_ms']:.1f} | {took[key]['p95_ms']:.1f} | {ratio:.2f}× | "
                     f"{took[key]['wall_p50_ms']:.2f} | {wall_ratio:.2f}× | {size[key] / 1e6:.1f} MB |")
    lines += ["", f"Index build (documents built in Python, bulk-indexed the same way, median of "
              f"{len(build['a']['runs'])}): (a) {build['a']['docs_per_s']:.0f} docs/s, (d) "
              f"{build['d']['docs_per_s']:.0f} docs/s: **{build['d']['docs_per_s'] / build['a']['docs_per_s']:.2f}×**."]
    return lines


def _rescue_lines(run):
    rescued = [row for row in run["rows"] if row["results"]["d"].get("corrected") or row["results"]["d"].get("relaxed")]
    lines = ["", "## (d): searches rescued when nothing matched as typed", ""]
    if not rescued:
        return lines + ["None."]
    lines += ["| query | lang | corrected to | relaxed | nDCG@10 |", "| --- | --- | --- | --- | --- |"]
    for row in rescued:
        d = row["results"]["d"]
        lines.append(f"| {row['text']} | {row['language']} | {d.get('corrected') or ''} | "
                     f"{'yes' if d.get('relaxed') else ''} | {d['ndcg10']:.2f} |")
    return lines


def _fill_lines(run):
    filled = [row for row in run["rows"] if row["results"]["d"].get("filled")]
    lines = ["", "## (d): short first pages filled without a modifier (search/selectors/fill.py)", ""]
    if not filled:
        return lines + ["None."]
    lines += ["| query | lang | all-word matches | filled | without | nDCG@10 | off target |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in filled:
        d = row["results"]["d"]
        lines.append(f"| {row['text']} | {row['language']} | {d['total']} | {d['filled']} | "
                     f"{' '.join(d.get('filled_without') or ())} | {d['ndcg10']:.2f} | {_pct(d['off10'])} |")
    return lines


def _loss_lines(run, limit=15):
    losses = []
    for row in run["rows"]:
        d = row["results"]["d"]["ndcg10"]
        best = max(result["ndcg10"] for key, result in row["results"].items() if key in ANCHOR_KEYS)
        if best > d + 1e-9:
            losses.append((best - d, row))
    lines = ["", f"## Queries where (d) ranks worse than an anchor ({len(losses)})", ""]
    if not losses:
        return lines + ["None."]
    lines += ["| query | lang | (d) | best anchor | (d)'s first three |", "| --- | --- | --- | --- | --- |"]
    for _, row in sorted(losses, key=lambda item: -item[0])[:limit]:
        anchors = {key: result["ndcg10"] for key, result in row["results"].items() if key in ANCHOR_KEYS}
        best_key = max(anchors, key=anchors.get)
        top = "; ".join(row["top_titles"]["d"][:3])
        lines.append(f"| {row['text']} | {row['language']} | {row['results']['d']['ndcg10']:.2f} | "
                     f"{best_key} {anchors[best_key]:.2f} | {top} |")
    return lines


def write(run, directory):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n")
    (directory / "report.md").write_text(markdown(run))
    return directory / "report.md"
