"""Makes django-elasticsearch-dsl-drf 0.22.5 work on the pinned Elasticsearch 8 stack.

Since elasticsearch-dsl 8.18 the DSL lives inside the `elasticsearch` client
(`elasticsearch.dsl`; `elasticsearch_dsl` is a thin alias). Two things the DRF
package relies on are gone from it:

- `elasticsearch_dsl.__version__`: the package reads it to pick code paths
  and, finding none, silently assumes Elasticsearch 2.0 (e.g. its suggest
  action then calls `Search.execute_suggest()`, which no longer exists);
- `elasticsearch_dsl.search.AggsProxy`, moved to `search_base`: imported by
  the package's utils and suggester backend, so importing it fails outright.

Import this module before anything from django_elasticsearch_dsl_drf.
"""
import elasticsearch_dsl
from elasticsearch.dsl import search, search_base

if not hasattr(elasticsearch_dsl, "__version__"):
    elasticsearch_dsl.__version__ = elasticsearch_dsl.VERSION
if not hasattr(search, "AggsProxy"):
    search.AggsProxy = search_base.AggsProxy
