"""The whole category tree in memory: two queries, then paths for any category.

Catalogs have few categories and many products, so building documents loads
the tree once instead of walking parents per product. Reads made on every
request (search facets, the PostgreSQL fallback's category filter, product
pages) use `cached_category_tree()`: the tree as this process last read it,
at most CACHE_SECONDS old and dropped at once in a process that saves a
category (products/signals.py). Writers (the index outbox, documents) read
it fresh.
"""
from functools import lru_cache

from common.process_cache import TimedCache
from products.models import Category

CACHE_SECONDS = 60
_cached = TimedCache(CACHE_SECONDS)


class CategoryTree:
    def __init__(self):
        self._categories = {
            category.id: category
            for category in Category.objects.prefetch_related("translations")
        }
        self._children: dict[int | None, list[Category]] = {}
        for category in self._categories.values():  # in the catalog's order (sort_order, id)
            self._children.setdefault(category.parent_id, []).append(category)
        self.path_name = lru_cache(maxsize=None)(self._path_name)

    def _path_name(self, category_id, language):
        """"Root / Child / Leaf" in `language`."""
        return " / ".join(node.name(language) for node in self.path(category_id))

    def path(self, category_id):
        """Categories from the root down to `category_id` (empty for None)."""
        path, seen = [], set()
        while category_id is not None and category_id not in seen:
            seen.add(category_id)
            category = self._categories.get(category_id)
            if category is None:
                break
            path.append(category)
            category_id = category.parent_id
        return list(reversed(path))

    def categories(self):
        """Every category, in the catalog's order."""
        return list(self._categories.values())

    def children(self, category_id):
        """The categories right below `category_id` (the top level for None), in the catalog's order."""
        return list(self._children.get(category_id, []))

    def descendant_ids(self, category_id):
        """`category_id` and every category below it."""
        found, stack = [], [category_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(child.id for child in self._children.get(current, []))
        return found


def cached_category_tree() -> CategoryTree:
    return _cached.get("tree", CategoryTree)


def forget_category_tree(**kwargs) -> None:
    """A category or its name changed: the next read in this process reads the tree again."""
    _cached.forget()
