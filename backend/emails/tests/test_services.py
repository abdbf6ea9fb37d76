"""Back-in-stock subscriptions and notifications, and the staff reindex alert."""
import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from emails.models import BackInStockSubscription
from emails.services import (
    CONFIRMATION_RESEND_INTERVAL, confirm_back_in_stock, notify_back_in_stock, subscribe_back_in_stock,
    unsubscribe_back_in_stock,
)
from emails.tests.helpers import confirm_link, link_token, subscribe_confirmed, time_machine_after, unsubscribe_link
from emails.selectors import subscription_to_confirm
from emails.tokens import CONFIRM, UNSUBSCRIBE, InvalidToken, make_token
from products.models import Product
from products.tests.factories import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("direct_emails")]


def test_subscribing_twice_keeps_one_pending_subscription_and_one_confirmation_email():
    product = make_product({"cs": "Kozačka", "en": "Boot"}, stock=0)
    subscription = subscribe_back_in_stock(product=product, email=" Jana@Example.cz ", language="en")
    again = subscribe_back_in_stock(product=product, email="JANA@example.cz", language="cs")
    assert again.pk == subscription.pk and (again.email, again.confirmed_at) == ("jana@example.cz", None)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["jana@example.cz"], "Confirm your alert: Boot")]
    assert confirm_link(mail.outbox[0]) in mail.outbox[0].alternatives[0][0]


def test_a_pending_subscription_gets_a_new_link_once_the_resend_interval_passed():
    product = make_product(stock=0)
    subscription = subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    BackInStockSubscription.objects.filter(pk=subscription.pk).update(
        confirmation_sent_at=timezone.now() - CONFIRMATION_RESEND_INTERVAL)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="sk")
    assert len(mail.outbox) == 2 and "Potvrďte upozornenie" in mail.outbox[1].subject


def test_the_confirm_link_confirms_and_only_confirmed_subscriptions_are_alerted():
    product = make_product({"cs": "Kozačka"}, stock=0)
    subscribe_back_in_stock(product=product, email="pending@example.cz", language="cs")
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    confirmed = confirm_back_in_stock(token=link_token(confirm_link(mail.outbox[1])))
    assert confirmed.email == "jana@example.cz" and confirmed.confirmed_at is not None
    mail.outbox.clear()
    Product.objects.filter(pk=product.pk).update(stock=2)
    assert notify_back_in_stock(product.id) == 1
    assert [m.to for m in mail.outbox] == [["jana@example.cz"]]
    assert BackInStockSubscription.objects.get(email="pending@example.cz").notified_at is None


def test_the_unsubscribe_link_of_an_alert_stops_alerts_and_a_new_subscription_needs_confirming():
    product = make_product({"en": "Boot"}, stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="en")
    confirm_back_in_stock(token=link_token(confirm_link(mail.outbox[0])))
    Product.objects.filter(pk=product.pk).update(stock=2)
    notify_back_in_stock(product.id)
    alert = mail.outbox[-1]
    unsubscribe = unsubscribe_link(alert)
    assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_back_in_stock(token=link_token(unsubscribe)).unsubscribed_at is not None
    Product.objects.filter(pk=product.pk).update(stock=0)
    again = subscribe_back_in_stock(product=product, email="jana@example.cz", language="en")
    assert (again.confirmed_at, again.unsubscribed_at, again.notified_at) == (None, None, None)
    assert mail.outbox[-1].subject == "Confirm your alert: Boot"


def test_confirming_after_the_product_came_back_sends_the_alert_at_once():
    product = make_product({"en": "Boot"}, stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="en")
    Product.objects.filter(pk=product.pk).update(stock=3)
    confirm_back_in_stock(token=link_token(confirm_link(mail.outbox[0])))
    assert mail.outbox[-1].subject == "Boot is back in stock"


