"""Security: logins, passwords and tokens, request bounds, and the throttles' shared cache."""
from config.env import env

# --- Logins, passwords and tokens ---------------------------------------------
# An API token is refused (401) this long after it was issued; logging in again issues a new one.
AUTH_TOKEN_LIFETIME_SECONDS = env.int("AUTH_TOKEN_LIFETIME_SECONDS", default=8 * 3600)
# An address a user logged in from stays exempt from that username's failure lockout this long.
LOGIN_KNOWN_ADDRESS_DAYS = env.int("LOGIN_KNOWN_ADDRESS_DAYS", default=30)
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
] if env.bool("PASSWORD_VALIDATION", default=True) else []

# --- Request bounds -----------------------------------------------------------
# Larger bodies are a 413, more form fields a 400, deeper JSON a 400 (common/parsers.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=32)
# `default` stays Django's per-process memory cache; the throttles keep their
# counters in PostgreSQL (table made by common's migration 0001), shared by every
# web process and working when Redis is down (common/logins.py, emails/throttles.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "common_throttle_cache",
    },
}
