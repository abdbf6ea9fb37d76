"""The API: Django REST framework (authentication, parsers, throttle rates) and OpenAPI."""
from config.env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a refused token a 401, not a 403.
        "common.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Bounded size and nesting: a hostile body is a 413/400, never a 500 (common/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.BoundedJSONParser",
        "common.parsers.BoundedFormParser",
        "common.parsers.BoundedMultiPartParser",
    ],
    # Every endpoint is throttled per client address unless it names its own throttle.
    "DEFAULT_THROTTLE_CLASSES": ["common.throttles.PublicRateThrottle"],
    # Rates per scope, read on each request (common/throttles.py).
    "DEFAULT_THROTTLE_RATES": {
        "subscriptions": env.str("SUBSCRIPTION_THROTTLE_RATE", default="10/hour"),
        # Per client address and web process (see common/throttles.py).
        "search": env.str("SEARCH_THROTTLE_RATE", default="20/second"),
        "public": env.str("PUBLIC_THROTTLE_RATE", default="20/second"),
        # Logins (token endpoint and admin), counted in the shared throttle cache (common/logins.py):
        # failures per username (refused past it only from addresses that failed), attempts per address.
        "login_username": env.str("LOGIN_THROTTLE_RATE_PER_USERNAME", default="10/hour"),
        "login_address": env.str("LOGIN_THROTTLE_RATE_PER_ADDRESS", default="30/hour"),
    },
    # Proxies in front of the app that append to X-Forwarded-For: 0 ignores the header
    # (clients talk to us directly), 1 takes the address the one proxy saw, and so on.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-shop catalog API",
    "DESCRIPTION": "Catalog, search (Elasticsearch with PostgreSQL fallback) and staff API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our static files (drf-spectacular-sidecar), not a CDN's @latest.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image from validator.swagger.io (another host, and it would get the schema URL).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}
