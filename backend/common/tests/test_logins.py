"""Logins cannot be brute-forced, nor a staff member locked out by a stranger: POST
/api/auth/token/ and /admin/login/ count attempts per client address and failures per
username (refused past it only from the addresses that failed); passwords are validated;
tokens expire."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from faker import Faker

# Transactional: each request commits (or rolls back) its own transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
fake = Faker()

TOKEN_URL = "/api/auth/token/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def login_rates(settings):
    """3 attempts per username and 6 per address, from empty counters."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_username": "3/hour", "login_address": "6/hour",
        },
    }
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user(fake.unique.user_name(), password=PASSWORD, is_staff=True)


def _token(username, password, address="198.51.100.1"):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json",
                            REMOTE_ADDR=address)


def _admin_login(username, password, address):
    browser = Client(REMOTE_ADDR=address)
    return browser, browser.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_wrong_passwords_then_the_right_one_is_429_on_the_token_endpoint(login_rates, staff_user):
    codes = [_token(staff_user.username, f"guess{n}").status_code for n in range(3)]
    assert codes == [400, 400, 400]
    refused = _token(staff_user.username, PASSWORD)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "token" not in refused.json()


def test_an_attackers_failures_do_not_lock_the_owner_out_from_another_address(login_rates, staff_user):
    attacker, owner = "203.0.113.66", "198.51.100.7"
    codes = [_token(staff_user.username, f"guess{n}", address=attacker).status_code for n in range(5)]
    assert codes == [400, 400, 400, 429, 429]
    assert _token(staff_user.username, PASSWORD, address=attacker).status_code == 429
    welcome = _token(staff_user.username, PASSWORD, address=owner)
    assert welcome.status_code == 200 and welcome.json()["token"]
    assert _token(staff_user.username, "guess", address=attacker).status_code == 429  # still locked out


def test_an_address_that_logged_in_before_gets_through_even_after_it_failed(login_rates, staff_user):
    office = "198.51.100.8"
    assert _token(staff_user.username, PASSWORD, address=office).status_code == 200
    for n in range(3):
        _token(staff_user.username, f"guess{n}", address="203.0.113.66")
    assert _token(staff_user.username, "a typo", address=office).status_code == 400  # not a 429
    assert _token(staff_user.username, PASSWORD, address=office).status_code == 200


def test_past_the_username_limit_each_fresh_address_gets_one_guess(login_rates, staff_user):
    """Failures count per username across addresses and letter case: a botnet gains one guess per address."""
    for n in range(3):
        _token(staff_user.username.upper() if n % 2 else staff_user.username, "wrong", address=f"203.0.113.{n}")
    assert [_token(staff_user.username, "wrong", address=f"203.0.113.{n}").status_code for n in range(3)] == [429] * 3
    assert _token(staff_user.username, "wrong", address="203.0.113.99").status_code == 400
    assert _token(staff_user.username, PASSWORD, address="203.0.113.99").status_code == 429


def test_right_passwords_do_not_count_against_the_username(login_rates, staff_user):
    codes = [_token(staff_user.username, PASSWORD, address=f"198.51.100.{n}").status_code for n in range(5)]
    assert codes == [200] * 5


def test_the_address_limit_holds_across_usernames(login_rates, staff_user):
    codes = [_token(f"nobody{n}", "wrong").status_code for n in range(6)]
    assert codes == [400] * 6
    assert _token(staff_user.username, PASSWORD).status_code == 429
    assert _token(staff_user.username, PASSWORD, address="198.51.100.2").status_code == 200


def test_admin_login_is_throttled_too(login_rates, staff_user):
    browser = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(3):
        page = browser.post("/admin/login/", {"username": staff_user.username, "password": f"guess{n}"})
        assert page.status_code == 200 and not page.wsgi_request.user.is_authenticated
    refused = browser.post("/admin/login/", {"username": staff_user.username, "password": PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in browser.session
    assert browser.get("/admin/login/").status_code == 200  # the form itself is never refused


def test_admin_login_lets_the_owner_in_from_another_or_a_known_address(login_rates, staff_user):
    """The admin shares the token endpoint's failures: guesses at either lock the attacker out of both."""
    known, attacker = "192.0.2.20", "192.0.2.66"
    assert _admin_login(staff_user.username, PASSWORD, known)[1].status_code == 302
    for n in range(2):
        assert _admin_login(staff_user.username, f"guess{n}", attacker)[1].status_code == 200
    assert _token(staff_user.username, "guess2", address=attacker).status_code == 400
    assert _admin_login(staff_user.username, PASSWORD, attacker)[1].status_code == 429
    assert _token(staff_user.username, PASSWORD, address=attacker).status_code == 429
    for address in (known, "192.0.2.30"):
        browser, response = _admin_login(staff_user.username, PASSWORD, address)
        assert response.status_code == 302 and response["Location"] == "/admin/", address
        assert browser.get("/admin/").status_code == 200


def test_admin_login_still_logs_in(login_rates, staff_user):
    browser = Client()
    response = browser.post("/admin/login/?next=/admin/", {"username": staff_user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_weak_passwords_are_refused_by_the_validators(staff_user):
    for weak in ("password", "12345678901234", "short", f"{staff_user.username}1"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=staff_user)
    validate_password(PASSWORD, user=staff_user)


def test_password_validation_follows_the_minimum_length(settings, staff_user):
    settings.AUTH_PASSWORD_VALIDATORS = [{
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 30},
    }]
    with pytest.raises(ValidationError):
        validate_password(PASSWORD, user=staff_user)


def test_a_token_says_when_it_expires_and_works_until_then(staff_user, settings):
    settings.AUTH_TOKEN_LIFETIME_SECONDS = 3600
    body = _token(staff_user.username, PASSWORD).json()
    token = Token.objects.get(key=body["token"])
    assert body["expires_at"] == (token.created + timedelta(seconds=3600)).isoformat()
    health = APIClient().get("/api/health/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert health.status_code == 200 and "version" in health.json()["services"]["postgres"]["details"]


def test_an_expired_token_is_a_401_json_and_a_new_login_replaces_it(staff_user, settings):
    settings.AUTH_TOKEN_LIFETIME_SECONDS = 3600
    old = Token.objects.create(user=staff_user)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(seconds=3601))
    for url in ("/api/staff/products/", "/api/health/"):
        refused = APIClient().get(url, HTTP_AUTHORIZATION=f"Token {old.key}")
        assert refused.status_code == 401, url
        assert "expired" in refused.json()["detail"]
    fresh = APIClient().post(TOKEN_URL, {"username": staff_user.username, "password": PASSWORD}, format="json",
                             HTTP_AUTHORIZATION=f"Token {old.key}")
    assert fresh.status_code == 200 and fresh.json()["token"] != old.key
    assert not Token.objects.filter(key=old.key).exists()
