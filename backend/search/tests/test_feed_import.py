"""A feed imported with `import_catalog` reaches the index through the outbox, and importing
it again queues no index change (nothing differs, nothing is written)."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max

from search.models import PendingIndexChange
from search.tests.helpers import catalog_titles, indexed_titles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def _feed(tmp_path, count):
    items = "".join(
        f"<SHOPITEM><ITEM_ID>FEED-{n}</ITEM_ID><PRODUCTNAME>Keramický hrnek {n}</PRODUCTNAME>"
        f"<PRICE_VAT>{100 + n}</PRICE_VAT><CATEGORYTEXT>Kuchyně | Hrnky</CATEGORYTEXT>"
        f"<PARAM><PARAM_NAME>Barva</PARAM_NAME><VAL>{'modrá' if n % 2 else 'bílá'}</VAL></PARAM>"
        f"<DELIVERY_DATE>0</DELIVERY_DATE></SHOPITEM>" for n in range(count))
    path = tmp_path / "heureka.xml"
    path.write_text(f"<SHOP>{items}</SHOP>", encoding="utf-8")
    return str(path)


def _import(feed):
    out = StringIO()
    call_command("import_catalog", feed, format="heureka", language=["cs"], stdout=out)
    return out.getvalue()


def test_imported_products_are_indexed_and_a_reimport_queues_nothing(tmp_path):
    feed = _feed(tmp_path, 120)
    assert "created 120, updated 0, unchanged 0, skipped 0." in _import(feed)
    assert PendingIndexChange.objects.count() == 120
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()  # synced after commit
    assert indexed_titles() == catalog_titles() and len(catalog_titles()) == 120
    last = PendingIndexChange.objects.aggregate(seq=Max("seq"), changed=Max("changed_at"))

    assert "created 0, updated 0, unchanged 120, skipped 0." in _import(feed)
    assert PendingIndexChange.objects.count() == 120
    assert PendingIndexChange.objects.aggregate(seq=Max("seq"), changed=Max("changed_at")) == last
