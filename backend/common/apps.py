from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Cross-cutting pieces: health checks and API error mapping."""

    name = "common"
