"""The shared headless Chromium (common/tests/browser.py) and a small multilingual catalog
indexed in the real Elasticsearch."""
from decimal import Decimal

import pytest

from common.tests.browser import browser, page  # noqa: F401  (fixtures)
from products.tests.factories import make_product, make_shoe_shop
from search.indexing.indices import alias, client


@pytest.fixture
def catalog(product_index, inprocess_sync):
    """The shared shoe shop plus a third summer shoe, indexed."""
    shop = make_shoe_shop()
    shop["sandal"] = make_product(
        {"cs": "Bota do vody", "en": "Water shoe"}, sku="SH-WATER", price=Decimal("450"),
        category=shop["categories"]["summer"], stock=7,
    )
    client().indices.refresh(index=alias())
    return shop
