"""The rankings as the benchmark runs them: build an index, search it, show the body."""
from elasticsearch import helpers

from lib.relevance.anchors import ANCHORS, anchor_documents

SIZE = 10


def search_body(query):
    return {"query": query, "size": SIZE, "_source": False, "track_total_hits": True,
            "sort": ["_score", {"id": "asc"}]}


class Anchor:
    """(a), (b), (c): an index of their own, raw query bodies."""

    def __init__(self, key, prefix):
        self.key = key
        self.name, self._make_index, self._make_query, _ = ANCHORS[key]
        self.index = f"{prefix}_relevance_{key}"

    def build(self, client, documents):
        client.indices.delete(index=self.index, ignore_unavailable=True)
        client.indices.create(index=self.index, **self._make_index())
        actions = ({"_index": self.index, "_id": d["id"], "_source": d} for d in anchor_documents(self.key, documents))
        helpers.bulk(client, actions, chunk_size=500)
        client.indices.refresh(index=self.index)

    def body(self, text, language):
        return search_body(self._make_query(text, language))

    def search(self, client, text, language):
        response = client.search(index=self.index, body=self.body(text, language))
        ids = [int(hit["_id"]) for hit in response["hits"]["hits"]]
        return {"ids": ids, "total": response["hits"]["total"]["value"]}


class Ours:
    """(d): the shop's own index (built by its rebuild) and its own search selector,
    spelling correction and relaxed match included. An ablation turns some of the
    query's interpretations of a word off (search.queries.WEIGHTS), same index."""

    def __init__(self, key="d", name="(d) new: lemmas, precise prefixes, corrections", weights=None):
        from search.documents import ProductDocument

        self.key, self.name, self.weights = key, name, weights
        self.document = ProductDocument
        self.index = ProductDocument._index._name

    def build(self, client, documents):
        """As a shop would: the catalog's words the dictionary lacks grouped (manage.py
        catalog_words --save), then the index rebuilt."""
        from common.languages import shop_languages
        from search.catalog_vocabulary import catalog_words
        from search.indexing.rebuild import rebuild_product_index

        for report in catalog_words(shop_languages(), save=True, reindex=False):
            print(f"[bench]   catalog words {report.language}: {report.unknown} of {report.words} without a lemma, "
                  f"{report.to_dictionary} under a dictionary word, {report.among_catalog} with each other", flush=True)
        rebuild_product_index()

    def body(self, text, language):
        from search.queries import product_text_query

        return search_body(product_text_query(text, language, weights=self.weights))

    @staticmethod
    def params(text):
        from search.serializers import ProductSearchParamsSerializer

        params = ProductSearchParamsSerializer(data={"q": text, "limit": SIZE})
        params.is_valid(raise_exception=True)
        return params.validated_data

    def page(self, params, language):
        from search.queries import product_text_query
        from search.selectors.elastic import search_products

        return search_products(
            document_class=self.document, params=params, language=language,
            make_query=lambda q, **options: product_text_query(q, language, weights=self.weights, **options),
        )

    def search(self, client, text, language):
        page = self.page(self.params(text), language)
        return {"ids": page.product_ids, "total": page.total, "corrected": page.corrected_query,
                "relaxed": page.relaxed, "filled": len(page.filled_ids), "filled_without": list(page.filled_without)}


class Ablation(Ours):
    """(d) with some interpretations off; reads the index (d) built."""

    def build(self, client, documents):
        pass


class WithPopularity:
    """A variant searched with shoppers' popularity (search/popularity.py) at the settings' weight;
    reads the index (d) built."""

    def build(self, client, documents):
        pass

    def page(self, params, language):
        from django.conf import settings

        weight = settings.SEARCH_POPULARITY_WEIGHT
        return super().page({**params, "language": language, "popularity_weight": weight}, language)


class PopularOurs(WithPopularity, Ours):
    pass


def all_variants(prefix):
    from lib.relevance.understood import all_understood

    return [
        Anchor("a", prefix), Anchor("b", prefix), Anchor("c", prefix), Ours(),
        Ablation("d-lemma", "(d) without hunspell stems: lemmas only", {"stem": 0}),
        Ablation("d-stem", "(d) without lemmas: hunspell only", {"lemma": 0}),
        *all_understood(),
    ]
