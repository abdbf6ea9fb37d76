"""Ranking that learns from clicks: the roll-up (prior, decay, once per search), the bounded
boost on both backends, `sort=popular`, and the switch that turns it off."""
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from elasticsearch_dsl import Q

from products.tests.factories import make_category, make_product
from search.indexing.outbox import record_product_changes
from search.models import ProductPopularity, SearchClick, SearchLogEntry
from search.popularity import AVERAGE, roll_up, score
from search.selectors.elastic import product_search_body
from search.tests.helpers import indexed_document
from search.tests.test_apis import ids, search

NOW = timezone.now()


@pytest.fixture
def lamps():
    """Four lamps alike for the text (ranked by id when nothing else differs)."""
    lights = make_category({"cs": "Svítidla"})
    return {name: make_product({"cs": f"Lampa {name.title()}"}, category=lights)
            for name in ("alfa", "beta", "gama", "delta")}


def names(response, lamps):
    by_id = {product.id: name for name, product in lamps.items()}
    return [by_id[product_id] for product_id in ids(response)]


def logged(shown, clicked=(), *, age=timedelta(0), language="cs", offset=0, times=1):
    """One logged search showing `shown` (products), with a click on each of `clicked`, `times` times."""
    search_id = uuid.uuid4()
    created = NOW - age
    SearchLogEntry.objects.create(search_id=search_id, created_at=created, language=language, query="lampa",
                                  results=len(shown), backend="elasticsearch", offset=offset,
                                  shown=[product.id for product in shown])
    for product in clicked:
        position = offset + [item.id for item in shown].index(product.id) + 1 if product in shown else 1
        for _ in range(times):
            SearchClick.objects.create(search_id=search_id, created_at=created, product_id=product.id,
                                       position=position)


def popularity(product, language="cs"):
    return ProductPopularity.objects.get(product=product, language=language)


def popular(**scores):
    """Sets products' popularity in Czech and records their documents for the sync."""
    with transaction.atomic():
        for product, value in scores.values():
            ProductPopularity.objects.update_or_create(
                product=product, language="cs", defaults={"clicks": 0, "expected": 0, "score": value})
        record_product_changes([product.id for product, _ in scores.values()])


@pytest.mark.django_db
@pytest.mark.postgres
class TestRollUp:
    @pytest.fixture(autouse=True)
    def _settings(self, settings):
        settings.ELASTIC_SYNC = False
        settings.SEARCH_POPULARITY_PRIOR = 5.0
        settings.SEARCH_POPULARITY_HALF_LIFE_DAYS = 14.0

    def test_clicks_count_against_what_an_average_product_gets_where_it_was_shown(self, lamps):
        """Alfa and beta swap places; alfa is always chosen. Each position is clicked half the
        time, so each was expected 5 clicks in 10 searches: alfa got 10, beta none."""
        alfa, beta = lamps["alfa"], lamps["beta"]
        for turn in range(10):
            logged([alfa, beta] if turn % 2 else [beta, alfa], [alfa])
        result = roll_up(NOW)
        assert result.products == 2
        a, b = popularity(alfa), popularity(beta)
        assert (a.clicks, b.clicks) == (10, 0)
        assert a.expected == pytest.approx(5) and b.expected == pytest.approx(5)
        assert a.score == pytest.approx(score(10, 5)) == pytest.approx(0.6)  # lift (10 + 5) / (5 + 5)
        assert b.score == pytest.approx(score(0, 5)) == pytest.approx(1 / 3)  # lift 5 / 10

    def test_a_product_with_few_impressions_stays_near_average_whatever_they_did(self, lamps):
        alfa, beta, gama = lamps["alfa"], lamps["beta"], lamps["gama"]
        for turn in range(10):
            logged([alfa, beta] if turn % 2 else [beta, alfa], [alfa])
        logged([gama, beta], [gama])  # one impression, one click: a "100 % click-through rate"
        roll_up(NOW)
        assert abs(popularity(gama).score - AVERAGE) < 0.03
        assert popularity(gama).score < popularity(alfa).score
        logged([lamps["delta"], beta])  # shown once, not clicked: not buried either
        roll_up(NOW)
        assert abs(popularity(lamps["delta"]).score - AVERAGE) < 0.03

    def test_older_clicks_and_impressions_weigh_less_by_the_half_life(self, lamps):
        alfa, beta = lamps["alfa"], lamps["beta"]
        for turn in range(10):  # the first position is clicked about half the time
            logged([lamps["gama"], lamps["delta"]], [lamps["gama"]] if turn % 2 else [])
        logged([alfa], [alfa], age=timedelta(days=28))
        logged([beta], [beta])
        roll_up(NOW)
        assert popularity(alfa).clicks == pytest.approx(0.25, rel=0.03)  # two half-lives (from its day's middle)
        assert popularity(beta).clicks == pytest.approx(1.0)
        assert popularity(beta).score > popularity(alfa).score

    def test_a_result_clicked_again_and_again_counts_once_per_search(self, lamps):
        alfa, beta = lamps["alfa"], lamps["beta"]
        logged([alfa, beta], [alfa], times=7)
        logged([beta, alfa], [alfa])
        roll_up(NOW)
        assert popularity(alfa).clicks == 2

    def test_a_click_on_a_product_the_search_did_not_show_counts_for_nothing(self, lamps):
        logged([lamps["alfa"]], [lamps["beta"]])
        roll_up(NOW)
        assert not ProductPopularity.objects.filter(product=lamps["beta"]).exists()
        assert popularity(lamps["alfa"]).clicks == 0

    def test_later_pages_count_their_positions_from_the_offset_and_languages_apart(self, lamps):
        alfa, beta = lamps["alfa"], lamps["beta"]
        logged([alfa], [alfa], offset=20)
        logged([beta], [], offset=0)
        logged([alfa], [], language="en")
        roll_up(NOW)
        assert popularity(alfa).expected == pytest.approx(1)  # slot 21 is clicked every time it is shown
        assert popularity(beta).expected == 0  # slot 1: never
        assert popularity(alfa, "en").clicks == 0

    def test_each_run_rolls_only_the_days_not_rolled_and_the_last_ones_again(self, lamps):
        """Older days are read from their per-day counts, not the log again; the last days are
        rolled again, so a click arriving after a run still counts."""
        alfa, beta = lamps["alfa"], lamps["beta"]
        logged([alfa, beta], [alfa], age=timedelta(days=5))
        logged([beta, alfa], [beta])
        roll_up(NOW)
        SearchLogEntry.objects.filter(created_at__lt=NOW - timedelta(days=4)).delete()  # not read again
        late = SearchLogEntry.objects.get()
        SearchClick.objects.create(search_id=late.search_id, created_at=NOW, product_id=alfa.id, position=2)
        roll_up(NOW)
        assert popularity(alfa).clicks == pytest.approx(1 + 0.5 ** (5 / 14), rel=0.03)
        assert popularity(beta).clicks == 1

    def test_the_scheduled_command_rolls_up_and_says_what_it_did(self, lamps):
        logged([lamps["alfa"], lamps["beta"]], [lamps["beta"]])
        out = StringIO()
        call_command("search_popularity_rollup", stdout=out)
        assert out.getvalue().strip() == "2 product popularities, 2 changed"
        assert ProductPopularity.objects.count() == 2

    def test_evidence_past_the_retention_is_gone_and_so_is_its_row(self, lamps, settings):
        logged([lamps["alfa"]], [lamps["alfa"]], age=timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS + 1))
        ProductPopularity.objects.create(product=lamps["alfa"], language="cs", clicks=1, expected=1, score=0.5)
        assert roll_up(NOW).changed == [lamps["alfa"].id]
        assert not ProductPopularity.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("product_index", "inprocess_sync")
