"""Settings shared by every environment, all read from `config.env`: Django itself here,
each other concern in its own module (imported at the end), as HackSoft lays them out."""
import tempfile
from pathlib import Path

from django.conf.locale import LANG_INFO

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
        # Project-wide overrides: admin/base_site.html adds the staff's language choice.
        "DIRS": [BACKEND_DIR / "templates"],
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The health check without a round trip on a busy connection, and the first read re-sent
    # on a new connection when the old one died (common/pgbackend/base.py).
    DATABASES["default"]["ENGINE"] = "common.pgbackend"
# A connection PostgreSQL has not answered on for this long is pinged before it is used.
DATABASES["default"]["PING_AFTER_IDLE"] = env.float("DATABASE_PING_AFTER_IDLE_SECONDS", default=10.0)
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
# The currency prices are in (ISO 4217): written into exported feeds; an imported feed's
# price in another currency is refused (products/feeds/).
SHOP_CURRENCY = env.str("SHOP_CURRENCY", default="CZK").upper()
# How long /feeds/heureka-<lang>.xml and /feeds/google-<lang>.xml are served from the cache.
FEEDS_CACHE_SECONDS = env.int("FEEDS_CACHE_SECONDS", default=300)
# Where those feeds are cached, one file each (named after the database, so two shops on
# one host keep apart); a feed of 100 000 products is tens of MB, kept off the memory cache.
FEEDS_CACHE_DIR = Path(env.str("FEEDS_CACHE_DIR", default="") or Path(tempfile.gettempdir()) / "eshop-feeds")
# Feeds staff upload in the admin wait under MEDIA_ROOT/feeds/ for the RQ worker (which must
# see the same directory: the compose file shares a volume) and are deleted once imported.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or REPO_DIR / "media")
# An uploaded feed larger than this is refused before it is stored.
FEED_UPLOAD_MAX_MB = env.int("FEED_UPLOAD_MAX_MB", default=200)
# An import whose worker has reported no progress for this long is marked failed (a killed worker).
FEED_IMPORT_STALE_SECONDS = env.int("FEED_IMPORT_STALE_SECONDS", default=600)
# Circuit breakers share what they learned with the host's other processes (the gunicorn
# workers) through a small file each in this directory (common/breaker_state.py); "-"
# keeps each process's own, as does a directory that cannot be written.
_breaker_dir = env.str("BREAKER_STATE_DIR", default="") or str(Path(tempfile.gettempdir()) / "eshop-breakers")
BREAKER_STATE_DIR = None if _breaker_dir == "-" else _breaker_dir
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

# --- Each concern in its own module -------------------------------------------
from config.settings.search import *  # noqa: E402
from config.settings.queue import *  # noqa: E402
from config.settings.email import *  # noqa: E402
from config.settings.api import *  # noqa: E402
from config.settings.security import *  # noqa: E402
