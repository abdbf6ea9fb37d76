"""Where the links in back-in-stock emails land: confirm and one-click unsubscribe.

Both say what happened in the shopper's language (?lang in the link). Unsubscribe
also takes a POST without a CSRF token: RFC 8058 one-click from mail clients
(List-Unsubscribe-Post); the signed token is the authority, not a session.
"""
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emails.services import confirm_back_in_stock, unsubscribe_back_in_stock
from emails.tokens import InvalidToken
from storefront.pages.common import page_context
from storefront.pages.throttle import throttled_page


def _outcome(request, action, done):
    context = page_context(request)
    t = context["t"]
    try:
        subscription = action(token=request.resolver_match.kwargs["token"])
    except InvalidToken as error:
        status, key, title = 400, error.reason, ""
    else:
        status, key, title = 200, done, subscription.product.title(context["lang"])
    context.update(outcome=key, heading=t[f"{key}_title"], message=t[key].format(title=title))
    return render(request, "storefront/alert_outcome.html", context, status=status)


@throttled_page
@require_http_methods(["GET"])
def confirm_page(request, token):
    return _outcome(request, confirm_back_in_stock, "confirmed")


@csrf_exempt
@throttled_page
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request, token):
    return _outcome(request, unsubscribe_back_in_stock, "unsubscribed")
