"""Index names from settings: `<prefix>_<name>` is the alias clients use."""
from django.conf import settings


def alias_name(name):
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{name}"


def index_settings():
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        # Deleted documents' versions are kept this long, so a late stale write
        # (older version) cannot resurrect a deleted product.
        "gc_deletes": "1h",
    }
