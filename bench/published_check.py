"""What the published check of index answers costs (search/selectors/published.py).

    .venv/bin/python bench/published_check.py [--products 100000]

In one transaction that is rolled back at the end (no data left behind), in the
database the environment names: inserts N products (9 in 10 published), then
times `published_ids()` for a page of 10, 20 and 100 random ids, 500 times each.
"""
import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from products.models import Product
    from products.selectors import published_ids

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        Product.objects.bulk_create(
            (Product(sku=f"CHECK-{n}", price=Decimal(n % 5000), stock=n % 7, is_published=n % 10 != 0)
             for n in range(args.products)),
            batch_size=5000,
        )
        ids = list(Product.objects.values_list("id", flat=True))
        print(f"{len(ids)} products")
        for page in (10, 20, 100):
            timings = []
            for _ in range(args.repeat):
                sample = random.sample(ids, page)
                started = time.perf_counter()
                published_ids(sample)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            print(f"page of {page:>3} ids: median {statistics.median(timings):.3f} ms, "
                  f"p95 {timings[int(len(timings) * 0.95)]:.3f} ms")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
