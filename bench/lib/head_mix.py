"""The head-query mix: what the answer cache is for (search/selectors/answer_cache.py).

Real query logs are heavy-headed: a few hundred queries make much of the
traffic. DISTINCT searches (the judged sets of every language, then the demo
catalog's own title words and word pairs, most frequent first) are ranked in a
seeded shuffle, and DRAWS requests are drawn from them Zipf-like: rank k with
probability proportional to 1 / k ** ZIPF_S. The same draws go to the API (with
its cache), the Django pass-through and raw Elasticsearch (the first page's
body the API would send), so the floors see the very same traffic. The
uncached mix (load.query_mix) stays the main figure; this one is reported
beside it, with the hit rate the API had (bench/wrk/cache_hits.lua).
"""
import random
import re
from collections import Counter
from urllib.parse import urlencode

DISTINCT = 2000
DRAWS = 8000
ZIPF_S = 1.0
SEED = 30
LANGUAGES = ("cs", "sk", "en")
_WORD = re.compile(r"[^\W\d_]{3,}")


def _judged():
    from lib.relevance import queries_cs, queries_en, queries_intent, queries_sk

    rows = queries_cs.QUERIES + queries_sk.QUERIES + queries_en.QUERIES + queries_intent.QUERIES
    return [(row.language, row.text) for row in rows]


def _vocabulary():
    """The catalog's title words and neighbouring pairs per language, most frequent first."""
    from products.models import ProductTranslation

    counts: Counter = Counter()
    titles = ProductTranslation.objects.filter(product__is_published=True, language__in=LANGUAGES)
    for language, title in titles.values_list("language", "title").iterator(chunk_size=5000):
        found = [word.lower() for word in _WORD.findall(title)]
        counts.update((language, word) for word in found)
        counts.update((language, f"{first} {second}") for first, second in zip(found, found[1:]))
    return [key for key, _count in counts.most_common()]


def distinct_searches(size=DISTINCT):
    """`size` distinct (language, text), in the order of their rank (the head first)."""
    chosen, seen = [], set()
    for key in _judged() + _vocabulary():
        if key not in seen:
            seen.add(key)
            chosen.append(key)
        if len(chosen) == size:
            break
    random.Random(SEED).shuffle(chosen)
    return chosen


def draws(searches, count=DRAWS, s=ZIPF_S):
    weights = [1 / rank ** s for rank in range(1, len(searches) + 1)]
    return random.Random(SEED).choices(searches, weights=weights, k=count)


def head_share(searches_drawn, top=100):
    """The share of the draws the `top` most drawn searches make (how heavy the head is)."""
    counts = Counter(searches_drawn)
    return sum(count for _key, count in counts.most_common(top)) / len(searches_drawn)


def write_request_files(directory, tsv, elasticsearch_request):
    """api / passthrough / elasticsearch request files of the head mix (load.write_request_files'
    helpers passed in); returns them with the mix's figures."""
    searches = distinct_searches()
    drawn = draws(searches)
    bodies = {key: elasticsearch_request({"q": key[1]}, key[0]) for key in set(drawn)}
    return {
        "head_api": tsv(directory / "head-api.tsv", [
            ("GET", f"/api/search/products/{language}/?{urlencode({'q': text})}", "") for language, text in drawn]),
        "head_passthrough": tsv(directory / "head-passthrough.tsv",
                                [("POST", f"/passthrough{bodies[key][0]}", bodies[key][1]) for key in drawn]),
        "head_elasticsearch": tsv(directory / "head-es.tsv", [("POST", *bodies[key]) for key in drawn]),
        "head": {"distinct": len(searches), "distinct_drawn": len(set(drawn)), "draws": len(drawn), "zipf_s": ZIPF_S,
                 "top_100_share": round(head_share(drawn), 3)},
    }


def hit_rate(url, requests_file, connections, seconds):
    """One run counting the API's cache answers (bench/wrk/cache_hits.lua)."""
    from lib import load

    row = load.wrk(url, requests_file, connections, seconds, script="cache_hits.lua")
    answered = max(1, row["hit"] + row["miss"] + row["bypass"] + row["none"])
    return {**{key: row[key] for key in ("hit", "miss", "bypass", "none", "p50_ms", "p99_ms")},
            "hit_rate": row["hit"] / answered}


def measure(files, passthrough, es_url, seconds, connections=8):
    """The head mix at c=8: the cached API, the pass-through and raw Elasticsearch alternately,
    then the API's hit rate over one more run."""
    from lib import load

    api = load.Gunicorn(load.HEAD_PORT, True)
    try:
        targets = {"api (cached)": (api.url, files["head_api"], api),
                   "django pass-through": (passthrough.url, files["head_passthrough"], passthrough),
                   "elasticsearch": (es_url, files["head_elasticsearch"])}
        for url, requests_file, *_ in targets.values():
            load.wrk(url, requests_file, 2, max(1, seconds // 3))  # warm up (and fill the cache)
        result = load.alternating(targets, connections, seconds)
        hits = hit_rate(api.url, files["head_api"], connections, seconds)
    finally:
        api.stop()
    cached, floor = result["api (cached)"], result["django pass-through"]
    load.say(f"  head mix          c={connections}   API p50 {cached['p50_ms']:.1f} ms / pass-through "
             f"{floor['p50_ms']:.1f} ms (x{cached['p50_ms'] / floor['p50_ms']:.2f}); hit rate {hits['hit_rate']:.1%}")
    return {**files["head"], "targets": result, "hits": hits, "ratio": cached["p50_ms"] / floor["p50_ms"]}
