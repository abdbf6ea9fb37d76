"""Settings shared by every environment, all read from `config.env`."""
from django.conf.locale import LANG_INFO
from elasticsearch.serializer import OrjsonSerializer

from config.env import BACKEND_DIR, REPO_DIR, env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us (no CDN)
    "django_rq",
    # `search` first: its search_index command wraps the library's.
    "search",
    "django_elasticsearch_dsl",
    "django_elasticsearch_dsl_drf",
    "common",
    "products",
    "emails",
    "storefront",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each request: the admin's from the staff's browser or cookie, the
    # storefront's from ?lang, the API's LANGUAGE_CODE (common/locale.py).
    "common.locale.ShopLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE (the request's) and LANGUAGES (the shop's) for every page.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- PostgreSQL ---------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://eshop:eshop@127.0.0.1:5432/eshop"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Each request is one transaction: a catalog write and its search-sync record
# commit together or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["OPTIONS"] = {
    # Fail fast instead of hanging when PostgreSQL is down.
    "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5),
    "options": f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=30000)}",
    # Options in DATABASE_URL (?sslmode=require, ...) are kept, and win over these defaults.
    **DATABASES["default"].get("OPTIONS", {}),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Languages ----------------------------------------------------------------
# Catalog languages: translated product fields and search analyzers exist for
# each. Adding a language is SHOP_LANGUAGES plus its catalogue in locale/<code>/
# (README "Translations"); English is the source language of every text.
SHOP_LANGUAGES = env.list("SHOP_LANGUAGES", default=["cs", "sk", "en"])
SHOP_DEFAULT_LANGUAGE = env.str("SHOP_DEFAULT_LANGUAGE", default=SHOP_LANGUAGES[0])
# The interface speaks the shop's languages: the storefront the one in ?lang, the admin
# the staff's (LocaleMiddleware). Each named in itself, as the language switch shows it.
_ENDONYMS = {"cs": "Čeština", "sk": "Slovenčina", "en": "English"}
LANGUAGES = [(code, _ENDONYMS.get(code) or LANG_INFO.get(code, {}).get("name_local", code)) for code in SHOP_LANGUAGES]
LOCALE_PATHS = [BACKEND_DIR / "locale"]
# Language of the API's messages and the admin's when the staff's browser asks for none of LANGUAGES.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Prague")
USE_I18N = True
USE_TZ = True

