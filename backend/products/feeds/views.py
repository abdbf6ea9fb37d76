"""/feeds/heureka-<lang>.xml and /feeds/google-<lang>.xml: the published catalog as the
comparison sites fetch it. Served from a file cache for FEEDS_CACHE_SECONDS; on a miss the
feed streams to the client while it is written to the cache (memory holds one page of
products either way), and the file replaces the old one only once complete."""
import os
import time
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.views.decorators.http import require_safe

from common.languages import is_shop_language
from common.page_throttle import throttled_page
from products.feeds.export import feed_chunks

CONTENT_TYPE = "application/xml; charset=utf-8"


@require_safe
@throttled_page
@transaction.non_atomic_requests
def feed_view(request, format: str, language: str):
    if not is_shop_language(language):
        raise Http404("No feed in this language.")
    path = settings.FEEDS_CACHE_DIR / f"{connection.settings_dict['NAME']}-{format}-{language}.xml"
    try:
        fresh = time.time() - path.stat().st_mtime < settings.FEEDS_CACHE_SECONDS
    except OSError:
        fresh = False
    if fresh:
        try:
            return FileResponse(open(path, "rb"), content_type=CONTENT_TYPE)
        except OSError:
            pass
    return StreamingHttpResponse(_written_through(path, feed_chunks(format=format, language=language)),
                                 content_type=CONTENT_TYPE)


def _written_through(path, chunks):
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = open(partial, "wb")
    except OSError:  # no cache to write: the feed is still served
        yield from chunks
        return
    try:
        with file:
            for chunk in chunks:
                file.write(chunk)
                yield chunk
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
