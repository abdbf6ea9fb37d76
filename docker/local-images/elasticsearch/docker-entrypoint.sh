#!/bin/bash
# As the official image's /usr/local/bin/docker-entrypoint.sh (8.x), less enrollment:
# ELASTIC_PASSWORD (or ELASTIC_PASSWORD_FILE) becomes the keystore's bootstrap.password,
# the `elastic` user's password until one is set through the API.
set -euo pipefail
umask 0002

if [[ "${1:-}" == "eswrapper" || $(basename "${1:-eswrapper}") == "elasticsearch" ]]; then
  set -- "${@:2}"
else
  exec "$@"
fi

# The upstream script reads variables that may be unset.
set +u
source /usr/share/elasticsearch/bin/elasticsearch-env-from-file
set -u

if [[ -f bin/elasticsearch-users ]]; then
  if [[ -n "${ELASTIC_PASSWORD:-}" ]]; then
    [[ -f /usr/share/elasticsearch/config/elasticsearch.keystore ]] || (elasticsearch-keystore create)
    if ! (elasticsearch-keystore has-passwd --silent); then
      if ! (elasticsearch-keystore list | grep '^bootstrap.password$' >/dev/null); then
        (echo "$ELASTIC_PASSWORD" | elasticsearch-keystore add -x 'bootstrap.password')
      fi
    fi
  fi
fi

exec /usr/share/elasticsearch/bin/elasticsearch "$@" <<<"${KEYSTORE_PASSWORD:-}"
