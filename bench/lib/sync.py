"""Sync overhead: what our signal handlers add to a save, and how soon a change is searchable."""
import statistics
import subprocess
import time

from lib.env import BACKEND, BIN, bench_env, say


def _save_seconds(products, sync_on):
    from django.conf import settings
    from django.db import transaction

    settings.ELASTIC_SYNC = sync_on
    timings = []
    for product in products:
        started = time.perf_counter()
        with transaction.atomic():
            product.stock += 1
            product.save()
        timings.append(time.perf_counter() - started)
    return timings


def save_pairs(products, first_on=False):
    """Each product saved twice, sync off and on back to back (on first if `first_on`): a loaded
    host's noise (a save's time doubled for seconds) hits both saves of a pair alike; blocks
    of 100 saves off then 100 on moved by ±2 ms between blocks, more than the sync's cost."""
    off, on = [], []
    for product in products:
        for state in ((True, False) if first_on else (False, True)):
            (on if state else off).extend(_save_seconds([product], sync_on=state))
    return off, on


def save_overhead(samples, rounds=5):
    """Median save time with sync on vs off, and the added time as the median of the pairs'
    differences (bench/sync_save.py measures the same, with --compare REF)."""
    from products.models import Product

    products = list(Product.objects.filter(is_published=True).order_by("id")[:samples])
    on, off = [], []
    for round_ in range(rounds):
        round_off, round_on = save_pairs(products, first_on=round_ % 2 == 1)
        off += round_off
        on += round_on
    result = {
        "samples": len(on),
        "sync_off_median_ms": statistics.median(off) * 1000,
        "sync_on_median_ms": statistics.median(on) * 1000,
        "added_median_of_pairs_ms": statistics.median(b - a for a, b in zip(off, on)) * 1000,
    }
    result["ratio"] = result["sync_on_median_ms"] / result["sync_off_median_ms"]
    say(f"  save: sync off {result['sync_off_median_ms']:.2f} ms, on {result['sync_on_median_ms']:.2f} ms "
        f"(x{result['ratio']:.2f}; added, median of pairs, {result['added_median_of_pairs_ms']:+.2f} ms)")
    return result


def time_to_searchable(samples):
    """Seconds from commit to the change being found by a search, with a real RQ worker."""
    from django.conf import settings

    from products.models import Product, ProductTranslation
    from search.indexing.indices import alias, client

    settings.ELASTIC_SYNC = True
    worker = subprocess.Popen(
        [str(BIN / "python"), "manage.py", "rqworker", "default", "--with-scheduler"],
        cwd=BACKEND, env=bench_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        product = Product.objects.filter(is_published=True).order_by("id").first()
        delays = []
        for n in range(samples):
            token = f"zkouska{n}x{int(time.time())}"
            translation = ProductTranslation.objects.get(product=product, language="cs")
            translation.title = f"Bota {token}"
            saved = time.perf_counter()
            translation.save()
            while True:
                hits = client().search(index=alias(), query={"match": {"title.cs": token}}, size=0)
                if hits["hits"]["total"]["value"]:
                    break
                if time.perf_counter() - saved > 30:
                    raise RuntimeError("change not searchable after 30 s")
                time.sleep(0.01)
            delays.append(time.perf_counter() - saved)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    delays.sort()
    result = {
        "samples": samples,
        "p50_s": statistics.median(delays),
        "p95_s": delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))],
        "note": "includes Elasticsearch's 1 s refresh interval",
    }
    say(f"  searchable after save: p50 {result['p50_s']:.2f} s, p95 {result['p95_s']:.2f} s")
    return result
