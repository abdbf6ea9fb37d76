"""Background work: Redis, Redis Queue (django-rq) and how far behind it may fall."""
from config.env import env

# --- Redis and Redis Queue ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# django-rq's own connections (dashboard, scheduler, commands): connect/read timeout.
REDIS_RQ_TIMEOUT = env.float("REDIS_RQ_TIMEOUT", default=3.0)
USING_REDIS_QUEUE = env.bool("USING_REDIS_QUEUE", default=True)
# Enqueueing from a web request waits at most this long; after REDIS_BREAKER_FAILURES
# failures in a row the queue is skipped (work runs in-process or stays in
# PostgreSQL) for REDIS_BREAKER_RESET_SECONDS (common/queue.py).
REDIS_ENQUEUE_TIMEOUT = env.float("REDIS_ENQUEUE_TIMEOUT", default=0.5)
REDIS_BREAKER_FAILURES = env.int("REDIS_BREAKER_FAILURES", default=1)
REDIS_BREAKER_RESET_SECONDS = env.float("REDIS_BREAKER_RESET_SECONDS", default=10.0)


def redis_url_with_timeouts(url, timeout):
    """django-rq builds clients from the URL alone, so timeouts travel in it."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}socket_connect_timeout={timeout}&socket_timeout={timeout}"


RQ_QUEUES = {
    name: {"URL": redis_url_with_timeouts(REDIS_URL, REDIS_RQ_TIMEOUT), "DEFAULT_TIMEOUT": 360}
    for name in ("high", "default", "low")
}

# /api/health/ and /api/health/ready/ say "degraded", naming the backlog, when the oldest
# unapplied index change or unsent email is older than this (a stopped worker or sweep).
HEALTH_BACKLOG_MAX_AGE_SECONDS = env.int("HEALTH_BACKLOG_MAX_AGE_SECONDS", default=600)
