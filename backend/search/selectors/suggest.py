"""Everything suggest answers for one keystroke: query completions, categories, product previews.

    queries     rolled-up completions (popular searches, the catalog's phrases),
                matched in memory (selectors/suggest_phrases.py)
    categories  categories the text names (their published products counted),
                then the categories of the matching products (those counted)
    products    the best title matches, with price and stock from PostgreSQL (read by the
                backend's selector with the published check: selectors/suggest_matches.py)
    suggestions their titles, as the endpoint always answered

The text is read once, as search reads it (lemmas, folded forms, the last
word as a beginning); one backend call (Elasticsearch, or PostgreSQL when it
is off or down: selectors/backend.answer) finds the products and counts.
"""
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse

from products.category_tree import cached_category_tree
from search.queries import ALWAYS, read_query
from search.selectors.backend import suggest_matches
from search.selectors.suggest_phrases import named_category_ids, query_completions

QUERIES = 5
CATEGORIES = 4


@dataclass(frozen=True)
class Suggestions:
    queries: list
    categories: list  # {"id", "label", "count", "query"}
    products: list  # published_product_previews rows, with "url"
    suggestions: list
    backend: str
    fallback_reason: str | None = None


def _categories(matches, named_ids, typed, language):
    """Named categories first (their own counts), then the matching products' by count."""
    tree, chosen = cached_category_tree(), []
    for category_id in named_ids:
        if matches.named_counts.get(category_id):
            chosen.append((category_id, matches.named_counts[category_id], True))
    ranked = sorted(matches.category_counts.items(), key=lambda item: (-item[1], item[0]))
    chosen += [(category_id, count, False) for category_id, count in ranked if category_id not in named_ids]
    shown = []
    for category_id, count, named in chosen[:CATEGORIES]:
        path = tree.path(category_id)
        if path:
            label = path[-1].name(language)
            shown.append({"id": category_id, "label": label, "count": count, "query": label if named else typed})
    return shown


_url_templates: dict[str, str] = {}


def _product_url_template():
    """The product page's URL with "{id}" for the id: reversed once per process (and script
    prefix), not once per request (a reverse cost a keystroke more than the rows' formatting)."""
    prefix = get_script_prefix()
    if prefix not in _url_templates:
        _url_templates[prefix] = reverse("storefront-product", kwargs={"pk": 0}).replace(
            "/0/", "/{id}/") + "?lang={language}"
    return _url_templates[prefix]


def suggest(prefix: str, language: str) -> Suggestions:
    query = read_query(prefix, language, prefix=ALWAYS)
    named_ids = named_category_ids(query) if not query.is_empty else []
    found = suggest_matches(query=query, named_ids=named_ids)
    matches = found.value
    url = _product_url_template()
    rows = [{**row, "url": url.format(id=row["id"], language=language)} for row in matches.products]
    return Suggestions(
        queries=query_completions(query, QUERIES) if not query.is_empty else [],
        categories=_categories(matches, named_ids, prefix.strip(), language),
        products=rows, suggestions=matches.titles, backend=found.backend, fallback_reason=found.fallback_reason,
    )
