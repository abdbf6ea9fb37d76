"""Content-Security-Policy on every response: scripts only from this site.

The one inline script the shop needs (the storefront's import map) carries the
per-request nonce (`request.csp_nonce`); everything else is a static file.
JSON data blocks (`json_script`) are not scripts and need no nonce. The API docs
(Swagger UI) are static files from drf-spectacular-sidecar with the init script
served as a file too, so they live under the same policy. One staff-only
third-party page keeps its own needs: the django-rq dashboard has inline
scripts (no nonce there, so 'unsafe-inline' applies).
"""
import secrets

HEADER = "Content-Security-Policy"
SELF = "'self'"
BASE = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": [SELF],
    "frame-ancestors": ["'none'"],
}
# Path prefix -> (extra sources per directive, whether to add the nonce).
EXCEPTIONS = {
    "/admin/rq/": ({"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}, False),
}


def policy(nonce: str | None, extra: dict | None = None) -> str:
    directives = {name: list(sources) for name, sources in BASE.items()}
    for name, sources in (extra or {}).items():
        directives[name] += sources
    if nonce:
        directives["script-src"].append(f"'nonce-{nonce}'")
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if HEADER in response:
            return response
        nonce, extra = request.csp_nonce, None
        for prefix, rule in EXCEPTIONS.items():
            if request.path.startswith(prefix):
                extra, with_nonce = rule
                nonce = nonce if with_nonce else None
                break
        response[HEADER] = policy(nonce, extra)
        return response
