#!/usr/bin/env bash
# Entrypoint of the backend image. Before gunicorn starts (DJANGO_MIGRATE_ON_START=1,
# the default), or alone with the `prepare` command, it makes a fresh stack usable:
#   1. applies migrations;
#   2. loads DEMO_PRODUCTS demo products into an empty catalog (default 0: none);
#   3. builds the search index when its alias is missing (USE_ELASTIC=1).
# Each step is idempotent and runs under a PostgreSQL advisory lock, so replicas
# starting at once do it exactly once. Any other command (worker, scheduler) is
# run as given.
set -euo pipefail

prepare() {
  python manage.py run_locked migrate --noinput
  if [[ "${DEMO_PRODUCTS:-0}" -gt 0 ]]; then
    python manage.py run_locked load_demo_catalog --if-empty --products "${DEMO_PRODUCTS}"
  fi
  case "${USE_ELASTIC:-1}" in
    1|true|True|yes|on) python manage.py ensure_search_index ;;
  esac
}

if [[ "${1:-}" == "prepare" ]]; then
  prepare
  exit 0
fi
if [[ "${1:-}" == "gunicorn" && "${DJANGO_MIGRATE_ON_START:-1}" == "1" ]]; then
  prepare
fi

exec "$@"
