# Backend image: the Django API served by gunicorn, also used for the RQ worker and
# the scheduler. It carries the runtime requirements only; the `dev` stage adds the
# test and lint tools for the `lint` service (`target: dev` in docker-compose.yml).
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user that runs the app; the code stays owned by root (read-only to it).
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first so code changes reuse this layer (psycopg2-binary needs no compiler).
# The runtime set only (hash-checked); the dev stage below adds the test and lint tools.
COPY requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

FROM base AS dev
COPY requirements-dev.txt /app/requirements-dev.txt
RUN pip install --no-cache-dir --require-hashes -r requirements.txt -r requirements-dev.txt

# The default (last) stage: what `docker compose up` runs.
FROM base AS runtime

COPY backend/ /app/backend/
COPY docker/backend/entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY docker/backend/healthcheck.py /usr/local/bin/docker-healthcheck.py
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/docker-healthcheck.py

WORKDIR /app/backend
ENV DJANGO_SETTINGS_MODULE=config.settings.production

# Production settings refuse an empty SECRET_KEY; this throwaway value exists only
# for these commands (it is not kept in the image's environment). The lexicon
# (word forms -> lemmas for search) is compiled here, into /app/.cache/lexicon.
RUN export SECRET_KEY="build-only-collectstatic-key-0123456789-abcdefghijklmnopqrstuvwxyz" \
    && python manage.py collectstatic --noinput \
    && python manage.py build_lexicon

# Uploaded feeds (MEDIA_ROOT) wait here for the worker; the compose volume mounted on it
# starts with this owner.
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
# No control socket: gunicorn (25.1+) puts it in $HOME/.gunicorn/, and the app user has no
# home (/nonexistent), so the master logged "Control server error: Permission denied" at every start.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--no-control-socket"]
