"""Concrete indices behind an alias: clients and sync only ever use the alias.

A rebuild creates `<alias>_<timestamp>`, fills it, and swaps the alias in one
atomic request, so searches never see a missing or half-built index.
"""
from django.utils import timezone

from common.locks import advisory_lock
from search.documents import ProductDocument
from search.index_generation import bump_generation


def client():
    return ProductDocument._get_connection()


def alias():
    return ProductDocument._index._name


def indices_behind_alias():
    es = client()
    if not es.indices.exists_alias(name=alias()):
        return []
    return sorted(es.indices.get_alias(name=alias()))


def create_concrete_index(bulk_loading=False):
    """Creates a new, empty index with the document's mapping; returns its name."""
    name = f"{alias()}_{timezone.now().strftime('%Y%m%d%H%M%S%f')}"
    index = ProductDocument._index.clone(name=name)
    if bulk_loading:
        # No refreshes and no replicas while loading; restored by finish_bulk_loading().
        index.settings(refresh_interval="-1", number_of_replicas=0)
    index.create(using=client())
    return name


def finish_bulk_loading(name):
    settings = ProductDocument._index.to_dict().get("settings", {})
    es = client()
    es.indices.put_settings(
        index=name,
        settings={"refresh_interval": None, "number_of_replicas": settings.get("number_of_replicas", 0)},
    )
    es.indices.refresh(index=name)
    es.cluster.health(index=name, wait_for_status="yellow", timeout="60s")


def point_alias_to(name):
    """Atomically moves the alias to `name`; returns the indices it left."""
    es = client()
    old = [index for index in indices_behind_alias() if index != name]
    actions = [{"add": {"index": name, "alias": alias()}}]
    actions += [{"remove": {"index": index, "alias": alias()}} for index in old]
    if es.indices.exists(index=alias()) and not es.indices.exists_alias(name=alias()):
        # A plain index squatting on the alias name (e.g. made by hand): replace it.
        actions.append({"remove_index": {"index": alias()}})
    es.indices.update_aliases(actions=actions)
    bump_generation("the alias moved")  # another index answers now: no cached answer of the old one
    return old


def delete_indices(names):
    if names:
        client().indices.delete(index=",".join(names), ignore_unavailable=True)


CREATION_LOCK_KEY = 7_405_113_002  # arbitrary constant: "creating the product index"


def creation_lock(*, wait_seconds: float = 0.0):
    """The advisory lock around check-and-create, shared by every host; yields whether it was
    taken within `wait_seconds`."""
    return advisory_lock(CREATION_LOCK_KEY, wait_seconds=wait_seconds)


def ensure_index():
    """Creates an empty index behind the alias if there is none (first start).

    When another process holds the creation lock it is creating the index:
    nothing is done here (the caller's writes are retried later).
    """
    if indices_behind_alias():
        return False
    with creation_lock() as taken:
        if not taken or indices_behind_alias():
            return False
        point_alias_to(create_concrete_index())
    return True
