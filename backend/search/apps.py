from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Elasticsearch documents, analyzers, sync and search APIs."""

    name = "search"

    def ready(self):
        from search import schema, signals  # noqa: F401  (schema registers OpenAPI extensions)

        signals.connect()
