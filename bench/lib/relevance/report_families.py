"""The report's section on the four families of issue 25 (queries_families.py): nDCG@10,
wrong kind and off-target results of (a), (b), (c), (d), per family and language."""
from lib.relevance.metrics import summarize

FAMILIES = ("related", "identifier", "realword", "catalog-only")
KEYS = ("a", "b", "c", "d")
LANGUAGES = ("all", "cs", "sk", "en")


def family_summary(rows, variant_key):
    """{family: {"all"|language: summary}} for one ranking."""
    out = {}
    for family in FAMILIES:
        mine = [row for row in rows if family in row["tags"]]
        out[family] = {language: summarize([row["results"][variant_key] for row in mine
                                            if language == "all" or row["language"] == language])
                       for language in LANGUAGES}
    return out


def _cells(summary, family, language, measure, fmt):
    return " | ".join(fmt(summary[key]["families"][family][language][measure]) for key in KEYS)


def family_lines(run):
    summary = run["summary"]
    if "families" not in summary.get("d", {}):
        return []
    lines = ["", "## Families of issue 25: related words, identifiers, real-word typos, catalog-only words", "",
             "Per family and language: nDCG@10 of (a) before, (b) ecoseller's chain, (c) plain BM25, (d) this "
             "shop's ranking; **bold**: (d) above every anchor. *Wrong kind*: queries with a product judged "
             "irrelevant in the top 3 whose title only shares a beginning with a query word; *off target*: the "
             "share of the top 10 judged irrelevant (for a material named alone: another material).", "",
             "| family | lang | queries | nDCG a | b | c | d | wrong kind a | b | c | d | off target a | b | c | d |",
             "| --- | --- | --- |" + " --- |" * 12]
    for family in FAMILIES:
        for language in LANGUAGES:
            count = summary["d"]["families"][family][language]["queries"]
            if not count:
                continue
            ndcg = {key: summary[key]["families"][family][language]["ndcg10"] for key in KEYS}
            best_anchor = max(ndcg[key] for key in KEYS[:3])
            d_cell = f"**{ndcg['d']:.3f}**" if ndcg["d"] > best_anchor + 1e-9 else f"{ndcg['d']:.3f}"
            lines.append(
                f"| {family} | {language} | {count} | "
                + " | ".join(f"{ndcg[key]:.3f}" for key in KEYS[:3]) + f" | {d_cell} | "
                + _cells(summary, family, language, "wrong_kind", lambda v: f"{100 * v:.0f} %") + " | "
                + _cells(summary, family, language, "off10", lambda v: f"{100 * v:.0f} %") + " |")
    return lines
