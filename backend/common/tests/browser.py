"""A real headless Chromium (Debian's, installed by scripts/install-browser) driven by Playwright.

Shared by every browser test: a conftest.py imports `browser` and `page` to use them."""
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# The network is closed: no GPU, QUIC, sync or component updates trying to reach out.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Every wait in the browser is bounded: a page that never gets there fails in seconds.
WAIT_MS = 5_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module. A missing binary is a failure, never a skip."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run scripts/install-browser (make test does it)"
    # Playwright's sync API keeps an asyncio loop running in this thread while it is open, which
    # Django's ORM takes for async code; the flag is lifted again when the browser closes.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=3 * WAIT_MS,
            )
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test; a script error or a Content-Security-Policy violation
    (Chromium reports it on the console) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    script_errors, csp_violations = [], []
    page.on("pageerror", lambda error: script_errors.append(error))
    page.on("console", lambda message: "Content Security Policy" in message.text
            and csp_violations.append(message.text))
    yield page
    context.close()
    assert not script_errors, f"script errors on the page: {script_errors}"
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"
