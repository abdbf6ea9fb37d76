#!/usr/bin/env bash
# Entrypoint of the backend image: applies migrations before gunicorn starts
# (set DJANGO_MIGRATE_ON_START=0 to skip), then runs the given command.
set -euo pipefail

if [[ "${1:-}" == "gunicorn" && "${DJANGO_MIGRATE_ON_START:-1}" == "1" ]]; then
  python manage.py migrate --noinput
fi

exec "$@"
