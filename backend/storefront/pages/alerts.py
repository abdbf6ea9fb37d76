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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emails.selectors import subscription_to_confirm, subscription_to_unsubscribe
from emails.services import confirm_back_in_stock, unsubscribe_back_in_stock
from emails.tokens import InvalidToken
from common.page_throttle import throttled_page

# Each outcome's heading and message (%(title)s: the product); an InvalidToken's reason is one.
OUTCOMES = {
    "confirm": (_("Confirm your alert"),
                _("Confirm that we should email you when %(title)s is back in stock.")),
    "confirmed": (_("Alert confirmed"), _("Thank you, we will email you when %(title)s is back in stock.")),
    "unsubscribe": (_("Stop this alert"), _("Do you want to stop alerts about %(title)s?")),
    "unsubscribed": (_("Unsubscribed"), _("You will get no more alerts about %(title)s.")),
    "expired": (_("Link expired"), _("This link has expired. Please subscribe to the alert again.")),
    "invalid": (_("Invalid link"), _("This link is not valid.")),
    "used": (_("Link already used"), _("This link has already been used, or a newer one replaced it.")),
}
# The button of a page that asks.
BUTTONS = {"confirm": pgettext_lazy("button", "Confirm"), "unsubscribe": pgettext_lazy("button", "Unsubscribe")}


def _product_title(subscription, language) -> str:
    product = subscription.product
    return product.title(language) if product.is_published else str(_("this product"))


def _alert_page(request, token, *, ask, act, asked, done):
    """GET: `ask` checks the link and shows the `asked` prompt with its button; POST: `act` acts."""
    try:
        subscription = (act if request.method == "POST" else ask)(token=token)
    except InvalidToken as error:
        status, outcome, title = 400, error.reason, ""
    else:
        status, outcome = 200, (done if request.method == "POST" else asked)
        title = _product_title(subscription, get_language())
    heading, message = OUTCOMES[outcome]
    context = {"outcome": outcome, "heading": heading, "message": str(message) % {"title": title},
               "button": BUTTONS[asked] if outcome == asked else None}
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
