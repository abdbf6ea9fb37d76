"""A search right after PostgreSQL dropped the worker's connection (a restart, a terminated
backend) answers 200 through the production WSGI path, with no health-check ping before it
(common/pgbackend/base.py): the first read is sent again on a new connection."""
import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.client import RequestFactory

from common.tests.postgres_backends import backend_pid, terminate_backend
from products.tests.factories import make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def served(path, query):
    """One request as gunicorn hands it over: request_started and request_finished included
    (the test client skips closing and checking connections between requests)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET")
    answer = {}
    response = WSGIHandler()(environ, lambda status, headers: answer.update(status=status, headers=dict(headers)))
    body = b"".join(response)
    response.close()
    return int(answer["status"].split()[0]), answer["headers"], json.loads(body)


@pytest.mark.parametrize("use_elastic", [True, False])
def test_a_search_after_the_connection_was_killed_answers_200(settings, use_elastic):
    settings.USE_ELASTIC = use_elastic
    boot = make_product({"cs": "Zimní bota", "sk": "Zimná topánka"})
    client().indices.refresh(index=alias())
    status, headers, before = served("/api/search/products/cs/", "q=bota")
    assert status == 200 and [row["id"] for row in before["results"]] == [boot.id]
    killed = backend_pid()
    terminate_backend(killed)

    status, headers, after = served("/api/search/products/cs/", "q=bota")

    assert status == 200, after
    assert headers["X-Search-Backend"] == ("elasticsearch" if use_elastic else "postgres")
    assert [row["id"] for row in after["results"]] == [boot.id]
    assert connection.connection is not None and backend_pid() != killed
