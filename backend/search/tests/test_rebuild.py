"""`search_index --rebuild`: alias swap, lock, progress, exit codes (real ES and PG)."""
import threading
from decimal import Decimal

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command

from products.models import Product, ProductTranslation
from products.tests.factories import make_product
from search.indexing import indices
from search.indexing.rebuild import LOCK_KEY, rebuild_product_index
from search.tests.helpers import indexed_ids

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def _bulk_catalog(count, title="Letní bota"):
    products = Product.objects.bulk_create(
        Product(sku=f"REB-{n}", price=Decimal("99"), is_published=n % 10 != 0) for n in range(count)
    )
    ProductTranslation.objects.bulk_create(
        ProductTranslation(product=product, language="cs", title=f"{title} {product.sku}")
        for product in products
    )
    return products


def test_rebuild_swaps_a_new_index_in_and_removes_the_old(capsys):
    products = _bulk_catalog(1200)
    old = indices.indices_behind_alias()
    call_command("search_index", "--rebuild", "-f")
    output = capsys.readouterr().out
    new = indices.indices_behind_alias()
    assert len(new) == 1 and new != old
    assert not indices.client().indices.exists(index=old[0])
    assert indexed_ids() == {p.id for p in products if p.is_published}
    assert "indexed 500/1080" in output and "indexed 1080/1080 (100%)" in output
    assert "Rebuilt" in output


def test_a_second_rebuild_exits_with_code_3_while_one_holds_the_lock():
    db = settings.DATABASES["default"]
    holder = psycopg2.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
        dbname=db["NAME"] if db["NAME"].startswith("test_") else f"test_{db['NAME']}",
    )
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        with pytest.raises(SystemExit) as exited:
            call_command("search_index", "--rebuild", "-f")
        assert exited.value.code == 3
    finally:
        holder.close()


def test_a_failed_rebuild_exits_1_and_keeps_the_live_index(settings):
    make_product({"cs": "Živý produkt"})
    live = indices.indices_behind_alias()
    # Elasticsearch rejects this index setting, so creating the new index fails.
    from search.documents import ProductDocument

    original = dict(ProductDocument._index._settings)
    ProductDocument._index._settings["number_of_shards"] = 0
    try:
        with pytest.raises(SystemExit) as exited:
            call_command("search_index", "--rebuild", "-f")
    finally:
        ProductDocument._index._settings.clear()
        ProductDocument._index._settings.update(original)
    assert exited.value.code == 1
    assert indices.indices_behind_alias() == live


def test_searches_during_a_rebuild_all_succeed_and_find_the_product():
    _bulk_catalog(3000, title="Zimní bota")
    rebuild_product_index()
    es, alias = indices.client(), indices.alias()
    outcomes, done = [], threading.Event()

    def search_loop():
        while not done.is_set():
            try:
                hits = es.search(index=alias, query={"match": {"title.cs": "bota"}}, size=1)
                outcomes.append(hits["hits"]["total"]["value"])
            except Exception as error:  # recorded, then asserted on below
                outcomes.append(error)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        rebuild_product_index(chunk_size=250)
    finally:
        done.set()
        thread.join(timeout=30)
    assert len(outcomes) > 5
    assert [outcome for outcome in outcomes if not isinstance(outcome, int)] == []
    assert min(outcomes) > 0


def test_changes_made_during_a_rebuild_reach_the_new_index():
    product = make_product({"cs": "Před přestavbou"})
    progress_calls = []

    def edit_during_rebuild(done, total):
        if not progress_calls:
            translation = ProductTranslation.objects.get(product=product, language="cs")
            translation.title = "Během přestavby"
            translation.save()
        progress_calls.append(done)

    _bulk_catalog(600)
    rebuild_product_index(progress=edit_during_rebuild)
    from search.tests.helpers import indexed_document

    assert indexed_document(product.id)["title"]["cs"] == "Během přestavby"
