"""The page shell as served, without a browser."""
from html.parser import HTMLParser

import pytest
from django.conf import settings


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def having(self, tag, **attrs):
        return [found for name, found in self.tags if name == tag and attrs.items() <= found.items()]


@pytest.mark.django_db
def test_page_has_a_labelled_search_box_and_a_language_switch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = Elements()
    page.feed(response.content.decode())

    assert page.having("input", id="q", type="search")
    assert page.having("label", **{"for": "q"})
    assert page.having("ul", id="suggestions", role="listbox")
    switch = [link["data-lang"] for link in page.having("a") if "data-lang" in link]
    assert switch == list(settings.SHOP_LANGUAGES)
    assert page.having("script", type="module")


@pytest.mark.django_db
def test_static_files_the_page_loads_are_served(client):
    for path in ("app.js", "render.js", "facets.js", "suggest.js", "messages.js", "app.css", "vendor/combobox-nav.js"):
        response = client.get(f"/static/storefront/{path}")
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_the_page_gives_a_new_browser_its_shopper_cookie_once(client):
    """The searches the page makes count as one shopper's for suggest's popular queries."""
    first = client.get("/")
    cookie = first.cookies["shopper"]
    assert len(cookie.value) >= 20 and cookie["httponly"] and cookie["samesite"] == "Lax"
    again = client.get("/")  # the test client sends the cookie back
    assert "shopper" not in again.cookies
