"""A query's ranking as a shopper sees it, with and without each of staff's rules that act
on it (the admin's "preview as shopper" page): the same search path as the API. Labels and
messages are in the active language (the staff's)."""
from dataclasses import dataclass

from django.utils.translation import gettext
from rest_framework.exceptions import APIException, ValidationError

from products.models import Product
from search.documents import ProductDocument
from search.models import Rule
from search.product_search import prepare, run
from search.queries import product_text_query
from search.serializers import ProductSearchParamsSerializer


@dataclass
class Ranking:
    label: str
    products: list  # (product id, title), in ranked order
    rule: object = None  # the rule left out, if any


@dataclass
class Preview:
    rankings: list
    banners: tuple = ()
    redirect: str | None = None
    backend: str = ""
    error: str = ""


def _ranking(params, language, skip_rules):
    search = prepare(params, {"q", "limit"}, language, skip_rules=skip_rules)

    def make_query(text, **options):
        return product_text_query(text, language, synonyms=search.synonyms, **options)

    return run(search, make_query=make_query, document_class=ProductDocument)


def _titled(ids, language):
    products = Product.objects.filter(id__in=ids).prefetch_related("translations").in_bulk()
    return [(product_id, products[product_id].title(language)) for product_id in ids if product_id in products]


def rule_preview(text: str, language: str, limit: int = 20) -> Preview:
    serializer = ProductSearchParamsSerializer(data={"q": text, "limit": limit})
    if not serializer.is_valid():
        return Preview([], error="; ".join(f"{name}: {' '.join(map(str, errors))}"
                                           for name, errors in serializer.errors.items()))
    params = serializer.validated_data
    try:
        every = _ranking(params, language, frozenset())
        acted = every.search.actions.acted
        rules = Rule.objects.in_bulk(acted)
        rankings = [Ranking(gettext("with every rule"), _titled(every.page.product_ids, language))]
        for rule_id in acted:
            without = _ranking(params, language, frozenset({rule_id}))
            label = gettext("without rule %(id)s") % {"id": rule_id}
            rankings.append(Ranking(label, _titled(without.page.product_ids, language), rules.get(rule_id)))
        if acted:
            none = _ranking(params, language, None)
            rankings.append(Ranking(gettext("without any rule"), _titled(none.page.product_ids, language)))
    except (APIException, ValidationError) as error:  # search too broad, a query Elasticsearch refuses
        return Preview([], error=str(error.detail))
    return Preview(rankings, every.search.actions.banners, every.search.actions.redirect, every.found.backend)
