"""Test settings: never touch dev data.

pytest-django creates its own `test_<name>` database; Elasticsearch indices get
a `test_` prefix and Redis a separate database number, so a test run can wipe
what it made without going near the dev catalog.
"""
from config.env import env
from config.settings.base import *  # noqa: F401,F403
from config.settings.api import REST_FRAMEWORK
from config.settings.queue import REDIS_RQ_TIMEOUT, RQ_QUEUES, redis_url_with_timeouts
from config.settings.search import ELASTICSEARCH_INDEX_PREFIX

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ELASTICSEARCH_INDEX_PREFIX = f"test_{ELASTICSEARCH_INDEX_PREFIX}"
REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
for _queue in RQ_QUEUES.values():
    _queue["URL"] = redis_url_with_timeouts(REDIS_URL, REDIS_RQ_TIMEOUT)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests fire searches back to back from one address; throttle tests set their own rate.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "search": "100000/second", "public": "100000/second",
        "login_username": "100000/second", "login_address": "100000/second",
    },
}
# The query log's writer takes each note at once; tests that read the log back wait for it
# (the `query_log` fixture).
SEARCH_LOG_BATCH = 1
SEARCH_LOG_BATCH_SECONDS = 0.05
# Most tests index documents directly, with no sync batch to move the index generation on: a
# cached answer from an earlier test would outlive them. The cache's own tests switch it on.
SEARCH_CACHE_ENABLED = False
