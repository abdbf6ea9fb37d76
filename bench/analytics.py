"""Times the search analytics dashboard (Search → Analytics) over 1 000 000 logged searches.

    set -a; . ./.env; set +a; .venv/bin/python bench/analytics.py [--searches 1000000] [--refill]

Fills the bench database's query log (BENCH_NAME, bench/lib/env.py) in two SQL statements,
INSERT ... SELECT generate_series: searches over the last 90 days in cs/sk/en, Zipf-like queries
(about 8 % of them find nothing), 10 % later pages, inserted in time order as the log is, and
one click for ~30 % of the searches that found something (a second for some). Then times each
table's selector, the whole page and each CSV export as a superuser sees them, for the default
period (30 days), the whole 90 days and one language: first from the log alone, then after the
daily roll-up (timed too), and writes bench/results/analytics/report.md and results.json. Goal:
≤ 1 s each.
"""
import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

OUT = env.ROOT / "bench" / "results" / "analytics"
GOAL_SECONDS = 1.0
REPEAT = 3
DAYS = 90

FILL_SEARCHES = """
    INSERT INTO search_searchlogentry (search_id, created_at, language, query, results, backend, "offset",
                                       shopper, network)
    SELECT md5('search' || i)::uuid,
           now() - (random() * interval '{days} days'),
           CASE WHEN r < 0.6 THEN 'cs' WHEN r < 0.85 THEN 'sk' ELSE 'en' END,
           'query ' || q,
           CASE WHEN q %% 12 = 5 THEN 0 ELSE 1 + (q * 37) %% 400 END,
           'elasticsearch',
           CASE WHEN random() < 0.1 THEN 20 ELSE 0 END,
           substr(md5('shopper' || (i %% 50000)), 1, 32),
           ''
    FROM (SELECT i, random() AS r, floor(5000 * power(random(), 3))::int AS q
          FROM generate_series(1, %s) AS i) AS s
    ORDER BY 2  -- in time order, as searches are logged: a day's rows sit together on disk
"""
FILL_CLICKS = """
    INSERT INTO search_searchclick (search_id, created_at, product_id, position)
    SELECT search_id, created_at + interval '20 seconds',
           1 + (hashtext(query) & 1023) * 8 + floor(5 * power(random(), 2))::int,
           1 + floor(12 * power(random(), 2))::int
    FROM (SELECT search_id, created_at, query, random() AS r FROM search_searchlogentry WHERE results > 0
          OFFSET 0) AS e, generate_series(1, 2) AS n
    WHERE r < CASE WHEN n = 1 THEN 0.33 ELSE 0.03 END
"""


def fill(count):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # the fill only; the app's timeout stays for the timings
        cursor.execute("TRUNCATE search_searchlogentry, search_searchclick")
        cursor.execute("SELECT setseed(0.42)")
        started = time.perf_counter()
        cursor.execute(FILL_SEARCHES.format(days=DAYS), [count])
        cursor.execute(FILL_CLICKS)
        cursor.execute("ANALYZE search_searchlogentry")
        cursor.execute("ANALYZE search_searchclick")
        cursor.execute("RESET statement_timeout")
        return time.perf_counter() - started


def counts():
    from django.db.models import Count, Exists, OuterRef, Q

    from search.models import SearchClick, SearchLogEntry

    first = SearchLogEntry.objects.filter(offset=0)
    clicked = SearchClick.objects.filter(search_id=OuterRef("search_id"))
    return {"searches": SearchLogEntry.objects.count(), "first_pages": first.count(),
            "clicks": SearchClick.objects.count(),
            "clicked_first_pages": first.aggregate(n=Count("id", filter=Exists(clicked)))["n"],
            "zero_result_first_pages": first.filter(results=0).count(),
            "languages": dict(SearchLogEntry.objects.values_list("language").annotate(n=Count("id")).filter(~Q(n=0)))}


def timed(call):
    seconds = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return {"median": round(statistics.median(seconds), 3), "max": round(max(seconds), 3)}


def roll_up_all():
    """Empties the roll-up, then rolls every day up to yesterday, as the first hourly run would."""
    from search.analytics_rollup import roll_up
    from search.models import AnalyticsRollup, SearchDay, SearchDayClick

    AnalyticsRollup.objects.all().delete()
    SearchDay.objects.all().delete()
    SearchDayClick.objects.all().delete()
    started = time.perf_counter()
    roll_up()
    return {"seconds": round(time.perf_counter() - started, 1), "query_days": SearchDay.objects.count(),
            "click_days": SearchDayClick.objects.count()}


def redo_roll_up():
    """An hourly run: the last two rolled days again (late clicks)."""
    from search.analytics_rollup import roll_up

    started = time.perf_counter()
    roll_up()
    return round(time.perf_counter() - started, 1)


def clear_roll_up():
    from search.models import AnalyticsRollup

    AnalyticsRollup.objects.all().delete()


