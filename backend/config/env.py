"""The one place where settings read the process environment.

Values come from real environment variables first, then from an optional
`.env` file at the repository root (see `.env.example` for every variable).
A renamed variable's old name is still read, with a warning, for one release.
"""
import os
import warnings
from pathlib import Path

import environ

BACKEND_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BACKEND_DIR.parent

env = environ.Env()

if (REPO_DIR / ".env").is_file():
    # read_env never overrides variables that are already set.
    environ.Env.read_env(REPO_DIR / ".env")

# Old name -> new name. Each old name is read (the new one wins when both are set) until
# the release after the one that renamed it.
RENAMED = {
    # Both timed Elasticsearch requests: now named for whose requests they time.
    "ELASTICSEARCH_TIMEOUT": "ELASTICSEARCH_WRITE_TIMEOUT",
    "ELASTICSEARCH_REQUEST_TIMEOUT": "ELASTICSEARCH_SEARCH_TIMEOUT",
    # Both timed Redis connections: django-rq's own, and our enqueueing (common/queue.py).
    "REDIS_TIMEOUT": "REDIS_RQ_TIMEOUT",
    "REDIS_REQUEST_TIMEOUT": "REDIS_ENQUEUE_TIMEOUT",
}


def carry_renamed(environment=os.environ):
    """Copies each old name's value to its new name (unless that is set), with a FutureWarning
    (shown by default: it is meant for whoever runs the shop)."""
    for old, new in RENAMED.items():
        if old in environment:
            warnings.warn(f"{old} is deprecated and will be ignored in the next release: set {new} instead.",
                          FutureWarning, stacklevel=2)
            environment.setdefault(new, environment[old])


carry_renamed()
