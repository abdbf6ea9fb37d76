"""The shared headless Chromium for common's browser tests (the API docs page)."""
from common.tests.browser import browser, page  # noqa: F401  (fixtures)
