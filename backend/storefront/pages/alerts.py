"""Where the links in back-in-stock emails land: confirm and unsubscribe.

Following a link only shows a page with a button (a GET changes nothing, so a mail
scanner or a prefetching client cannot confirm or unsubscribe anyone); the button
POSTs to the same address (any other method but HEAD is a 405). Confirming is a form with Django's CSRF protection.
Unsubscribe also takes a POST without a CSRF token: RFC 8058 one-click from mail
clients (List-Unsubscribe-Post); the signed token is the authority, not a session.
Every page speaks the shopper's language (?lang in the link), and names the
product only while it is published: otherwise "this product" (nothing about an
unpublished product's current data leaks through an old link).
"""
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emails.selectors import subscription_to_confirm, subscription_to_unsubscribe
from emails.services import confirm_back_in_stock, unsubscribe_back_in_stock
from emails.tokens import InvalidToken
from storefront.pages.common import page_context
from storefront.pages.throttle import throttled_page


def _product_title(subscription, context) -> str:
    product = subscription.product
    return product.title(context["lang"]) if product.is_published else context["t"]["this_product"]


def _alert_page(request, token, *, ask, act, asked, done):
    """GET: `ask` checks the link and shows the `asked` prompt with its button; POST: `act` acts."""
    context = page_context(request)
    t = context["t"]
    try:
        subscription = (act if request.method == "POST" else ask)(token=token)
    except InvalidToken as error:
        status, key, title = 400, error.reason, ""
    else:
        status, key, title = 200, (done if request.method == "POST" else asked), _product_title(subscription, context)
    context.update(outcome=key, heading=t[f"{key}_title"], message=t[key].format(title=title),
                   button=t[f"{asked}_button"] if key == asked else None)
    return render(request, "storefront/alert_outcome.html", context, status=status)


@throttled_page
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_page(request, token):
    return _alert_page(request, token, ask=subscription_to_confirm, act=confirm_back_in_stock,
                       asked="confirm", done="confirmed")


@csrf_exempt
@throttled_page
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request, token):
    return _alert_page(request, token, ask=subscription_to_unsubscribe, act=unsubscribe_back_in_stock,
                       asked="unsubscribe", done="unsubscribed")
