"""Health check of the backend container: exit 0 when the app answers its liveness endpoint.

Asked as a real client would ask: Host is the first of ALLOWED_HOSTS (Django
answers 400 to any host it does not serve, so `localhost` fails once the
setting names the real domain) and X-Forwarded-Proto says https, as the TLS
proxy in front does (with SECURE_SSL_REDIRECT on, a plain request would be
redirected). Standard library only: it runs in the slim image.
Usage: docker-healthcheck.py [port]  (default 8000)
"""
import os
import sys
import urllib.error
import urllib.request

PATH = "/api/health/live/"


def served_host(allowed_hosts: str) -> str:
    """The first usable entry of ALLOWED_HOSTS: '.example.com' serves example.com; '*' anything."""
    for entry in allowed_hosts.split(","):
        entry = entry.strip()
        if entry and entry != "*":
            return entry.lstrip(".")
    return "localhost"


def main(argv):
    port = argv[1] if len(argv) > 1 else "8000"
    host = served_host(os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1"))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{PATH}", headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"unhealthy: {error}")
        return 1
    if status != 200:
        print(f"unhealthy: {PATH} answered {status} for Host {host}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
