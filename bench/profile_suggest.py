"""Where a suggest request's CPU goes, in one process: the suggest API and the Django
pass-through forwarding its raw Elasticsearch body, through Django's WSGI handler with
production settings (no gunicorn), over the bench's suggest prefixes.

    set -a; . ./.env; set +a
    .venv/bin/python bench/profile_suggest.py [--rounds 5] [--repeat 20] [--top 45] [--ablate ROUNDS]

Needs the benchmark catalog. Prints the CPU (time.process_time) per request of each, in
alternating rounds, then a cProfile of the API's requests: the cumulative table of our
frames and the libraries' they call (cProfile's per-call overhead inflates code made of
many small calls: compare shares, not absolute milliseconds). `--ablate ROUNDS` instead
measures the API with one piece taken out at a time (PostgreSQL, the health check,
validation, the throttle): what each costs, in CPU per request.
"""
import argparse
import contextlib
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

PROFILE_FILTER = r"backend/|django/(db|core/handlers|middleware|contrib/sessions)|rest_framework|elastic_transport|" \
                 r"elasticsearch/_sync|psycopg|orjson"


def _requests(rows):
    """[(method, path, query, body)] from a request file's (method, target, body) lines."""
    requests = []
    for line in rows.read_text().splitlines():
        method, target, body = line.split("\t", 2)
        parts = urlsplit(target)
        requests.append((method, parts.path, parts.query, body.encode()))
    return requests


def _call(handler, method, path, query, body):
    from io import BytesIO

    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": BytesIO(body), "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    chunks = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{method} {path}?{query}: {statuses[0]}")


def _cpu_per_request(handler, requests, repeat):
    started = time.process_time()
    for _ in range(repeat):
        for request in requests:
            _call(handler, *request)
    return 1000 * (time.process_time() - started) / (repeat * len(requests))


def setup():
    """(WSGI handler, API requests, pass-through requests), warmed."""
    # As gunicorn serves it (bench/lib/load.py Gunicorn): production settings, DEBUG off, with the
    # pass-through's route; the bench's database, index and Redis.
    sys.path[:0] = [str(env.BACKEND), str(env.ROOT / "bench" / "lib" / "passthrough")]
    os.environ.update(env.BENCH_ENV)
    os.environ.update(DJANGO_SETTINGS_MODULE="bench_passthrough_settings", SECRET_KEY=secrets.token_urlsafe(50),
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0",
                      SECURE_HSTS_SECONDS="0", USE_ELASTIC="1", SEARCH_CACHE_ENABLED="0")
    import django

    django.setup()
    from lib import load

    files = load.write_request_files(Path(tempfile.mkdtemp(prefix="bench-profile-")))
    api, passthrough = _requests(files["suggest"]), _requests(files["suggest_passthrough"])
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    for request in api + passthrough:  # warm: connections, per-process caches
        _call(handler, *request)
    return handler, api, passthrough


@contextlib.contextmanager
def _patched(owner, name, value):
    old = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, old)


@contextlib.contextmanager
def _no_health_check():
    from django.db import connection

    old, connection.health_check_enabled = connection.health_check_enabled, False
    try:
        yield
    finally:
        connection.health_check_enabled = old


class _Unvalidated:
    """In place of SuggestParamsSerializer: the text as given, nothing checked."""

    def __init__(self, data):
        self.validated_data = {"q": data.get("q")}

    def is_valid(self, raise_exception=False):
        return True


def _fake_previews(product_ids, language=None):
    return [{"id": pk, "price": Decimal("1.00"), "stock": 1, "title": "x"} for pk in product_ids]


def ablate(handler, api, passthrough, rounds):
    """CPU per request of the API with one piece taken out at a time (monkeypatched here only),
    in short alternating rounds (a loaded host moves a round's figure by a third)."""
    import search.apis.products as views
    import search.selectors.elastic_suggest as elastic_suggest

    variants = {
        "the API as it is": contextlib.nullcontext,
        "without the previews' statement (no PostgreSQL at all)": lambda: _patched(
            elastic_suggest, "published_product_previews", _fake_previews),
        "without the connection health check (SELECT 1)": _no_health_check,
        "without parameter validation": lambda: _patched(views, "SuggestParamsSerializer", _Unvalidated),
        "without the throttle": lambda: _patched(views.SuggestProducts, "throttle_classes", []),
    }
    cpu = {name: [] for name in [*variants, "django pass-through"]}
    for _ in range(rounds):
        for name, variant in variants.items():
            with variant():
                cpu[name].append(_cpu_per_request(handler, api, 2))
        cpu["django pass-through"].append(_cpu_per_request(handler, passthrough, 2))
    whole = statistics.median(cpu["the API as it is"])
    print("| variant | CPU ms / request | the piece costs |\n| --- | --- | --- |")
    for name, values in cpu.items():
        print(f"| {name} | {statistics.median(values):.3f} | {whole - statistics.median(values):+.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the prefixes per round")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--ablate", type=int, default=0, metavar="ROUNDS",
                        help="instead: what each piece costs, the API with it taken out, ROUNDS alternating rounds")
    args = parser.parse_args()
    handler, api, passthrough = setup()
    if args.ablate:
        return ablate(handler, api, passthrough, args.ablate)
    cpu = {"api": [], "django pass-through": []}
    for round_ in range(args.rounds):
        for name in (list(cpu) if round_ % 2 == 0 else list(reversed(cpu))):
            cpu[name].append(_cpu_per_request(handler, api if name == "api" else passthrough, args.repeat))
    for name, values in cpu.items():
        env.say(f"{name}: CPU per request in process {statistics.median(values):.3f} ms "
                f"(rounds {', '.join(f'{value:.3f}' for value in values)})")
    over = statistics.median(cpu["api"]) - statistics.median(cpu["django pass-through"])
    env.say(f"api minus pass-through: {over:+.3f} ms")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    _cpu_per_request(handler, api, args.repeat)
    profiler.disable()
    if os.environ.get("PROFILE_DUMP"):
        profiler.dump_stats(os.environ["PROFILE_DUMP"])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(PROFILE_FILTER, args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
