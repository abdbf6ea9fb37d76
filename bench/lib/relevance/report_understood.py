"""The report's section on understood queries: (d) against (u), (u-text), (u-boost)."""
LANGUAGES = ("cs", "sk", "en")
UNDERSTOOD_KEYS = ("u", "u-text", "u-boost")
COMPARED = ("d", *UNDERSTOOD_KEYS)
CHANGED = 0.05  # a word query whose nDCG@10 understanding moves by at least this is listed

DEFINITIONS = [
    "An understood item is *applied* when the search that gave the results used it (not when the "
    "understood filters left nothing and the search was made again as typed: *dropped*). An applied "
    "item is **wrong** when it contradicts the judgment: a price limit or an attribute filter that "
    "leaves out a product the query grades 2 or 3 (before any order), or an order the query does not "
    "ask for (a category is only a boost, an attribute under the boost rule too: never wrong). "
    "*Wrong-item rate*: queries with at least one wrong applied item, of all queries of the set. "
    "*Missed*: queries whose judged price limit or order was not applied.",
]


def understood_summary(rows, key):
    """Counts over all queries and over the intent ones: applied, dropped, wrong, missed."""
    def counts(selected):
        results = [row["results"][key] for row in selected]
        return {
            "queries": len(results),
            "applied": sum(bool(r["understood"]) and not r["dropped"] for r in results),
            "dropped": sum(r["dropped"] for r in results),
            "wrong": sum(bool(r["wrong"]) for r in results),
            "wrong_filter": sum(any(item["kind"] != "sort" for item in r["wrong"]) for r in results),
            "wrong_order": sum(any(item["kind"] == "sort" for item in r["wrong"]) for r in results),
            "missed": sum(bool(r["missed"]) for r in results),
        }
    return {"all": counts(rows), "intent": counts([row for row in rows if "intent" in row["tags"]])}


def _rate(count, total):
    return f"{100 * count / total:.1f} %" if total else "–"


def _items(result):
    return "; ".join(f"{item['kind']} «{item['text']}»" + (" ✗" if item in result["wrong"] else "")
                     for item in result["understood"]) + (" (dropped)" if result["dropped"] else "")


def _quality_lines(run):
    summary = run["summary"]
    lines = ["| ranking | intent nDCG@10 | cs | sk | en | word queries | all | zero results: intent | all "
             "| applied (intent / all) | dropped | wrong-item rate: intent | all | of them filters | orders "
             "| missed (intent) |", "| --- |" + " --- |" * 15]
    for key in COMPARED:
        s = summary[key]
        intent, words = s["intent"], s["words"]
        cells = [f"**{intent['all']['ndcg10']:.3f}**", *(f"{intent[lang]['ndcg10']:.3f}" for lang in LANGUAGES),
                 f"{words['all']['ndcg10']:.3f}", f"{s['all']['ndcg10']:.3f}",
                 _rate(intent["all"]["zero"], 1), _rate(s["all"]["zero"], 1)]
        u = s.get("understood")
        if u:
            cells += [f"{u['intent']['applied']} / {u['all']['applied']}", str(u["all"]["dropped"]),
                      _rate(u["intent"]["wrong"], u["intent"]["queries"]),
                      _rate(u["all"]["wrong"], u["all"]["queries"]),
                      str(u["all"]["wrong_filter"]), str(u["all"]["wrong_order"]),
                      f"{u['intent']['missed']} of {u['intent']['queries']}"]
        else:
            cells += ["–"] * 7
        lines.append(f"| {run['variants'][key]} | " + " | ".join(cells) + " |")
    return lines


def _query_rows(rows):
    lines = ["| query | lang | " + " | ".join(COMPARED) + " | (u) understood (✗ wrong) |",
             "| --- | --- |" + " --- |" * (len(COMPARED) + 1)]
    for row in rows:
        results = row["results"]
        cells = " | ".join(f"{results[key]['ndcg10']:.2f}" + (" ∅" if results[key]["zero"] else "") for key in COMPARED)
        lines.append(f"| {row['text']} | {row['language']} | {cells} | {_items(results['u'])} |")
    return lines


def understood_lines(run):
    if "u" not in run["summary"]:
        return []
    rows = run["rows"]
    intent = [row for row in rows if "intent" in row["tags"]]
    changed = [row for row in rows if "intent" not in row["tags"] and any(
        abs(row["results"][key]["ndcg10"] - row["results"]["d"]["ndcg10"]) >= CHANGED for key in UNDERSTOOD_KEYS)]
    wrong = [row for row in rows if row["results"]["u"]["wrong"] and row not in intent and row not in changed]
    lines = ["", "## Understood queries", "",
             "(d) searches the words as typed (`understand=0`); (u), (u-text), (u-boost) call understand() and "
             "applied_params() with ATTRIBUTE_RULE filter, filter_and_text, boost, then the same selector "
             "on (d)'s index, and search again as typed when the understood filters leave nothing, as the view "
             "does. Intent queries grade a product outside the typed price limits 0, and for an order the kind "
             "asked for by thirds of that order (3, 2, 1).", "", *DEFINITIONS, "", *_quality_lines(run),
             "", f"### Intent queries ({len(intent)}): nDCG@10 (∅ nothing found)", "", *_query_rows(intent),
             "", f"### Word queries whose nDCG@10 understanding changes by ≥ {CHANGED} ({len(changed)})", ""]
    lines += _query_rows(changed) if changed else ["None."]
    if wrong:
        lines += ["", f"### Other word queries with a wrong understood item ({len(wrong)})", "", *_query_rows(wrong)]
    return lines
