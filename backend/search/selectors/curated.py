"""Staff's curations applied to a page of results, the same for both backends.

Hidden products and pinned ones are excluded from the ranked search itself
(so counts and facets stay right and nothing shows twice); pinned products
that are published and pass the shopper's filters then take the first
positions, in staff's order, and the ranked results follow them across pages.
Pins apply to relevance order only: a shopper sorting by price gets prices.
"""
from dataclasses import replace

from search.selectors.page import SearchPage
from search.selectors.postgres_matching import filtered_products


def visible_pins(pinned, params) -> list:
    """Pinned ids that are published and match the filters, in staff's order."""
    if not pinned or params["sort"] != "relevance":
        return []
    visible = set(filtered_products(params).filter(id__in=pinned).values_list("id", flat=True))
    return [product_id for product_id in pinned if product_id in visible]


def curated_page(params, curation, run) -> SearchPage:
    """`run(params)` is one backend's search; `curation` a search.rules.CurationRule or None."""
    if curation is None:
        return run(params)
    pins = visible_pins(curation.pinned, params)
    offset, limit = params["offset"], params["limit"]
    shown_pins = pins[offset: offset + limit]
    inner = {
        **params,
        "offset": max(0, offset - len(pins)),
        "limit": limit - len(shown_pins),
        "exclude_ids": sorted(set(curation.hidden) | set(curation.pinned)),
    }
    page = run(inner)
    return replace(page, product_ids=shown_pins + page.product_ids, total=page.total + len(pins))
