"""API tokens that expire: a stolen or forgotten token stops working after
AUTH_TOKEN_LIFETIME_SECONDS; logging in again issues a new one."""
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(seconds=settings.AUTH_TOKEN_LIFETIME_SECONDS)


def is_expired(token: Token) -> bool:
    return token_expires_at(token) <= timezone.now()


@transaction.atomic
def issue_token(user) -> Token:
    """The user's token while it is valid, otherwise a new one (the old key stops working)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not is_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>`, refused with a 401 once the token has expired."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise AuthenticationFailed("The token has expired; log in again for a new one.")
        return user, token
