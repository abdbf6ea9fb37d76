"""The API docs (/api/docs/, Swagger UI): served from this site's static files under the
Content-Security-Policy, nothing fetched from a CDN, rendered in a real Chromium."""
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

DOCS = "/api/docs/"


class Resources(HTMLParser):
    """Every address a script, link or img tag loads, and the scripts written inline."""

    def __init__(self):
        super().__init__()
        self.urls, self.inline_scripts, self._in_script = [], 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link", "img"):
            url = attrs.get("src") or attrs.get("href")
            if url:
                self.urls.append(url)
            elif tag == "script":
                self.inline_scripts += 1


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.django_db
def test_the_docs_page_loads_everything_from_this_site(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    page = Resources()
    page.feed(response.content.decode())
    assert page.urls and page.inline_scripts == 0  # the init script is a file too
    for url in page.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        loaded = client.get(url)
        assert loaded.status_code == 200, url
    assert any("?script" in url for url in page.urls)
    assert "cdn." not in response.content.decode() and "http" not in "".join(page.urls)


@pytest.mark.django_db
def test_the_docs_page_and_its_script_carry_the_strict_policy(client):
    response = client.get(DOCS)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"] and policy["frame-ancestors"] == ["'none'"]
    script = client.get(DOCS, {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content and "Content-Security-Policy" in script


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_the_operations_without_a_csp_violation(page, live_server):
    """Anyone may read the docs (SERVE_PERMISSIONS AllowAny); the page fixture fails on a
    script error or a CSP violation, and every request must stay on this site."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}{DOCS}")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/search/products/{lang}/").first).to_be_visible()
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
