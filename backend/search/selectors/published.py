"""Answers read straight from the index, checked against PostgreSQL before a shopper
sees them: an unpublished product stays in the index until the sync lands (about a
second), and must not show meanwhile. One primary-key query per page of hits."""
from typing import Any

from products.selectors import published_ids


def _hit_id(hit) -> int | None:
    meta: Any = hit.get("_id") if isinstance(hit, dict) else getattr(getattr(hit, "meta", None), "id", None)
    try:
        return int(meta)
    except (TypeError, ValueError):
        return None


def published_hits(hits):
    """The hits (Elasticsearch DSL hits or raw dicts) whose product is published, in order."""
    hits = list(hits or [])
    shown = published_ids({_hit_id(hit) for hit in hits} - {None})
    return [hit for hit in hits if _hit_id(hit) in shown]


def published_suggestions(payload: dict) -> dict:
    """A completion-suggester answer ({name: [{text, options: [hit, ...]}]}) without unpublished products."""
    entries = [entry for value in payload.values() if isinstance(value, list) for entry in value]
    options = [option for entry in entries for option in entry.get("options", [])]
    shown = published_ids({_hit_id(option) for option in options} - {None})
    for entry in entries:
        entry["options"] = [option for option in entry.get("options", []) if _hit_id(option) in shown]
    return payload
