"""Per-query relevance measures and their means.

- nDCG@10: graded gain 2^grade - 1, log2 discount, normalised by the best
  ranking the catalog allows;
- hit@3: one of the best-graded products among the first three;
- zero results: the search returned nothing;
- wrong kind: among the first three, a product judged irrelevant whose title
  only shares a beginning with a query word ("stolní lampa" for "stoly",
  "košile" for "koš"), the failure edge n-grams cause;
- off target: the share of the first ten results judged irrelevant (for a
  material named alone: products of another material).
"""
import math
from statistics import mean

from search.lexicon import query_lemmas, text_lemmas
from search.text import fold, words

PREFIX_LETTERS = 4


def dcg(grades):
    return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def _prefix_only(query, product, language):
    """A title word shares the first letters of a query word without being that word (as a lemma)."""
    title_words = words(product.titles[language])
    for typed in words(query.text):
        if len(typed) < 3:
            continue
        start, lemmas = fold(typed.lower())[:PREFIX_LETTERS], set(query_lemmas(typed, language))
        for word in title_words:
            if fold(word.lower()).startswith(start) and not lemmas & set(text_lemmas(word, language)):
                return True
    return False


def measure(query, ranked_ids, total, products_by_id, ideal):
    """{ndcg10, hit3, zero, wrong_kind} for one query's ranking; `ideal`: the catalog's grades, best first."""
    grades = [query.grade(products_by_id[pid]) for pid in ranked_ids[:10] if pid in products_by_id]
    best = ideal[0] if ideal else 0
    ideal_dcg = dcg(ideal[:10])
    top3 = [products_by_id[pid] for pid in ranked_ids[:3] if pid in products_by_id]
    return {
        "ndcg10": dcg(grades) / ideal_dcg if ideal_dcg else 0.0,
        "hit3": float(best > 0 and any(query.grade(p) == best for p in top3)),
        "zero": float(total == 0),
        "wrong_kind": float(any(query.grade(p) == 0 and _prefix_only(query, p, query.language) for p in top3)),
        "off10": sum(grade == 0 for grade in grades) / len(grades) if grades else 0.0,
    }


def summarize(rows):
    """Means of the measures over per-query rows."""
    keys = ("ndcg10", "hit3", "zero", "wrong_kind", "off10")
    means = {key: round(mean(row[key] for row in rows), 4) if rows else 0.0 for key in keys}
    return {"queries": len(rows), **means}
