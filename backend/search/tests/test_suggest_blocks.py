"""Staff's blocked suggestions: a blocked phrase is never offered, by the roll-up nor from a
process's cached completions, entered in the admin and matched on normalised whole words."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from products.tests.factories import make_category, make_product
from search.indexing.indices import alias, client
from search.models import BlockedSuggestion, SuggestedQuery
from search.selectors.suggest_phrases import forget_suggest_phrases
from search.tests.test_suggest_rollup import logged, search_as

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync", "query_log"),
]


@pytest.fixture
def popular(query_log):
    """"fatra lyra" made by three shoppers from three networks, and the catalog's "kuchyňský nůž"."""
    category = make_category({"cs": "Nože"})
    for title in ("Kuchyňský nůž Fatra", "Kuchyňský nůž Lyra"):
        make_product({"cs": title}, category=category, price=Decimal("300"))
    client().indices.refresh(index=alias())
    for shopper in "abc":
        search_as(shopper, "fatra lyra")
    logged(query_log)


def suggested(q, language="cs"):
    response = APIClient().get(f"/api/search/suggest/{language}/", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["queries"]


def offered(q):
    call_command("search_suggest_rollup")
    return suggested(q)


def test_a_phrase_blocked_in_the_admin_is_never_offered(popular, staff_client):
    assert offered("fatra") == ["fatra lyra"]
    response = staff_client.post("/admin/search/blockedsuggestion/add/",
                                 {"language": "", "phrase": "  Fatra  ", "note": "spam"})
    assert response.status_code == 302, response.content
    assert BlockedSuggestion.objects.get().phrase == "fatra"  # stored normalised
    listed = staff_client.get("/admin/search/blockedsuggestion/")
    assert listed.status_code == 200 and "spam" in listed.content.decode()
    assert suggested("fatra") == []  # at once in this process: the save dropped its cache
    assert offered("fatra") == []
    assert not SuggestedQuery.objects.filter(normalised="fatra lyra").exists()  # the roll-up left it out


def test_a_block_acts_when_the_completions_are_read_again_before_any_rollup(popular):
    assert offered("fatra") == ["fatra lyra"]
    BlockedSuggestion.objects.bulk_create([BlockedSuggestion(language="cs", phrase="Lýra")])  # no signal, raw
    forget_suggest_phrases()  # as another process's cache expires
    assert SuggestedQuery.objects.filter(normalised="fatra lyra").exists()
    assert suggested("fatra") == []


def test_catalog_phrases_are_blocked_too_and_per_language(popular):
    assert "kuchyňský nůž" in offered("kuch")
    BlockedSuggestion.objects.create(language="sk", phrase="kuchynsky nuz")
    assert "kuchyňský nůž" in offered("kuch")  # blocked in Slovak only
    BlockedSuggestion.objects.create(language="cs", phrase="kuchynsky nuz")
    assert "kuchyňský nůž" not in offered("kuch")


def test_a_block_matches_whole_words_only(popular):
    BlockedSuggestion.objects.create(language="", phrase="fat")
    BlockedSuggestion.objects.create(language="", phrase="lyra fatra")  # the words in another order
    assert offered("fatra") == ["fatra lyra"]


def test_the_admin_refuses_a_phrase_without_words(popular, staff_client):
    response = staff_client.post("/admin/search/blockedsuggestion/add/", {"language": "cs", "phrase": " !?! "})
    assert response.status_code == 200
    assert "phrase" in response.context["adminform"].form.errors
    assert not BlockedSuggestion.objects.exists()