def test_tampered_expired_and_wrong_purpose_tokens_are_rejected(settings):
    product = make_product(stock=0)
    subscription = subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    token = link_token(confirm_link(mail.outbox[0]))
    forged = signing.dumps([subscription.id, "jana@example.cz"], salt=UNSUBSCRIBE)
    other_key = signing.dumps([subscription.id, "jana@example.cz"], salt=CONFIRM, key="x" * 50)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, other_key, "nonsense"):
        with pytest.raises(InvalidToken) as raised:
            confirm_back_in_stock(token=bad)
        assert raised.value.reason == "invalid"
    with pytest.raises(InvalidToken):
        unsubscribe_back_in_stock(token=token)  # a confirm token cannot unsubscribe
    settings.BACK_IN_STOCK_CONFIRM_MAX_AGE = 60
    with time_machine_after(seconds=61):
        with pytest.raises(InvalidToken) as raised:
            confirm_back_in_stock(token=token)
    assert raised.value.reason == "expired"
    assert BackInStockSubscription.objects.get().confirmed_at is None
    assert confirm_back_in_stock(token=token).confirmed_at is not None


def test_a_confirm_link_confirms_once():
    product = make_product(stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    token = link_token(confirm_link(mail.outbox[0]))
    confirmed_at = confirm_back_in_stock(token=token).confirmed_at
    with pytest.raises(InvalidToken) as raised:
        confirm_back_in_stock(token=token)
    assert raised.value.reason == "used"
    assert BackInStockSubscription.objects.get().confirmed_at == confirmed_at


def test_a_confirm_link_does_not_undo_an_unsubscribe():
    product = make_product(stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    token = link_token(confirm_link(mail.outbox[0]))
    confirm_back_in_stock(token=token)
    Product.objects.filter(pk=product.pk).update(stock=2)
    notify_back_in_stock(product.id)
    unsubscribe_back_in_stock(token=link_token(unsubscribe_link(mail.outbox[-1])))
    with pytest.raises(InvalidToken) as raised:
        confirm_back_in_stock(token=token)
    assert raised.value.reason == "used"
    assert BackInStockSubscription.objects.get().unsubscribed_at is not None


def test_a_newer_confirmation_email_replaces_the_older_link():
    product = make_product(stock=0)
    subscription = subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    BackInStockSubscription.objects.filter(pk=subscription.pk).update(
        confirmation_sent_at=timezone.now() - CONFIRMATION_RESEND_INTERVAL)
    older = make_token(BackInStockSubscription.objects.get(), purpose=CONFIRM)  # as mailed 10 minutes ago
    assert subscription_to_confirm(older).pk == subscription.pk
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    with pytest.raises(InvalidToken) as raised:
        confirm_back_in_stock(token=older)
    assert raised.value.reason == "used"
    assert confirm_back_in_stock(token=link_token(confirm_link(mail.outbox[1]))).confirmed_at is not None


def test_a_confirm_link_from_before_an_unsubscribe_cannot_confirm_a_new_subscription():
    product = make_product(stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")
    first = link_token(confirm_link(mail.outbox[0]))
    confirm_back_in_stock(token=first)
    Product.objects.filter(pk=product.pk).update(stock=2)
    notify_back_in_stock(product.id)
    unsubscribe_back_in_stock(token=link_token(unsubscribe_link(mail.outbox[-1])))
    Product.objects.filter(pk=product.pk).update(stock=0)
    subscribe_back_in_stock(product=product, email="jana@example.cz", language="cs")  # someone asks again
    with pytest.raises(InvalidToken):
        confirm_back_in_stock(token=first)
    assert BackInStockSubscription.objects.get().confirmed_at is None
    assert confirm_back_in_stock(token=link_token(confirm_link(mail.outbox[-1]))).confirmed_at is not None


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
        subscribe_confirmed(product=product, email=address, language=language)
    already = make_product(stock=0)
    BackInStockSubscription.objects.create(product=product, email="old@example.cz", language="cs",
                                           confirmed_at=timezone.now(), notified_at=timezone.now())
    subscribe_confirmed(product=already, email="other@example.cz", language="cs")
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
    subscribe_confirmed(product=product, email="jana@example.cz", language="cs")
    assert notify_back_in_stock(product.id) == 0
    Product.objects.filter(pk=product.pk).update(is_published=False, stock=4)
    assert notify_back_in_stock(product.id) == 0
    assert mail.outbox == [] and BackInStockSubscription.objects.get().notified_at is None
