"""The query completions suggest offers, rolled up by a scheduled job (`search_suggest_rollup`).

Two sources, written per language into the small SuggestedQuery table that
each web process reads once a minute (selectors/suggest_phrases.py), so no
keystroke scans the query log:

- searches: a normalised query from the log made by at least
  SEARCH_SUGGEST_MIN_SHOPPERS distinct shoppers (search/shoppers.py) from as
  many distinct networks (/24 or /48: one client inventing shopper ids or
  cookies counts once) whose search found something, and whose latest search
  found something too. A search that found nothing is never offered, nor one
  person's text: only what several shoppers typed. The log keeps queries folded ("kuchynsky nuz");
  each word is shown as the catalog writes it ("kuchyňský nůž") where it can be.
- catalog: category names, and the first two words of titles shared by at least
  MIN_PRODUCTS_PER_PHRASE published products ("kuchyňský nůž" of "Kuchyňský nůž Fatra"
  and "Kuchyňský nůž Lyra").

Neither source writes a completion containing a phrase staff blocked
(search/selectors/suggest_blocks.py).
"""
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from common.languages import shop_languages
from products.category_tree import CategoryTree
from products.models import Product, ProductTranslation
from search.models import SearchLogEntry, SuggestedQuery
from search.phrase_index import phrase_keys
from search.selectors.suggest_blocks import blocked_phrases, is_blocked
from search.selectors.suggest_phrases import forget_suggest_phrases
from search.text import fold, normalised, words

logger = logging.getLogger(__name__)

MAX_SEARCHES = 1000  # per language: the most shoppers first
MAX_PHRASES = 2000  # catalog phrases per language: the most products first
MIN_PRODUCTS_PER_PHRASE = 2
HEAD_WORDS = 2
MIN_LAST_WORD = 3  # "Sada na" is no phrase: a head must end in a word of three letters or more

# Per normalised query: distinct shoppers and distinct networks whose search found something;
# kept only when enough of both did and the latest search (its first page) found something too.
# The weight is the smaller count, so one network cannot push a query up the list either.
# Entries logged without a network (before it was kept) do not count.
_POPULAR_SQL = f"""
SELECT query, least(count(DISTINCT shopper) FILTER (WHERE results > 0),
                    count(DISTINCT network) FILTER (WHERE results > 0)) AS shoppers
FROM {SearchLogEntry._meta.db_table}
WHERE language = %s AND shopper <> '' AND network <> '' AND "offset" = 0 AND query <> ''
GROUP BY query
HAVING count(DISTINCT shopper) FILTER (WHERE results > 0) >= %s
   AND count(DISTINCT network) FILTER (WHERE results > 0) >= %s
   AND (array_agg(results ORDER BY created_at DESC, id DESC))[1] > 0
ORDER BY shoppers DESC, query
LIMIT %s
"""


def popular_searches(language: str) -> list[tuple[str, int]]:
    """[(normalised query, distinct shoppers and networks, the fewer), ...] worth offering, the
    most first; staff's blocked phrases left out."""
    least = max(1, settings.SEARCH_SUGGEST_MIN_SHOPPERS)
    with connection.cursor() as cursor:
        cursor.execute(_POPULAR_SQL, [language, least, least, MAX_SEARCHES])
        found = cursor.fetchall()
    blocked = blocked_phrases(language)
    return [(query, count) for query, count in found if not is_blocked(query, blocked)]


def _titles(language):
    titles = ProductTranslation.objects.filter(language=language, product__is_published=True)
    return list(titles.values_list("title", flat=True).iterator(chunk_size=5000))


def _category_names(tree, language):
    """{category id: its name in `language`}, leaving out one named only by its slug."""
    names = {category.id: category.name(language) for category in tree.categories()}
    return {category.id: names[category.id] for category in tree.categories() if names[category.id] != category.slug}


def _category_phrases(tree, names):
    """(name, published products in it or below) of each category that has some."""
    published = Product.objects.filter(is_published=True).values("category_id").annotate(n=Count("id"))
    by_category = {row["category_id"]: row["n"] for row in published}
    phrases = []
    for category_id, name in names.items():
        count = sum(by_category.get(node, 0) for node in tree.descendant_ids(category_id))
        if count:
            phrases.append((name, count))
    return phrases


def _title_heads(titles):
    heads = Counter()
    for title in titles:
        head = words(title)[:HEAD_WORDS]
        if len(head) == HEAD_WORDS and len(head[-1]) >= MIN_LAST_WORD and not any(w.isdigit() for w in head):
            heads[" ".join(head).lower()] += 1
    return [(text, n) for text, n in heads.most_common() if n >= MIN_PRODUCTS_PER_PHRASE]


def _spellings(titles, names):
    """folded word -> the lowercase form the catalog writes most often."""
    seen = defaultdict(Counter)
    for text in (*titles, *names):
        for word in words(text):
            lower = word.lower()
            seen[fold(lower)][lower] += 1
    return {folded: forms.most_common(1)[0][0] for folded, forms in seen.items()}


def _row(language, text, source, weight, now):
    return SuggestedQuery(language=language, normalised=normalised(text)[:200], text=text[:200], source=source,
                          weight=weight, keys=phrase_keys(words(text), language), refreshed_at=now)


def rollup_language(language: str) -> dict:
    """Rewrites `language`'s completions in one transaction; returns how many of each."""
    now = timezone.now()
    tree = CategoryTree()
    titles, names = _titles(language), _category_names(tree, language)
    spelled = _spellings(titles, names.values())
    blocked = blocked_phrases(language)
    rows = {}
    for query, shoppers in popular_searches(language):
        text = " ".join(spelled.get(word, word) for word in query.split())
        rows[query] = _row(language, text, SuggestedQuery.SEARCHES, shoppers, now)
    catalog = sorted(_category_phrases(tree, names) + _title_heads(titles), key=lambda item: -item[1])
    added = 0
    for text, products in catalog:
        row = _row(language, text.lower(), SuggestedQuery.CATALOG, products, now)
        if (row.normalised and row.normalised not in rows and added < MAX_PHRASES
                and not is_blocked(row.normalised, blocked)):
            rows[row.normalised] = row
            added += 1
    with transaction.atomic():
        SuggestedQuery.objects.filter(language=language).delete()
        SuggestedQuery.objects.bulk_create(rows.values())
    return {"searches": len(rows) - added, "catalog": added}


def rollup() -> dict:
    """Every shop language's completions: {language: {"searches": n, "catalog": n}}."""
    done = {language: rollup_language(language) for language in shop_languages()}
    forget_suggest_phrases()  # this process at once; the others within a minute
    logger.info("suggest roll-up: %s", done)
    return done
