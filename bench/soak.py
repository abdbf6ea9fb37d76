"""`make soak`: a mixed workload for SOAK_SECONDS (default 600) while faults hit on a schedule,
then the invariants the shop promises, each as a figure (README "Soak").

    .venv/bin/python bench/soak.py [--seconds 600] [--smoke] [--products 2000]

Runs on services of its own (a second PostgreSQL cluster, Redis, a two-node Elasticsearch
cluster, on ports moved by BENCH_PORT_OFFSET) which it restarts, pauses and kills; it stops
everything it started, also on failure. The report goes to bench/results/soak/ (the smoke
run's to bench/results/soak/smoke/). Exits 1 when an invariant does not hold.
"""
import argparse
import os
import shutil
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib.soak import stack  # noqa: E402  (puts backend/ on the path)

CONVERGENCE_SECONDS = 60  # the index equals PostgreSQL this long after the last fault
# Owed alerts whose on-commit run was lost are sent by send_pending_emails, scheduled every 5 min.
EMAIL_SWEEP_SECONDS = 300
SUBSCRIBERS = 2  # confirmed back-in-stock subscribers per restocked product


def prepare(products, restock):
    """A fresh database and catalog, the pools each writer works on, the staff user, the index."""
    import psycopg2

    url = stack.DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "eshop_{stack.NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "eshop_{stack.NAME}"')
    connection.close()
    subprocess_redis_flush()
    # The last run's indices go too: each run builds its index from its fresh catalog.
    request = urllib.request.Request(f"http://127.0.0.1:{stack.ES_HTTP_PORT}/{stack.NAME}*", method="DELETE")
    urllib.request.urlopen(request, timeout=60).close()
    shutil.rmtree(stack.EMAIL_DIR, ignore_errors=True)
    stack.EMAIL_DIR.mkdir(parents=True)
    stack.manage("migrate", "--noinput")
    stack.manage("load_demo_catalog", "--products", str(products))
    if not (stack.BACKEND / "staticfiles" / "staticfiles.json").exists():  # the admin's pages, as the image has
        stack.manage("collectstatic", "--noinput", settings_module="config.settings.production")

    os.environ.update({**stack.ENV, "DJANGO_SETTINGS_MODULE": "config.settings.dev"})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from emails.models import BackInStockSubscription
    from products.models import Product

    ids = list(Product.objects.filter(is_published=True).order_by("id").values_list("id", flat=True))
    pools = {"restock": ids[10:10 + restock], "bulk": ids[200:240], "edit": ids[300:400]}
    Product.objects.filter(id__in=pools["restock"]).update(stock=0)
    now = timezone.now()
    BackInStockSubscription.objects.bulk_create(
        BackInStockSubscription(product_id=pk, email=f"soak-{pk}-{n}@example.com", language="cs",
                                confirmation_sent_at=now, confirmed_at=now)
        for pk in pools["restock"] for n in range(SUBSCRIBERS))
    password = "soak-" + os.urandom(12).hex()
    get_user_model().objects.create_superuser("soak", "soak@example.com", password)
    # Patient with a busy machine: the build is setup, not under test.
    stack.manage("search_index", "--rebuild", "-f", ELASTICSEARCH_WRITE_TIMEOUT="60")
    return pools, {"username": "soak", "password": password, "run": time.strftime("%H%M%S")}


def subprocess_redis_flush():
    import subprocess

    subprocess.run(["redis-cli", "-p", str(stack.REDIS_PORT), "flushall"], check=True, capture_output=True)


def converge(clock, deadline):
    """Polls the index and the outbox until both agree with PostgreSQL or `deadline`
    (seconds on `clock`); returns (index figures, backlog, seconds taken or None)."""
    from django.db import close_old_connections

    from lib.soak import invariants

    while True:
        close_old_connections()
        try:
            index, backlog = invariants.index_mismatches(), invariants.backlog()
        except Exception as error:  # a service still coming back
            stack.say(f"  convergence check: {error}")
            index, backlog = {"total": -1}, {}
        if index["total"] == 0 and not any(backlog.values()):
            return index, backlog, clock()
        if clock() >= deadline:
            return index, backlog, None
        time.sleep(3)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    parser.add_argument("--smoke", action="store_true", help="60 s and a smaller catalog, for CI")
    parser.add_argument("--products", type=int)
    args = parser.parse_args()
    seconds = 60 if args.smoke else args.seconds
    products = args.products or (500 if args.smoke else 2000)
    out = stack.ROOT / "bench" / "results" / "soak" / ("smoke" if args.smoke else "")
    log_dir = stack.STATE / "logs"
    services, app = stack.Services(), stack.App(log_dir)
    try:
        stack.say(f"services of its own: PostgreSQL :{stack.PG_PORT}, Redis :{stack.REDIS_PORT}, "
                  f"Elasticsearch :{stack.ES_HTTP_PORT}-{stack.ES_HTTP_PORT + 1}")
        services.start()
        log_dir.mkdir(parents=True, exist_ok=True)
        stack.say(f"database, {products} products, index")
        pools, staff = prepare(products, restock=8 if args.smoke else 40)
        return run(seconds, products, pools, staff, services, app, out)
    finally:
        stack.say("stopping everything the soak started")
        app.stop()
        services.stop()


