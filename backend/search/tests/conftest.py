"""Search tests' shared fixtures."""
import pytest

from search.rules import forget_rules
from search.selectors.unlisted import forget_unlisted


@pytest.fixture(autouse=True)
def fresh_rules():
    """Synonyms and curations are cached per process; each test's database starts empty."""
    forget_rules()
    yield
    forget_rules()


@pytest.fixture(autouse=True)
def fresh_unlisted():
    """Each test's first search expects no product unlisted in flight (another test's are gone)."""
    forget_unlisted()


@pytest.fixture(params=["elasticsearch", "postgres"])
def backend(request, settings):
    """The test runs on Elasticsearch and on the PostgreSQL fallback (USE_ELASTIC off)."""
    settings.USE_ELASTIC = request.param == "elasticsearch"
    return request.param
