"""`Email` rendering: one template per part, translated into the recipient's language (English
when the catalogues lack it), plain data out, no recipients no email."""
import pytest
from django.conf import settings

from emails.base import Email
from emails.models import OutboundEmail


class GreetingEmail(Email):
    template_name = "back_in_stock"
    subject = "  Hello\n again  "

    def __init__(self, recipients, language=None):
        self.recipient_list = recipients
        self.language = language

    def get_context(self):
        return {"title": "Lampa <b>", "url": "https://shop.example.cz/products/1/"}


def test_render_translates_into_the_language_and_escapes_html_only():
    message = GreetingEmail(["jana@example.cz"], language="cs").render()
    assert message["subject"] == "Hello again"
    assert message["recipients"] == ["jana@example.cz"]
    assert message["from_email"] == settings.DEFAULT_FROM_EMAIL
    assert "Dobrá zpráva: Lampa <b> je opět skladem." in message["text"]
    assert "<strong>Lampa &lt;b&gt;</strong>" in message["html"]


def test_a_language_without_translations_reads_english():
    message = GreetingEmail(["jana@example.cz"], language="pl").render()
    assert message["text"].startswith("Good news: Lampa <b> is back in stock.")


def test_a_subclass_must_name_its_template():
    with pytest.raises(NotImplementedError):
        Email().render()


@pytest.mark.django_db
def test_without_recipients_nothing_is_recorded():
    assert GreetingEmail([]).send() is None
    assert not OutboundEmail.objects.exists()