def run(seconds, products, pools, staff, services, app, out):
    from django.conf import settings

    from lib.load import SUGGEST_PREFIXES, query_mix
    from lib.soak import faults as faults_module
    from lib.soak import invariants, report
    from lib.soak.client import Client
    from lib.soak.workload import Workload

    app.start()
    reply = Client(stack.API_PORT).request("POST", "/api/auth/token/",
                                           data={"username": staff["username"], "password": staff["password"]})
    staff["token"] = reply.json()["token"]
    started_at, t0 = time.strftime("%Y-%m-%d %H:%M:%S %Z"), time.monotonic()
    clock = lambda: time.monotonic() - t0  # noqa: E731
    sampler = faults_module.BacklogSampler(stack.DATABASE_URL, clock)
    workload = Workload(stack.API_PORT, clock, pools, staff, query_mix(), SUGGEST_PREFIXES)
    faults = faults_module.Faults(services, app, clock, seconds, smoke=seconds <= 60)
    stack.say(f"workload and faults for {seconds} s")
    sampler.start(), workload.start(), faults.start()
    time.sleep(max(0.0, seconds - clock()))
    workload.stop()
    faults.join()
    stack.say(f"workload over at {clock():.0f} s; last fault over at {faults.last_end:.0f} s; converging")
    deadline = faults.last_end + CONVERGENCE_SECONDS
    index, backlog, converged = converge(clock, deadline)
    if converged is None:  # how long it took after all, for the report
        _, _, converged = converge(clock, deadline + 120)
    emails = invariants.emails(stack.EMAIL_DIR, pools["restock"])
    email_deadline = faults.last_end + CONVERGENCE_SECONDS + EMAIL_SWEEP_SECONDS + 10
    while emails["missing"] and clock() < email_deadline:  # left to the scheduled safety net
        time.sleep(5)
        emails = invariants.emails(stack.EMAIL_DIR, pools["restock"])
    emails["all_delivered_after"] = f"{max(0.0, clock() - faults.last_end):.0f} s after the last fault"
    sampler.stop()
    app.stop()  # gunicorn's workers write their last query-log batch on the way out
    windows = sorted(faults.windows, key=lambda w: w["start"])
    found = {
        "writes": invariants.acknowledged_writes(workload.ledger),
        "index": index, "backlog": backlog or invariants.backlog(),
        "emails": emails,
        "query_log": invariants.query_log(workload.search_ids, windows, settings.SEARCH_LOG_BATCH_SECONDS),
        "searches": invariants.searches(workload.samples, windows),
    }
    checks = {
        "acknowledged writes lost": found["writes"]["lost"] == 0,
        "index mismatches after convergence": index["total"] == 0,
        "emails missing or duplicated": found["emails"]["missing"] == found["emails"]["duplicates"]
        == found["emails"]["unexpected"] == 0,
        "outbox not empty": not any(found["backlog"].values()),
        "query log losses unexplained": found["query_log"]["unexplained"] == 0,
        "search errors outside fault windows": found["searches"]["outside"]["errors"] == 0,
        "faults not inflicted": not faults.errors,
    }
    failed = [name for name, ok in checks.items() if not ok]
    results = {
        "started": started_at, "seconds": seconds, "products": products, "passed": not failed, "failed": failed,
        "ports": {"postgres": stack.PG_PORT, "redis": stack.REDIS_PORT, "elasticsearch": stack.ES_HTTP_PORT,
                  "api": stack.API_PORT},
        "faults": windows, "fault_errors": faults.errors, "last_fault_end": faults.last_end,
        "convergence": {"deadline_seconds": CONVERGENCE_SECONDS,
                        "converged_after": None if converged is None
                        else f"{max(0.0, converged - faults.last_end):.0f} s after the last fault"},
        "invariants": found,
    }
    report.write(out, results, workload.samples, sampler.samples)
    stack.say(f"{'PASS' if not failed else 'FAIL: ' + ', '.join(failed)}; report in {out / 'report.md'}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
