"""How a product gets into (and out of) the search index: one package, in the order it happens.

1. `processor.py`: django-elasticsearch-dsl's signal processor
   (ELASTICSEARCH_DSL_SIGNAL_PROCESSOR) is ours: it hears the signals of the
   models search/documents.py declares feed the document (`related_models`,
   `products_fed_by`) and `products.signals.products_changed`;
2. `outbox.py`: records which products changed, in the write's transaction;
3. `jobs.py`: after commit, an RQ job (or, without Redis, the same work in-process);
4. `sync.py`: applies recorded changes to Elasticsearch, with retries and backoff;
5. `rebuild.py`: the whole index rebuilt behind the alias (cron, operators);
   `indices.py`: the alias and the concrete indices behind it;
   `alerts.py`: staff are emailed when a rebuild fails.
"""
