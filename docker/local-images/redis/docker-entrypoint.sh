#!/bin/bash
# As the official image's entrypoint: `redis-server ...` (or options alone) runs as
# the redis user, owning /data; any other command runs as given.
set -euo pipefail
if [ "${1:-}" != "${1#-}" ] || [ "${1:-}" != "${1%.conf}" ]; then
  set -- redis-server "$@"
fi
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
umask 0077
exec "$@"
