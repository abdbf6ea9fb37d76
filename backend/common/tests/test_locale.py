"""Which language a request is served in (common/locale.py): the admin the staff's, the
storefront the shopper's ?lang, the API LANGUAGE_CODE whatever the browser asks."""
import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_admin_speaks_the_language_the_browser_asks_for(client):
    czech = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="cs-CZ,cs;q=0.9,en;q=0.5")
    assert czech["Content-Language"] == "cs" and "Přihlášení" in czech.content.decode()
    slovak = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="sk")
    assert slovak["Content-Language"] == "sk" and "Prihlásenie" in slovak.content.decode()
    assert "Accept-Language" in slovak["Vary"]


def test_the_admin_keeps_a_language_staff_chose_in_the_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sk"
    assert client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "sk"


def test_a_language_outside_the_shop_falls_back_to_language_code(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "en" and "Log in" in response.content.decode()


def test_the_storefront_follows_lang_not_the_browser(client):
    response = client.get("/?lang=sk", HTTP_ACCEPT_LANGUAGE="cs")
    assert response["Content-Language"] == "sk" and '<html lang="sk">' in response.content.decode()
    missing = client.get("/products/987654/?lang=cs", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and "Stránka nenalezena" in missing.content.decode()
    default = client.get("/products/987654/?lang=xx", HTTP_ACCEPT_LANGUAGE="sk")
    assert default["Content-Language"] == "cs"  # SHOP_DEFAULT_LANGUAGE


def test_the_api_answers_as_before_whatever_the_browser_asks(client):
    response = client.get("/api/search/products/xx/?q=bota", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert response.json() == {"lang": ["Unknown language 'xx'; use one of cs, sk, en."]}
    assert "Content-Language" not in response and "Accept-Language" not in response.get("Vary", "")


def test_no_request_leaves_its_language_active_behind_it(client):
    client.get("/?lang=sk")
    client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="cs")
    assert translation.get_language() == "en-us"


def test_the_api_speaks_language_code_when_the_operator_sets_it(client, settings):
    """Its messages are catalogued too: LANGUAGE_CODE=cs answers them in Czech."""
    settings.LANGUAGE_CODE = "cs"
    response = client.get("/api/search/products/xx/?q=bota", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"lang": ["Neznámý jazyk „xx“; použijte jeden z: cs, sk, en."]}


def test_staff_choose_the_admins_language_and_it_stays(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.cz", "secret-pass-1"))
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert 'action="/admin/i18n/setlang/"' in page and '<option value="sk">Slovenčina</option>' in page
    chosen = client.post("/admin/i18n/setlang/", {"language": "sk", "next": "/admin/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/admin/"
    again = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="cs")
    assert again["Content-Language"] == "sk" and "Správa stránky" in again.content.decode()
