"""Back-in-stock subscriptions and notifications, and the staff reindex alert."""
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from emails.models import BackInStockSubscription
from emails.services import notify_back_in_stock, subscribe_back_in_stock
from products.models import Product
from products.tests.factories import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("direct_emails")]


def test_subscribe_once_per_address_and_product_case_insensitively():
    product = make_product(stock=0)
    subscription, created = subscribe_back_in_stock(product=product, email=" Jana@Example.cz ", language="sk")
    assert created and (subscription.email, subscription.language) == ("jana@example.cz", "sk")
    again, created = subscribe_back_in_stock(product=product, email="JANA@example.cz", language="cs")
    assert not created and again.pk == subscription.pk and again.language == "sk"


def test_a_notified_subscription_can_be_renewed():
    product = make_product(stock=0)
    subscription, _ = subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    BackInStockSubscription.objects.filter(pk=subscription.pk).update(notified_at=timezone.now())
    renewed, created = subscribe_back_in_stock(product=product, email="jana@example.cz", language="en")
    assert created and renewed.pk == subscription.pk
    assert (renewed.notified_at, renewed.language) == (None, "en")


@pytest.mark.parametrize(
    ("product_kwargs", "language", "errors"),
    [
        ({"stock": 3}, "cs", {"product": ["This product is in stock; you can order it right away."]}),
        ({"stock": 0, "published": False}, "cs", {"product": ["This product is not available."]}),
        ({"stock": 0}, "de", {"language": ["Unknown language 'de'; use one of cs, sk, en."]}),
    ],
)
def test_subscribe_refuses_what_cannot_come_back_in_stock(product_kwargs, language, errors):
    product = make_product(**product_kwargs)
    with pytest.raises(ValidationError) as raised:
        subscribe_back_in_stock(product=product, email="jana@example.cz", language=language)
    assert raised.value.message_dict == errors
    assert not BackInStockSubscription.objects.exists()


def test_notify_emails_each_waiting_subscriber_once_in_their_language():
    product = make_product({"cs": "Kozačka", "sk": "Čižma", "en": "Boot"}, stock=0)
    for address, language in [("cs@example.cz", "cs"), ("sk@example.sk", "sk"), ("en@example.com", "en")]:
        subscribe_back_in_stock(product=product, email=address, language=language)
    already = make_product(stock=0)
    BackInStockSubscription.objects.create(product=product, email="old@example.cz", language="cs",
                                           notified_at=timezone.now())
    subscribe_back_in_stock(product=already, email="other@example.cz", language="cs")
    Product.objects.filter(pk=product.pk).update(stock=2)  # no signal: only the service at work
    assert notify_back_in_stock(product.id) == 3
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("cs@example.cz", "Kozačka je opět skladem"),
        ("en@example.com", "Boot is back in stock"),
        ("sk@example.sk", "Čižma je opäť na sklade"),
    ]
    assert notify_back_in_stock(product.id) == 0
    assert not BackInStockSubscription.objects.filter(product=product, notified_at__isnull=True).exists()
    assert BackInStockSubscription.objects.get(email="other@example.cz").notified_at is None


def test_notify_skips_products_out_of_stock_or_unpublished():
    product = make_product(stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    assert notify_back_in_stock(product.id) == 0
    Product.objects.filter(pk=product.pk).update(is_published=False, stock=4)
    assert notify_back_in_stock(product.id) == 0
    assert mail.outbox == [] and BackInStockSubscription.objects.get().notified_at is None