# --- Elasticsearch ------------------------------------------------------------
USE_ELASTIC = env.bool("USE_ELASTIC", default=True)
# Our own signal handlers keep Elasticsearch in sync; on by default with ES.
ELASTIC_SYNC = env.bool("ELASTIC_SYNC", default=USE_ELASTIC)
ELASTICSEARCH_HOSTS = env.list("ELASTICSEARCH_HOSTS", default=["http://127.0.0.1:9200"])
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="eshop")
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
_es_connection = {
    "hosts": ELASTICSEARCH_HOSTS,
    "request_timeout": ELASTICSEARCH_TIMEOUT,
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
ELASTICSEARCH_REQUEST_TIMEOUT = env.float("ELASTICSEARCH_REQUEST_TIMEOUT", default=1.0)
ELASTICSEARCH_BREAKER_FAILURES = env.int("ELASTICSEARCH_BREAKER_FAILURES", default=3)
ELASTICSEARCH_BREAKER_RESET_SECONDS = env.float("ELASTICSEARCH_BREAKER_RESET_SECONDS", default=10.0)
# The library's signal processor is ours: it records changes in an outbox that
# the sync applies after commit (search/indexing/), switched by ELASTIC_SYNC.
# The library's own index updates stay off.
ELASTICSEARCH_DSL_SIGNAL_PROCESSOR = "search.indexing.processor.OutboxSignalProcessor"
ELASTICSEARCH_DSL_AUTOSYNC = False
ELASTICSEARCH_DSL_AUTO_REFRESH = False
# A sync worker's claim on a batch expires after this long, so a crashed
# worker's batch is picked up again by the next one.
SEARCH_SYNC_LEASE_SECONDS = env.int("SEARCH_SYNC_LEASE_SECONDS", default=120)
# A change whose document Elasticsearch rejects this many times is parked: no
# more retries, shown in admin, staff told once per kind of failure.
SEARCH_SYNC_MAX_REJECTIONS = env.int("SEARCH_SYNC_MAX_REJECTIONS", default=5)
# /api/health/ and /api/health/ready/ say "degraded", naming the backlog, when the oldest
# unapplied index change or unsent email is older than this (a stopped worker or sweep).
HEALTH_BACKLOG_MAX_AGE_SECONDS = env.int("HEALTH_BACKLOG_MAX_AGE_SECONDS", default=600)
# Compiled word-form -> lemma dictionaries (search/lexicon.py), built once per
# simplemma version by `manage.py build_lexicon` (or on first use).
SEARCH_LEXICON_DIR = env.str("SEARCH_LEXICON_DIR", default="") or str(REPO_DIR / ".cache" / "lexicon")
# Staff's synonyms and curations are cached per process; other processes see a change
# within this many seconds (the process that saved it at once; search/rules.py).
SEARCH_RULES_RECHECK_SECONDS = env.float("SEARCH_RULES_RECHECK_SECONDS", default=1.0)
# The query log (search/query_log.py): a thread in each web process writes it in batches
# (search/log_writer.py); entries and clicks older than SEARCH_LOG_RETENTION_DAYS are
# deleted by search_log_cleanup.
SEARCH_QUERY_LOG = env.bool("SEARCH_QUERY_LOG", default=True)
# A fallback (PostgreSQL) search statement gives up after this long: a query matching most
# of the catalog is a 503 asking for more words instead of a second of the database's time.
SEARCH_FALLBACK_TIMEOUT_MS = env.int("SEARCH_FALLBACK_TIMEOUT_MS", default=250)
SEARCH_LOG_RETENTION_DAYS = env.int("SEARCH_LOG_RETENTION_DAYS", default=90)
# One batch insert gives up after this long (its notes are kept and tried again).
SEARCH_LOG_WRITE_TIMEOUT_MS = env.int("SEARCH_LOG_WRITE_TIMEOUT_MS", default=500)
# A batch is written once this many notes wait, or this long after the last write.
SEARCH_LOG_BATCH = env.int("SEARCH_LOG_BATCH", default=200)
SEARCH_LOG_BATCH_SECONDS = env.float("SEARCH_LOG_BATCH_SECONDS", default=2.0)
# While PostgreSQL cannot take them, each process keeps at most this many notes (the oldest go first).
SEARCH_LOG_MAX_BUFFERED = env.int("SEARCH_LOG_MAX_BUFFERED", default=10000)

# --- Redis and Redis Queue ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=3.0)
USING_REDIS_QUEUE = env.bool("USING_REDIS_QUEUE", default=True)
# Enqueueing from a web request waits at most this long; after REDIS_BREAKER_FAILURES
# failures in a row the queue is skipped (work runs in-process or stays in
# PostgreSQL) for REDIS_BREAKER_RESET_SECONDS (common/queue.py).
REDIS_REQUEST_TIMEOUT = env.float("REDIS_REQUEST_TIMEOUT", default=0.5)
REDIS_BREAKER_FAILURES = env.int("REDIS_BREAKER_FAILURES", default=1)
REDIS_BREAKER_RESET_SECONDS = env.float("REDIS_BREAKER_RESET_SECONDS", default=10.0)


def redis_url_with_timeouts(url, timeout):
    """django-rq builds clients from the URL alone, so timeouts travel in it."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}socket_connect_timeout={timeout}&socket_timeout={timeout}"


RQ_QUEUES = {
    name: {"URL": redis_url_with_timeouts(REDIS_URL, REDIS_TIMEOUT), "DEFAULT_TIMEOUT": 360}
    for name in ("high", "default", "low")
}

# --- Email --------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@localhost")
EMAIL_FROM = DEFAULT_FROM_EMAIL

# --- Django REST framework and OpenAPI ----------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a refused token a 401, not a 403.
        "common.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Bounded size and nesting: a hostile body is a 413/400, never a 500 (common/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.BoundedJSONParser",
        "common.parsers.BoundedFormParser",
        "common.parsers.BoundedMultiPartParser",
    ],
    # Every endpoint is throttled per client address unless it names its own throttle.
    "DEFAULT_THROTTLE_CLASSES": ["common.throttles.PublicRateThrottle"],
    # Proxies in front of the app that append to X-Forwarded-For: 0 ignores the header
    # (clients talk to us directly), 1 takes the address the one proxy saw, and so on.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-shop catalog API",
    "DESCRIPTION": "Catalog, search (Elasticsearch with PostgreSQL fallback) and staff API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our static files (drf-spectacular-sidecar), not a CDN's @latest.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image from validator.swagger.io (another host, and it would get the schema URL).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# --- Static files -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BACKEND_DIR / "staticfiles"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"elastic_transport": {"level": "WARNING"}},
}

# --- Shop API, emails and alerts ----------------------------------------------
# Links in customer emails point here (the storefront), e.g. <base>/products/<id>/.
SHOP_BASE_URL = env.str("SHOP_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Who hears about a failed scheduled reindex; empty sends nothing.
STAFF_ALERT_EMAILS = env.list("STAFF_ALERT_EMAILS", default=[])
# Back-in-stock confirmation links (double opt-in) expire after this many seconds.
BACK_IN_STOCK_CONFIRM_MAX_AGE = env.int("BACK_IN_STOCK_CONFIRM_MAX_AGE", default=3 * 24 * 3600)
# A queued email whose SMTP send fails is retried by RQ after these many seconds.
EMAIL_RETRY_INTERVALS = [10, 30, 60]
# `send_pending_emails` gives an email up (status failed) after this many attempts.
EMAIL_MAX_ATTEMPTS = 5
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    **REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}),
    "subscriptions": env.str("SUBSCRIPTION_THROTTLE_RATE", default="10/hour"),
    # Per client address and web process (see common/throttles.py).
    "search": env.str("SEARCH_THROTTLE_RATE", default="20/second"),
    "public": env.str("PUBLIC_THROTTLE_RATE", default="20/second"),
    # Logins (token endpoint and admin), counted in the shared throttle cache (common/logins.py):
    # failures per username (refused past it only from addresses that failed), attempts per address.
    "login_username": env.str("LOGIN_THROTTLE_RATE_PER_USERNAME", default="10/hour"),
    "login_address": env.str("LOGIN_THROTTLE_RATE_PER_ADDRESS", default="30/hour"),
}

# --- Logins, passwords and tokens ---------------------------------------------
# An API token is refused (401) this long after it was issued; logging in again issues a new one.
AUTH_TOKEN_LIFETIME_SECONDS = env.int("AUTH_TOKEN_LIFETIME_SECONDS", default=8 * 3600)
# An address a user logged in from stays exempt from that username's failure lockout this long.
LOGIN_KNOWN_ADDRESS_DAYS = env.int("LOGIN_KNOWN_ADDRESS_DAYS", default=30)
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
] if env.bool("PASSWORD_VALIDATION", default=True) else []

# --- Request bounds -----------------------------------------------------------
# Larger bodies are a 413, more form fields a 400, deeper JSON a 400 (common/parsers.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=32)
# `default` stays Django's per-process memory cache; the throttle keeps its
# counters in PostgreSQL (table made by a migration of `emails`), shared by every
# web process and working when Redis is down (see emails/throttles.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "emails_throttle_cache",
    },
}
