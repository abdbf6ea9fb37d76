"""A product coming back in stock emails its subscribers exactly once, whatever saves it,
and the save succeeds without losing an email even when Redis is down."""
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from emails.models import BackInStockSubscription, OutboundEmail
from emails.tests.helpers import FAILING_SMTP, run_email_worker, subscribe_confirmed
from products.models import Product
from products.tests.factories import make_product
from products.tests.users import EDITOR_PERMISSIONS, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBERS = [("cs@example.cz", "cs"), ("sk@example.sk", "sk"), ("en@example.com", "en")]


@pytest.fixture
def sold_out(settings):
    settings.SHOP_BASE_URL = "https://shop.example.cz"
    product = make_product({"cs": "Kozačka", "sk": "Čižma", "en": "Boot"}, stock=0)
    for address, language in SUBSCRIBERS:
        subscribe_confirmed(product=product, email=address, language=language)
    return product


def _set_stock(product, stock):
    product.stock = stock
    product.save()


def _sent():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


EXPECTED = [
    ("cs@example.cz", "Kozačka je opět skladem"),
    ("en@example.com", "Boot is back in stock"),
    ("sk@example.sk", "Čižma je opäť na sklade"),
]


@pytest.mark.usefixtures("direct_emails")
def test_0_to_5_emails_each_subscriber_once_and_later_saves_send_nothing(sold_out):
    _set_stock(sold_out, 5)
    assert _sent() == EXPECTED
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Čižma" in by_address["sk@example.sk"].body
    assert f"https://shop.example.cz/products/{sold_out.id}/" in by_address["en@example.com"].body
    assert not BackInStockSubscription.objects.filter(notified_at__isnull=True).exists()
    _set_stock(sold_out, 6)
    _set_stock(sold_out, 6)
    sold_out.save()
    assert len(mail.outbox) == 3


@pytest.mark.usefixtures("direct_emails")
def test_a_rolled_back_restock_emails_nobody(sold_out):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            _set_stock(sold_out, 5)
            raise RuntimeError("the restock fails")
    assert mail.outbox == [] and not OutboundEmail.objects.exists()
    assert BackInStockSubscription.objects.filter(notified_at__isnull=True).count() == 3


@pytest.mark.usefixtures("direct_emails")
def test_selling_out_and_restocking_again_emails_only_new_subscribers(sold_out):
    _set_stock(sold_out, 5)
    _set_stock(sold_out, 0)
    subscribe_confirmed(product=sold_out, email="late@example.cz", language="cs")
    _set_stock(sold_out, 1)
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == ["late@example.cz"]


def test_a_restock_through_the_staff_api_is_delivered_by_the_worker(queued_emails, sold_out):
    editor = APIClient()
    editor.force_authenticate(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    response = editor.patch(f"/api/staff/products/{sold_out.id}/", {"stock": 5}, format="json")
    assert response.status_code == 200
    assert queued_emails.count == 3 and mail.outbox == []
    run_email_worker()
    assert _sent() == EXPECTED
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_redis_down_the_restock_request_succeeds_and_the_emails_go_directly(redis_down, sold_out):
    editor = APIClient()
    editor.force_authenticate(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    response = editor.patch(f"/api/staff/products/{sold_out.id}/", {"stock": 5}, format="json")
    assert response.status_code == 200 and response.json()["stock"] == 5
    assert _sent() == EXPECTED


def test_redis_and_smtp_down_the_request_succeeds_and_cron_delivers_later(redis_down, settings, sold_out):
    settings.EMAIL_BACKEND = FAILING_SMTP
    editor = APIClient()
    editor.force_authenticate(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    response = editor.patch(f"/api/staff/products/{sold_out.id}/", {"stock": 5}, format="json")
    assert response.status_code == 200
    assert list(OutboundEmail.objects.values_list("status", flat=True)) == ["pending"] * 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_emails")
    assert _sent() == EXPECTED


@pytest.mark.usefixtures("direct_emails")
def test_only_a_transition_from_0_notifies_even_if_someone_still_waits(sold_out):
    Product.objects.filter(pk=sold_out.pk).update(stock=5)  # bulk update: no signal, nobody emailed
    sold_out.refresh_from_db()
    _set_stock(sold_out, 6)
    sold_out.save()
    assert mail.outbox == []
    assert BackInStockSubscription.objects.filter(notified_at__isnull=True).count() == 3
