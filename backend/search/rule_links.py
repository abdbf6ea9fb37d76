"""Where a rule may send shoppers: a path on this site, or an https URL on a host staff
allowed (SEARCH_REDIRECT_HOSTS). Nothing else: no other scheme (javascript:), no
protocol-relative "//host" and no host staff did not name. A reason is in the active
language: staff's in the admin form, LANGUAGE_CODE when an API search logs a rule it skips."""
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext


def link_error(link: str, required: bool, external: bool = True) -> str | None:
    """Why `link` is refused, or None. `external`: an allowed https host is accepted too."""
    link = link.strip()
    if not link:
        return gettext("Give the page it leads to.") if required else None
    if any(ord(char) < 33 for char in link) or "\\" in link:
        return gettext("A link may not contain spaces, control characters or backslashes.")
    if link.startswith("/") and not link.startswith("//"):
        return None
    if not external:
        return gettext("Give a path on this site, starting with /.")
    parts = urlsplit(link)
    if parts.scheme != "https" or not parts.hostname:
        return gettext("Give a path on this site (starting with /) or an https:// URL.")
    allowed = {host.lower() for host in settings.SEARCH_REDIRECT_HOSTS}
    if parts.hostname.lower() not in allowed or parts.username or parts.password:
        shown = ", ".join(sorted(allowed)) or gettext("none yet")
        return gettext("The host %(host)s is not one staff allowed (SEARCH_REDIRECT_HOSTS: %(hosts)s).") % {
            "host": parts.hostname, "hosts": shown}
    return None
