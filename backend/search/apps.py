from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Elasticsearch documents, analyzers, sync and search APIs."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from common.health import register_backlog, register_details
        from search import schema, signals  # noqa: F401  (schema registers OpenAPI extensions)
        from search.selectors.sync import oldest_pending_change_age, sync_health

        signals.connect()
        register_details("elasticsearch", sync_health)
        register_backlog("search_sync_backlog", oldest_pending_change_age)