class TestRanking:
    def test_the_roll_up_reaches_the_index_and_lifts_the_chosen_lamp_on_both_backends(self, backend, lamps):
        assert names(search(q="lampa"), lamps) == ["alfa", "beta", "gama", "delta"]
        everyone = list(lamps.values())
        for turn in range(30):
            shown = everyone[turn % 4:] + everyone[:turn % 4]
            logged(shown, [lamps["gama"]])
        result = roll_up(NOW)
        assert lamps["gama"].id in result.changed
        indexed = indexed_document(lamps["gama"].id)["popularity"]
        assert indexed == {"cs": pytest.approx(popularity(lamps["gama"]).score)}
        response = search(q="lampa")
        assert response["X-Search-Backend"] == backend
        assert names(response, lamps)[0] == "gama"
        assert names(response, lamps)[-1] != "gama"
        assert response.json()["count"] == 4  # reordered, nothing hidden

    def test_the_boost_cannot_lift_a_weak_match_over_a_clearly_better_one(self, backend, settings):
        settings.SEARCH_POPULARITY_WEIGHT = 0.2
        lights = make_category({"cs": "Svítidla"})
        lamp = make_product({"cs": "Stolní lampa mosazná"}, category=lights)
        weak = make_product({"cs": "Žárovka E27"}, short_descriptions={"cs": "Náhradní díl: lampa, lustr."},
                            category=lights)
        popular(lamp=(lamp, 0.0), weak=(weak, 1.0))  # the extremes: 1.0 and 1.2 times
        assert ids(search(q="lampa")) == [lamp.id, weak.id]
        settings.SEARCH_POPULARITY_WEIGHT = 20.0  # unbounded enough, the noise would win: the weight bounds it
        assert ids(search(q="lampa")) == [weak.id, lamp.id]

    def test_sort_popular_orders_by_popularity_then_relevance_on_both_backends(self, backend, lamps):
        popular(delta=(lamps["delta"], 0.8), beta=(lamps["beta"], 0.3))
        response = search(q="lampa", sort="popular")
        assert names(response, lamps) == ["delta", "alfa", "gama", "beta"]  # without evidence: average

    def test_a_text_without_words_orders_on_the_fallback_too(self, lamps, settings):
        """Only the SKU branch is searched then, its NULL score typed text: the factor still applies."""
        settings.USE_ELASTIC = False
        for text in ("{}", "\\", lamps["beta"].sku):
            response = search(q=text)
            assert response.status_code == 200, text
        assert ids(search(q=lamps["beta"].sku)) == [lamps["beta"].id]

    def test_switched_off_the_ranking_is_the_old_one(self, backend, lamps, settings):
        popular(delta=(lamps["delta"], 0.9))
        assert names(search(q="lampa"), lamps)[0] == "delta"
        settings.SEARCH_POPULARITY_ENABLED = False
        assert names(search(q="lampa"), lamps) == ["alfa", "beta", "gama", "delta"]


@pytest.mark.django_db
@pytest.mark.postgres
def test_without_weight_the_elasticsearch_request_is_exactly_the_old_one(settings):
    params = {"q": "lampa", "sort": "relevance", "offset": 0, "limit": 10, "attr": []}
    plain = product_search_body(Q("match_all"), params)
    assert product_search_body(Q("match_all"), {**params, "language": "cs", "popularity_weight": 0.0}) == plain
    boosted = product_search_body(Q("match_all"), {**params, "language": "cs", "popularity_weight": 0.2})
    assert boosted["query"]["function_score"]["query"] == plain["query"]
    by_price = {**params, "sort": "price"}
    assert product_search_body(Q("match_all"), {**by_price, "language": "cs", "popularity_weight": 0.2}) == \
        product_search_body(Q("match_all"), by_price)
