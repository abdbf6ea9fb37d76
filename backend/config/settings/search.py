"""Search: the Elasticsearch connection, the request path's limits, the index sync and the
search features (lexicon, staff rules, query log, PostgreSQL fallback)."""
from elasticsearch.serializer import OrjsonSerializer

from config.env import REPO_DIR, env

# --- Elasticsearch ------------------------------------------------------------
USE_ELASTIC = env.bool("USE_ELASTIC", default=True)
# Our own signal handlers keep Elasticsearch in sync; on by default with ES.
ELASTIC_SYNC = env.bool("ELASTIC_SYNC", default=USE_ELASTIC)
ELASTICSEARCH_HOSTS = env.list("ELASTICSEARCH_HOSTS", default=["http://127.0.0.1:9200"])
# Writers (index writes, the sync worker, rebuilds, commands): the default client's timeout.
ELASTICSEARCH_WRITE_TIMEOUT = env.float("ELASTICSEARCH_WRITE_TIMEOUT", default=5.0)
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="eshop")
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
_es_connection = {
    "hosts": ELASTICSEARCH_HOSTS,
    "request_timeout": ELASTICSEARCH_WRITE_TIMEOUT,
    # With several hosts a failed node is retried on the next one.
    "retry_on_timeout": True,
    "max_retries": env.int("ELASTICSEARCH_MAX_RETRIES", default=2),
    # Requests and answers (de)serialized by orjson: about a third of the client's CPU per search.
    "serializer": OrjsonSerializer(),
}
if env.str("ELASTICSEARCH_USERNAME", default=""):
    _es_connection["basic_auth"] = (
        env.str("ELASTICSEARCH_USERNAME"),
        env.str("ELASTICSEARCH_PASSWORD", default=""),
    )
if env.str("ELASTICSEARCH_CA_CERTS", default=""):
    _es_connection["ca_certs"] = env.str("ELASTICSEARCH_CA_CERTS")
_es_connection["verify_certs"] = env.bool("ELASTICSEARCH_VERIFY_CERTS", default=True)
ELASTICSEARCH_DSL = {"default": _es_connection}
# The request path (searches, suggestions, the DSL endpoint) waits at most this
# long, never retries, and stops asking for ELASTICSEARCH_BREAKER_RESET_SECONDS
# after ELASTICSEARCH_BREAKER_FAILURES failures in a row (search/clients.py).
ELASTICSEARCH_SEARCH_TIMEOUT = env.float("ELASTICSEARCH_SEARCH_TIMEOUT", default=1.0)
ELASTICSEARCH_BREAKER_FAILURES = env.int("ELASTICSEARCH_BREAKER_FAILURES", default=3)
ELASTICSEARCH_BREAKER_RESET_SECONDS = env.float("ELASTICSEARCH_BREAKER_RESET_SECONDS", default=10.0)
# A request-path call with no answer after ELASTICSEARCH_LIVENESS_AFTER seconds asks the node
# a HEAD / with ELASTICSEARCH_LIVENESS_TIMEOUT: answered, it waits on (a slow node); not, it
# gives up at once (a hung one) instead of waiting out the timeout (search/watched_node.py).
# 0 turns the check off.
ELASTICSEARCH_LIVENESS_AFTER = env.float("ELASTICSEARCH_LIVENESS_AFTER", default=0.2)
ELASTICSEARCH_LIVENESS_TIMEOUT = env.float("ELASTICSEARCH_LIVENESS_TIMEOUT", default=0.15)