def measure():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from search.admin_analytics import TABLES
    from search.selectors import analytics

    user, _created = get_user_model().objects.get_or_create(username="bench-analytics", defaults={
        "is_staff": True, "is_superuser": True})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    today = timezone.localdate()
    periods = {
        "default 30 days": analytics.Period(since=today - timedelta(days=29), until=today),
        f"all {DAYS} days": analytics.Period(since=today - timedelta(days=DAYS), until=today),
        f"all {DAYS} days, cs": analytics.Period(since=today - timedelta(days=DAYS), until=today, language="cs"),
    }
    results = {}
    for name, period in periods.items():
        params = {"since": period.since.isoformat(), "until": period.until.isoformat(),
                  "language": period.language or ""}

        def page(extra=None, params=params):
            response = client.get("/admin/search/searchanalytics/", {**params, **(extra or {})})
            assert response.status_code == 200, response.status_code
            return response

        rows = {"searches in period": analytics.summary(period)["searches"]}
        rows["daily (chart data)"] = timed(lambda: analytics.daily(period))
        rows["summary (click-through, mean position)"] = timed(lambda: analytics.summary(period))
        for key, (_heading, selector, _columns) in TABLES.items():
            rows[f"table {key}"] = timed(lambda selector=selector: selector(period, limit=50))
        rows["whole page"] = timed(page)
        for key in TABLES:
            rows[f"CSV {key}"] = timed(lambda key=key: page({"export": key}))
        results[name] = rows
        env.say(f"{name}: {json.dumps(rows)}")
    return results


def report(figures, fill_seconds, results, live, rollup):
    lines = ["# Search analytics dashboard: timings", "",
             f"{figures['searches']:,} logged searches ({figures['first_pages']:,} first pages, "
             f"{figures['zero_result_first_pages']:,} of them zero-result) over {DAYS} days, "
             f"{figures['clicks']:,} clicks ({figures['clicked_first_pages']:,} first pages clicked); "
             f"languages {figures['languages']}. "
             + (f"Filled in {fill_seconds:.1f} s (INSERT ... SELECT generate_series)." if fill_seconds
                else "Filled by an earlier run (`--refill` to fill again)."),
             "", f"Seconds, median and max of {REPEAT} runs, in-process (Django test client as a superuser, "
             f"DEBUG off, PostgreSQL on loopback, 2 shared cores). Goal: ≤ {GOAL_SECONDS} s each.", "",
             f"Roll-up (`search_analytics_rollup`) of every day to yesterday: {rollup['seconds']} s, "
             f"{rollup['query_days']:,} (day, language, query) rows and {rollup['click_days']:,} (day, language, "
             f"query, product) rows; an hourly run (the last two days again) {rollup['hourly_run_seconds']} s.",
             "The tables below read rolled-up days from the roll-up and today from the log (as the dashboard "
             "does once the job has run).", ""]
    worst = 0.0
    for name, rows in results.items():
        lines += [f"## {name} ({rows['searches in period']:,} searches)", "", "| what | median s | max s |",
                  "| --- | ---: | ---: |"]
        for what, timing in rows.items():
            if isinstance(timing, dict):
                worst = max(worst, timing["max"])
                lines.append(f"| {what} | {timing['median']:.3f} | {timing['max']:.3f} |")
        lines.append("")
    verdict = "met" if worst <= GOAL_SECONDS else "NOT met"
    lines += [f"Slowest single run: {worst:.3f} s: goal {verdict}.", "",
              "## Without the roll-up (every day read from the log), whole page", "",
              "| period | searches | median s | max s |", "| --- | ---: | ---: | ---: |"]
    for name, rows in live.items():
        lines.append(f"| {name} | {rows['searches in period']:,} | {rows['whole page']['median']:.3f} | "
                     f"{rows['whole page']['max']:.3f} |")
    lines.append("")
    return "\n".join(lines), worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--refill", action="store_true", help="refill even when the log already has the count")
    args = parser.parse_args()
    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from search.models import SearchLogEntry

    fill_seconds = 0.0
    if args.refill or SearchLogEntry.objects.count() != args.searches:
        env.say(f"filling {args.searches:,} searches")
        fill_seconds = fill(args.searches)
        env.say(f"filled in {fill_seconds:.1f} s")
    figures = counts()
    clear_roll_up()
    env.say("from the log alone")
    live = measure()
    rollup = roll_up_all()
    rollup["hourly_run_seconds"] = redo_roll_up()
    env.say(f"rolled up: {rollup}")
    results = measure()
    text, worst = report(figures, fill_seconds, results, live, rollup)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.md").write_text(text)
    (OUT / "results.json").write_text(json.dumps({"log": figures, "fill_seconds": round(fill_seconds, 1),
                                                  "goal_seconds": GOAL_SECONDS, "slowest_seconds": worst,
                                                  "rollup": rollup, "timings": results,
                                                  "timings_without_rollup": live}, indent=2, default=str) + "\n")
    print(text)


if __name__ == "__main__":
    main()
