"""`Email`: the base class of every email the shop sends.

A subclass names its templates and says what goes in them; the base class
renders both parts and the subject in the recipient's language (gettext: one
template per part, its texts translated in locale/) and hands the result to the
durable outbox (delivery.py), which delivers it through Redis Queue or, when
that is off or down, directly.

    class WelcomeEmail(Email):
        template_name = "welcome"     # emails/welcome.html and .txt
        subject = gettext_noop("Welcome")  # translated when rendered; or override get_subject()

        def __init__(self, user):
            self.recipient_list = [user.email]
            self.user = user

        def get_context(self):
            return {"user": self.user}
"""
from collections.abc import Sequence

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext

from common.languages import default_language
from emails import delivery


class Email:
    template_name = ""
    subject = ""
    recipient_list: Sequence[str] = ()
    language: str | None = None
    from_email: str | None = None

    def get_subject(self):
        return gettext(self.subject) if self.subject else ""

    def get_context(self):
        return {}

    def get_recipient_list(self):
        return list(self.recipient_list)

    def get_headers(self):
        """Extra message headers (e.g. List-Unsubscribe)."""
        return {}

    def get_language(self):
        return self.language or default_language()

    def _template(self, extension):
        return get_template(f"emails/{self.template_name}.{extension}")

    def render(self):
        """The message as plain data: subject, text, html, from_email, recipients."""
        if not self.template_name:
            raise NotImplementedError(f"{type(self).__name__} must set template_name")
        with translation.override(self.get_language()):
            context = {"shop_base_url": settings.SHOP_BASE_URL, **self.get_context()}
            return {
                "subject": " ".join(str(self.get_subject()).split()),
                "text": self._template("txt").render(context),
                "html": self._template("html").render(context),
                "from_email": self.from_email or settings.DEFAULT_FROM_EMAIL,
                "recipients": self.get_recipient_list(),
                "headers": self.get_headers(),
            }

    def record(self):
        """Writes the email to the outbox in the current transaction (None without recipients)."""
        message = self.render()
        if not message["recipients"]:
            return None
        return delivery.record(kind=self.template_name, message=message, language=self.get_language())

    def send(self):
        """Records the email now and delivers it once the current transaction commits."""
        outbound = self.record()
        if outbound is not None:
            delivery.dispatch_on_commit([outbound.id])
        return outbound
