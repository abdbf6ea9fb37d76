from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailsConfig(AppConfig):
    name = "emails"
    verbose_name = _("Emails")

    def ready(self):
        from common.health import register_backlog
        from emails import signals
        from emails.selectors import oldest_pending_email_age

        signals.connect()
        register_backlog("email_backlog", oldest_pending_email_age)
