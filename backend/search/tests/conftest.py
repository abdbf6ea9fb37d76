"""Search tests' shared fixtures."""
import pytest

from search.rules import forget_rules


@pytest.fixture(autouse=True)
def fresh_rules():
    """Synonyms and curations are cached per process; each test's database starts empty."""
    forget_rules()
    yield
    forget_rules()
