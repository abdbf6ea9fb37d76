"""The backing services are real and the suite is isolated from dev data."""
from urllib.parse import urlparse

import django_rq
import pytest
from django.conf import settings
from django.db import connection


def _tokens(es_client, **body):
    return [token["token"] for token in es_client.indices.analyze(body=body)["tokens"]]


def test_elasticsearch_is_a_real_8x_cluster(es_client):
    """The Python client's major version must match the server's."""
    health = es_client.cluster.health()
    assert health["status"] in {"green", "yellow"}
    versions = {node["version"] for node in es_client.nodes.info()["nodes"].values()}
    assert versions and all(version.startswith("8.") for version in versions)


@pytest.mark.parametrize(
    "locale, word, lemma",
    [("cs_CZ", "boty", "bota"), ("sk_SK", "topánky", "topánka"), ("en_US", "shoes", "shoe"),
     ("en_GB", "colours", "colour")],
)
def test_hunspell_dictionaries_are_loaded(es_client, locale, word, lemma):
    """Search analyzers stem with these dictionaries; a missing one breaks indexing."""
    tokens = _tokens(
        es_client, tokenizer="standard",
        filter=["lowercase", {"type": "hunspell", "locale": locale, "dedup": True}], text=word,
    )
    assert lemma in tokens


def test_diacritics_folding_and_edge_ngrams_are_available(es_client):
    """asciifolding and edge_ngram come from the project's plugin on the bare server."""
    folded = _tokens(es_client, tokenizer="standard", filter=["lowercase", "asciifolding"],
                     text="Červená Žluťoučká")
    assert folded == ["cervena", "zlutoucka"]
    grams = _tokens(es_client, tokenizer="standard",
                    filter=[{"type": "edge_ngram", "min_gram": 2, "max_gram": 4}], text="bota")
    assert grams == ["bo", "bot", "bota"]


def test_html_strip_edge_ngram_tokenizer_and_length_filter_are_available(es_client):
    """html_strip, the edge_ngram tokenizer and length come from the project's plugin on the bare server."""
    tokens = _tokens(
        es_client, char_filter=["html_strip"],
        tokenizer={"type": "edge_ngram", "min_gram": 2, "max_gram": 10, "token_chars": ["letter", "digit"]},
        filter=["asciifolding", {"type": "length", "min": 3}], text="<b>Stolní</b> lampa &amp; 60W",
    )
    assert tokens == ["Sto", "Stol", "Stoln", "Stolni", "lam", "lamp", "lampa", "60W"]


@pytest.mark.django_db
def test_postgres_round_trip_in_the_test_database():
    """Writes go to pytest-django's own database, never the dev one."""
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE round_trip (word text)")
        cursor.execute("INSERT INTO round_trip VALUES (%s)", ["žluťoučký kůň"])
        cursor.execute("SELECT word FROM round_trip")
        assert cursor.fetchone() == ("žluťoučký kůň",)


def test_redis_round_trip_in_the_test_database():
    """The RQ connection used by the suite points at the test Redis database, not the dev one."""
    from config.env import env

    client = django_rq.get_connection("high")
    test_db = int(urlparse(settings.REDIS_URL).path.strip("/"))
    dev_db = int(urlparse(env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")).path.strip("/") or 0)
    assert client.connection_pool.connection_kwargs["db"] == test_db != dev_db
    client.set("test:round-trip", "ok", ex=30)
    assert client.get("test:round-trip") == b"ok"
    client.delete("test:round-trip")


def test_index_names_use_a_test_prefix():
    """Test runs delete their indices; the prefix keeps dev indices out of reach."""
    assert settings.ELASTICSEARCH_INDEX_PREFIX.startswith("test_")
