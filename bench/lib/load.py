"""Search under load: the API (gunicorn, production settings) vs raw Elasticsearch vs a
Django pass-through (the floor of any Django endpoint) vs the PostgreSQL fallback, with the
same realistic mix of queries, measured by wrk, with each service's CPU per request."""
import json
import os
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.request
from urllib.parse import urlencode, urlsplit

from lib import head_mix
from lib.cpu import cpu_by_service, cpu_seconds
from lib.env import BACKEND, BIN, ROOT, bench_env, elasticsearch_pid, say

# BENCH_PORT_OFFSET moves every port, so two benchmarks (two worktrees) can run on one machine.
PORT_OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "0"))
API_PORT, FALLBACK_PORT, LOG_OFF_PORT, PASSTHROUGH_PORT, LOG_ON_PORT, HEAD_PORT = (
    port + PORT_OFFSET for port in (8181, 8182, 8183, 8184, 8186, 8187))
# The main figures are the uncached API's: every search of the mix reaches Elasticsearch. The
# answer cache is measured on the head-query mix (lib/head_mix.py), by a server of its own.
UNCACHED = {"SEARCH_CACHE_ENABLED": 0}
# As the image runs it (Dockerfile). Measured here, 2, 3, 4 and 6 sync workers (and 2 x 2 threads)
# gave the same throughput within noise on 2 cores; 3 had the lowest p99.
WORKERS = 3
LOG_PAIR_ROUNDS = 5  # query log on/off measured alternately, medians compared
PAIR_ROUNDS = 3  # suggest vs its raw query, our query vs a plain multi_match


def query_mix():
    """(API query params) covering single words, Czech inflections, SKUs, filters, paging, sorting,
    grouped facets (two values of one attribute type: either) and what a query asks beyond its
    words (a price limit, an order, a colour)."""
    from products.models import AttributeValue, Category, Product

    footwear = Category.objects.get(slug="demo-footwear").id
    colours = list(AttributeValue.objects.filter(attribute_type__code="colour").order_by("id")
                   .values_list("id", flat=True)[:2])
    skus = list(Product.objects.filter(is_published=True).order_by("id").values_list("sku", flat=True)[:400:40])
    words = ["bota", "stůl", "hrnek", "bunda", "lampa", "batoh", "košile", "miska"]
    inflected = ["boty", "stoly", "hrnky", "bundy", "botami", "červené boty", "kožené bundy", "cervene boty",
                 "dreveny stul", "modrých hrnků"]
    two_words = ["modrá bota", "dřevěný stůl", "keramický hrnek", "vlněná čepice"]
    mix = [{"q": q} for q in words + inflected + two_words] + [{"q": sku} for sku in skus]
    mix += [
        {"q": "bota", "category": footwear}, {"q": "boty", "price_max": "500"},
        {"q": "stůl", "in_stock": "true"}, {"q": "bunda", "price_min": "100", "price_max": "300"},
        {"q": "bota", "offset": "20"}, {"q": "hrnek", "offset": "100"},
        {"q": "bota", "sort": "price"}, {"q": "lampa", "sort": "newest"},
        {"q": "bota", "attr": ",".join(map(str, colours))},
        {"q": "boty do 1000 Kč"}, {"q": "nejlevnější lampa"}, {"q": "červené tričko pod 500"},
    ]
    return mix


SUGGEST_PREFIXES = ["b", "bo", "bot", "cer", "červ", "stů", "hrn", "kož", "mod", "lam", "bat", "kos", "dre", "vln"]


