"""Production settings with one more route: Django forwarding a raw Elasticsearch body.

The benchmark's floor for "Django in front of Elasticsearch": the same
gunicorn, middleware and Elasticsearch client as the search API, and nothing
else (no parameters read, no query built, no PostgreSQL, no serializer).
"""
from config.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "bench_passthrough_urls"
