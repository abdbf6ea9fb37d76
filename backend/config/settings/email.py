"""Email: the SMTP connection, the shop's emails (links, double opt-in, retries) and staff alerts."""
from config.env import env

# --- SMTP ---------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the folder each sent
# email is written to (bench/soak.py reads it to count deliveries).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@localhost")

# --- The shop's emails and staff alerts ---------------------------------------
# Links in customer emails point here (the storefront), e.g. <base>/products/<id>/.
SHOP_BASE_URL = env.str("SHOP_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Who hears about a failed scheduled reindex; empty sends nothing.
STAFF_ALERT_EMAILS = env.list("STAFF_ALERT_EMAILS", default=[])
# Back-in-stock confirmation links (double opt-in) expire after this many seconds.
BACK_IN_STOCK_CONFIRM_MAX_AGE = env.int("BACK_IN_STOCK_CONFIRM_MAX_AGE", default=3 * 24 * 3600)
# A queued email whose SMTP send fails is retried by RQ after these many seconds.
EMAIL_RETRY_INTERVALS = [10, 30, 60]
# `send_pending_emails` gives an email up (status failed) after this many attempts.
EMAIL_MAX_ATTEMPTS = 5
