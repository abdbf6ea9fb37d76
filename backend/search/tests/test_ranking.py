"""The ranking settings a search runs with, and what tells two of them apart."""
import pytest

from search.product_search import prepare
from search.ranking import Ranking, default_ranking
from search.serializers import ProductSearchParamsSerializer


@pytest.mark.pure
def test_the_fingerprint_tells_rankings_apart_by_what_orders_results_not_by_name():
    assert Ranking(name="a").fingerprint() == Ranking(name="b").fingerprint()
    assert Ranking(popularity_weight=0.5).fingerprint() != Ranking().fingerprint()
    assert Ranking(rules=False).fingerprint() != Ranking().fingerprint()


def _params(text):
    serializer = ProductSearchParamsSerializer(data={"q": text})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_search_without_a_ranking_gets_the_default():
    assert prepare(_params("stůl"), {"q"}, "cs").ranking == default_ranking()
    arm = Ranking(name="b", popularity_weight=1.0)
    assert prepare(_params("stůl"), {"q"}, "cs", ranking=arm).ranking is arm