# --- Index sync and search features -------------------------------------------
# The library's signal processor is ours: it records changes in an outbox that
# the sync applies after commit (search/indexing/), switched by ELASTIC_SYNC.
# The library's own index updates stay off.
ELASTICSEARCH_DSL_SIGNAL_PROCESSOR = "search.indexing.processor.OutboxSignalProcessor"
ELASTICSEARCH_DSL_AUTOSYNC = False
ELASTICSEARCH_DSL_AUTO_REFRESH = False
# A sync worker's claim on a batch expires after this long, so a crashed
# worker's batch is picked up again by the next one (a retry is scheduled for the expiry).
# A batch's Elasticsearch time is bounded by ELASTICSEARCH_WRITE_TIMEOUT x (retries + 1),
# 15 s by default; one that overruns its lease is at worst applied twice, harmlessly
# (external versions). 120 s kept the index behind for minutes after a crash (make soak).
SEARCH_SYNC_LEASE_SECONDS = env.int("SEARCH_SYNC_LEASE_SECONDS", default=30)
# A change whose document Elasticsearch rejects this many times is parked: no
# more retries, shown in admin, staff told once per kind of failure.
SEARCH_SYNC_MAX_REJECTIONS = env.int("SEARCH_SYNC_MAX_REJECTIONS", default=5)
# Compiled word-form -> lemma dictionaries (search/lexicon.py), built once per
# simplemma version by `manage.py build_lexicon` (or on first use).
SEARCH_LEXICON_DIR = env.str("SEARCH_LEXICON_DIR", default="") or str(REPO_DIR / ".cache" / "lexicon")
# A query word also matches its word family (ocel -> ocelový; search/word_families.py). Off: the
# word's own lemmas only (measures what the families cost: bench/request_cost.py --compare-env).
SEARCH_WORD_FAMILIES = env.bool("SEARCH_WORD_FAMILIES", default=True)
# Staff's synonyms, curations and rules are cached per process; other processes see a change
# within this many seconds (the process that saved it at once; search/rules.py).
SEARCH_RULES_RECHECK_SECONDS = env.float("SEARCH_RULES_RECHECK_SECONDS", default=1.0)
# Hosts a search rule's redirect or banner link may send shoppers to over https (besides
# any path on this site); any other host is refused in the admin (search/rule_links.py).
SEARCH_REDIRECT_HOSTS = env.list("SEARCH_REDIRECT_HOSTS", default=[])
# The query log (search/query_log.py): a thread in each web process writes it in batches
# (search/log_writer.py); entries and clicks older than SEARCH_LOG_RETENTION_DAYS are
# deleted by search_log_cleanup.
SEARCH_QUERY_LOG = env.bool("SEARCH_QUERY_LOG", default=True)
# A fallback (PostgreSQL) search statement gives up after this long: a query matching most
# of the catalog is a 503 asking for more words instead of a second of the database's time.
SEARCH_FALLBACK_TIMEOUT_MS = env.int("SEARCH_FALLBACK_TIMEOUT_MS", default=250)
SEARCH_LOG_RETENTION_DAYS = env.int("SEARCH_LOG_RETENTION_DAYS", default=90)
# A search is offered as a completion to others only once this many distinct shoppers from this many
# distinct networks made it (and it found something): one shopper's private text is never shown to another
# (search/suggest_rollup.py).
SEARCH_SUGGEST_MIN_SHOPPERS = env.int("SEARCH_SUGGEST_MIN_SHOPPERS", default=3)
# One batch insert gives up after this long (its notes are kept and tried again).
SEARCH_LOG_WRITE_TIMEOUT_MS = env.int("SEARCH_LOG_WRITE_TIMEOUT_MS", default=500)
# A batch is written once this many notes wait, or this long after the last write.
SEARCH_LOG_BATCH = env.int("SEARCH_LOG_BATCH", default=200)
SEARCH_LOG_BATCH_SECONDS = env.float("SEARCH_LOG_BATCH_SECONDS", default=2.0)
# While PostgreSQL cannot take them, each process keeps at most this many notes (the oldest go first).
SEARCH_LOG_MAX_BUFFERED = env.int("SEARCH_LOG_MAX_BUFFERED", default=10000)
# Ranking that learns from clicks (search/popularity.py, rolled up by search_popularity_rollup):
# each product's clicks over the clicks an average product would have had where it was shown,
# smoothed toward average by SEARCH_POPULARITY_PRIOR expected clicks, clicks losing half their
# weight every SEARCH_POPULARITY_HALF_LIFE_DAYS. Relevance order multiplies each score by
# 1 + SEARCH_POPULARITY_WEIGHT x popularity (0..1, 0.5 average): at most that much higher.
SEARCH_POPULARITY_ENABLED = env.bool("SEARCH_POPULARITY_ENABLED", default=True)
SEARCH_POPULARITY_WEIGHT = env.float("SEARCH_POPULARITY_WEIGHT", default=0.2)
SEARCH_POPULARITY_PRIOR = env.float("SEARCH_POPULARITY_PRIOR", default=5.0)
SEARCH_POPULARITY_HALF_LIFE_DAYS = env.float("SEARCH_POPULARITY_HALF_LIFE_DAYS", default=14.0)
# Elasticsearch's answers to searches (ids, total, facets, a correction; never price, stock or
# published state) are cached per index generation, which every sync batch, rebuild and staff
# rule change moves on (search/selectors/answer_cache.py, search/index_generation.py).
SEARCH_CACHE_ENABLED = env.bool("SEARCH_CACHE_ENABLED", default=True)
SEARCH_CACHE_SECONDS = env.float("SEARCH_CACHE_SECONDS", default=60.0)
# "process" (an LRU of SEARCH_CACHE_SIZE answers in each process; no round trip on a hit) or "redis"
# (one cache every process shares, one round trip per search): bench/results/head_cache/.
SEARCH_CACHE_STORE = env.str("SEARCH_CACHE_STORE", default="process")
SEARCH_CACHE_SIZE = env.int("SEARCH_CACHE_SIZE", default=5000)
# The cache's Redis answers within this long, or the search goes on without it.
SEARCH_CACHE_REDIS_TIMEOUT = env.float("SEARCH_CACHE_REDIS_TIMEOUT", default=0.1)
# With the process store, each process reads the index generation from Redis at most this often
# (0: every search); other processes see a bump that much later, the one that bumped it at once.
SEARCH_CACHE_GENERATION_SECONDS = env.float("SEARCH_CACHE_GENERATION_SECONDS", default=0.25)