def _valid(params):
    from search.serializers import ProductSearchParamsSerializer

    serializer = ProductSearchParamsSerializer(data=params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _index_path():
    from search.documents import ProductDocument

    return f"/{ProductDocument._index._name}/_search"


def _elasticsearch_request(params, language):
    """The body the API sends for the first page of `params` (what raw ES is measured with)."""
    from search.queries import product_text_query
    from search.selectors.elastic import product_search_body

    valid = _valid(params)
    return _index_path(), json.dumps(product_search_body(product_text_query(valid["q"], language), valid))


def _plain_multi_match_request(params, language):
    """The same page, filters, sort and facets with one plain multi_match of the text over
    the same fields and boosts: what our ranking features cost Elasticsearch."""
    from search.queries import BOOSTS
    from search.selectors.elastic import product_search_body

    valid = _valid(params)
    query = {"multi_match": {"query": valid["q"],
                             "fields": [f"{name}.{language}^{boost}" for name, boost in BOOSTS.items()]}}
    return _index_path(), json.dumps(product_search_body(query, valid))


def _suggest_request(prefix, language):
    from search.queries import ALWAYS, read_query
    from search.selectors.elastic_suggest import FILTER_PATH, suggest_body
    from search.selectors.suggest_phrases import named_category_ids

    query = read_query(prefix, language, prefix=ALWAYS)
    body = suggest_body(query, named_category_ids(query))
    return f"{_index_path()}?filter_path={','.join(FILTER_PATH)}", json.dumps(body)


def _tsv(path, requests):
    path.write_text("".join(f"{method}\t{target}\t{body}\n" for method, target, body in requests))
    return path


def write_request_files(directory, language="cs"):
    mix = query_mix()
    raw = [_elasticsearch_request(params, language) for params in mix]
    suggest_raw = [("POST", *_suggest_request(prefix, language)) for prefix in SUGGEST_PREFIXES]
    files = {
        "api": _tsv(directory / "api.tsv",
                    [("GET", f"/api/search/products/{language}/?{urlencode(params)}", "") for params in mix]),
        "elasticsearch": _tsv(directory / "es.tsv", [("POST", target, body) for target, body in raw]),
        "passthrough": _tsv(directory / "passthrough.tsv",
                            [("POST", f"/passthrough{target}", body) for target, body in raw]),
        "plain_multi_match": _tsv(directory / "plain.tsv", [("POST", *_plain_multi_match_request(params, language))
                                                            for params in mix]),
        "suggest": _tsv(directory / "suggest.tsv", [("GET", f"/api/search/suggest/{language}/?{urlencode({'q': p})}",
                                                     "") for p in SUGGEST_PREFIXES]),
        "suggest_raw": _tsv(directory / "suggest-es.tsv", suggest_raw),
        "suggest_passthrough": _tsv(directory / "suggest-passthrough.tsv",
                                    [("POST", f"/passthrough{target}", body) for _, target, body in suggest_raw]),
    }
    files.update(head_mix.write_request_files(directory, _tsv, _elasticsearch_request))
    return {**files, "queries": len(mix)}


class Gunicorn:
    """The API as deployed: gunicorn, production settings, DEBUG off."""

    def __init__(self, port, use_elastic, settings_module="config.settings.production", backend_dir=BACKEND,
                 **extra_env):
        env = bench_env(
            DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT=0, SECURE_COOKIES=0, SECURE_HSTS_SECONDS=0,
            USE_ELASTIC=int(use_elastic), **extra_env,
        )
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(WORKERS), "--log-level", "warning"],
            cwd=backend_dir, env=env,
        )
        self._wait_healthy()

    def _wait_healthy(self):
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health/", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn on {self.port} did not become healthy")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def passthrough_server():
    """The floor: the same gunicorn and settings, one view forwarding the raw Elasticsearch
    body (bench/lib/passthrough/)."""
    return Gunicorn(PASSTHROUGH_PORT, True, settings_module="bench_passthrough_settings",
                    PYTHONPATH=str(ROOT / "bench" / "lib" / "passthrough"))


