from django.apps import AppConfig


class EmailsConfig(AppConfig):
    name = "emails"

    def ready(self):
        from emails import signals

        signals.connect()
