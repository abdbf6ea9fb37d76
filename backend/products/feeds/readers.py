"""Which reader reads which format, and where a feed comes from (a file, or an explicit
http(s) URL: the only network access an import makes)."""
import contextlib
import urllib.request
from collections.abc import Iterator
from typing import IO

from products.feeds import csv_feed, google, heureka
from products.feeds.safe_xml import FeedFormatError

READERS = {"heureka": heureka.read, "google": google.read, "csv": csv_feed.read}
URL_TIMEOUT = 60


def _http_only() -> urllib.request.OpenerDirector:
    """urllib without its file: and ftp: handlers, so a redirect cannot leave http(s) either."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler, urllib.request.HTTPSHandler, urllib.request.HTTPRedirectHandler,
                    urllib.request.HTTPDefaultErrorHandler, urllib.request.HTTPErrorProcessor):
        opener.add_handler(handler())
    return opener


@contextlib.contextmanager
def open_source(source: str) -> Iterator[IO[bytes]]:
    if source.lower().startswith(("http://", "https://")):
        try:
            response = _http_only().open(source, timeout=URL_TIMEOUT)
        except OSError as error:
            raise FeedFormatError(f"Cannot fetch {source}: {error}.") from None
        with response:
            yield response
        return
    if "://" in source:
        raise FeedFormatError(f"Only a file or an http(s) URL can be imported, not {source}.")
    try:
        stream = open(source, "rb")
    except OSError as error:
        raise FeedFormatError(f"Cannot open {source}: {error.strerror}.") from None
    with stream:
        yield stream