def wrk(url, requests_file, connections, seconds, script="rotate.lua"):
    threads = max(1, min(connections, 2))
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk" / script), url, "--", str(requests_file)],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["throughput_rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def _median(values):
    values = sorted(values)
    return values[len(values) // 2]


def measure_query_log(requests_file, seconds):
    """API p50 at c=8 with the query log on and off: two fresh gunicorns alike but for
    SEARCH_QUERY_LOG, warmed alike, run alternately LOG_PAIR_ROUNDS times; each one's own CPU
    per search (the log's cost, which latency noise cannot hide); entries written counted."""
    from django.conf import settings

    from search.models import SearchLogEntry

    servers = {"off": Gunicorn(LOG_OFF_PORT, True, SEARCH_QUERY_LOG=0, **UNCACHED),
               "on": Gunicorn(LOG_ON_PORT, True, **UNCACHED)}
    try:
        for server in servers.values():
            wrk(server.url, requests_file, 8, max(1, seconds // 2))
        logged_before = SearchLogEntry.objects.count()
        pair = alternating({state: (server.url, requests_file, server) for state, server in servers.items()}, 8,
                           seconds, rounds=LOG_PAIR_ROUNDS)
        time.sleep(2 * settings.SEARCH_LOG_BATCH_SECONDS)  # the writers' last batches
        pair["logged"] = SearchLogEntry.objects.count() - logged_before
    finally:
        for server in servers.values():
            server.stop()
    on, off = pair["on"], pair["off"]
    pair["ratio"] = on["p50_ms"] / off["p50_ms"]
    pair["cpu_ratio"] = on["cpu_ms"]["gunicorn"] / off["cpu_ms"]["gunicorn"]
    pair["rounds"] = LOG_PAIR_ROUNDS
    say(f"  query log on/off   c=8   p50 {on['p50_ms']:.1f} / {off['p50_ms']:.1f} ms (x{pair['ratio']:.3f}); "
        f"gunicorn CPU per search {on['cpu_ms']['gunicorn']:.2f} / {off['cpu_ms']['gunicorn']:.2f} ms "
        f"(x{pair['cpu_ratio']:.3f}); {pair['logged']} of {on['requests']} searches logged")
    return pair


def run(url, requests_file, connections, seconds, server=None):
    """One wrk run, with each service's CPU milliseconds per request while it ran; with a
    `server`, gunicorn's figure is that server's own (its process tree)."""
    before, own = cpu_by_service(), cpu_seconds(server.process.pid) if server else 0.0
    row = wrk(url, requests_file, connections, seconds)
    after, requests = cpu_by_service(), max(1, row["requests"])
    row["cpu_ms"] = {name: 1000 * (after[name] - before[name]) / requests
                     for name in ("gunicorn", "elasticsearch", "postgres")}
    if server:
        row["cpu_ms"]["gunicorn"] = 1000 * (cpu_seconds(server.process.pid) - own) / requests
    return row


def alternating(targets, connections, seconds, rounds=PAIR_ROUNDS):
    """{name: median row} for targets ((url, requests file[, server]) each) run in turn
    `rounds` times, in reverse order every other round, so noise and drift hit them alike."""
    runs = {name: [] for name in targets}
    for round_ in range(rounds):
        names = list(targets) if round_ % 2 == 0 else list(reversed(targets))
        for name in names:
            runs[name].append(run(*targets[name][:2], connections, seconds, *targets[name][2:]))
    return {name: {**{key: _median([row[key] for row in rows]) for key in ("p50_ms", "p95_ms", "p99_ms",
                                                                           "throughput_rps")},
                   "cpu_ms": {service: _median([row["cpu_ms"][service] for row in rows])
                              for service in rows[0]["cpu_ms"]},
                   "requests": sum(row["requests"] for row in rows),
                   "errors": sum(row["errors"] for row in rows), "non_2xx": sum(row["non_2xx"] for row in rows),
                   "rounds": rounds}
            for name, rows in runs.items()}


def _say(name, connections, row):
    cpu = ", ".join(f"{service} {value:.2f}" for service, value in row["cpu_ms"].items())
    say(f"  {name:20} c={connections:<3} p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  "
        f"{row['throughput_rps']:.0f} req/s  non-2xx {row['non_2xx']}  CPU ms/request: {cpu}")


def measure(concurrency_levels, seconds, es_url):
    """Latency, throughput and CPU per request per target and concurrency, all in this one run."""
    directory = __import__("pathlib").Path(tempfile.mkdtemp(prefix="bench-"))
    files = write_request_files(directory)
    api, fallback, passthrough = (Gunicorn(API_PORT, True, **UNCACHED), Gunicorn(FALLBACK_PORT, False),
                                  passthrough_server())
    targets = {
        "api": (f"http://127.0.0.1:{API_PORT}", files["api"]),
        "django pass-through": (f"http://127.0.0.1:{PASSTHROUGH_PORT}", files["passthrough"]),
        "elasticsearch": (es_url, files["elasticsearch"]),
        "postgres_fallback": (f"http://127.0.0.1:{FALLBACK_PORT}", files["api"]),
    }
    results = {name: {} for name in targets}
    try:
        for name, (url, requests_file) in targets.items():
            wrk(url, requests_file, 2, max(1, seconds // 3))  # warm caches and connections
        for connections in concurrency_levels:
            # Interleave targets at each level so machine noise hits them alike.
            for name, (url, requests_file) in targets.items():
                results[name][connections] = run(url, requests_file, connections, seconds)
                _say(name, connections, results[name][connections])
        query_log = measure_query_log(files["api"], max(5, 2 * seconds // 3))
        short = max(3, seconds // 2)
        # Like for like: its own pass-through forwards the suggest's raw body (with its filter_path).
        suggest = alternating({"api": (f"http://127.0.0.1:{API_PORT}", files["suggest"], api),
                               "django pass-through": (passthrough.url, files["suggest_passthrough"], passthrough),
                               "elasticsearch": (es_url, files["suggest_raw"])}, 8, short)
        for name, row in suggest.items():
            _say(f"suggest, {name}", 8, row)
        query_cost = alternating({"our query": (es_url, files["elasticsearch"]),
                                  "plain multi_match": (es_url, files["plain_multi_match"])}, 8, short)
        for name, row in query_cost.items():
            _say(f"ES, {name}", 8, row)
        head = head_mix.measure(files, passthrough, es_url, short)
        paused = _while_paused(urlsplit(es_url).port, lambda: wrk(f"http://127.0.0.1:{API_PORT}", files["api"], 8,
                                                                  seconds))
        say(f"  api, ES paused     c=8   p50 {paused['p50_ms']:.1f} ms  p99 {paused['p99_ms']:.1f} ms  "
            f"slowest {paused['max_ms']:.0f} ms  non-2xx {paused['non_2xx']}")
    finally:
        for server in (api, fallback, passthrough):
            server.stop()
    return {"queries_in_mix": files["queries"], "seconds_per_run": seconds, "targets": results, "suggest": suggest,
            "query_cost": query_cost, "paused_elasticsearch": paused, "query_log": query_log, "head": head}


def _while_paused(port, measure):
    """`measure()` while the Elasticsearch node is paused (SIGSTOP: a hung node, not a refused one).
    As bench/paused.py measures it: the uncached API's 3 workers, warm and on Elasticsearch when
    the node stops, wrk c = 8 from that moment (the searches in flight wait on the hung node)."""
    pid = elasticsearch_pid(port)
    os.kill(pid, signal.SIGSTOP)
    try:
        return measure()
    finally:
        os.kill(pid, signal.SIGCONT)
