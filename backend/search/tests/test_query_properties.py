"""Property-based: whatever `q` a shopper sends, the answer is 200 or 400, never 5xx,
and never contains an unpublished product."""
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from rest_framework.test import APIClient

from products.tests.factories import make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]

LUCENE = ['title:*', '*', '?', 'a AND b', 'NOT bota', '"bota', 'bota\\', '{}', '[1 TO 5]', '/.*/', 'sku:*',
          'bota~2', 'bota^100', '(', ')', '&&', '||', '!', '+-', '<script>', "'; DROP TABLE x; --", '%00', '\\u0000']
queries = st.one_of(
    st.text(max_size=250),
    st.lists(st.sampled_from(LUCENE), min_size=1, max_size=6).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
)


@pytest.fixture
def catalog():
    visible = make_product({"cs": "Červená bota", "en": "Red shoe"})
    hidden = make_product({"cs": "Skrytá bota", "en": "Hidden shoe"}, published=False)
    client().indices.refresh(index=alias())
    return visible, hidden


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries, lang=st.sampled_from(["cs", "sk", "en"]))
@example(q="a" * 10_000, lang="cs")
@example(q="bota\x00", lang="cs")
@example(q="bota", lang="cs")
def test_any_query_is_answered_200_or_400_without_unpublished_products(catalog, q, lang):
    visible, hidden = catalog
    response = APIClient().get(f"/api/search/products/{lang}/", {"q": q})
    assert response.status_code in {200, 400}, (q, response.status_code, response.content[:300])
    if response.status_code == 400:
        assert "q" in response.json()
    else:
        ids = {item["id"] for item in response.json()["results"]}
        assert hidden.id not in ids
        if q.strip() == "bota":
            assert ids == {visible.id}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_suggestions_never_fail_or_leak(catalog, q):
    visible, hidden = catalog
    response = APIClient().get("/api/search/suggest/cs/", {"q": q})
    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert "Skrytá bota" not in response.json()["suggestions"]
