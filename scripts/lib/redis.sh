# Redis from Debian's packages, daemonized with its files under the state dir.
# Sourced by scripts/services.

REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
REDIS_PORT="$(sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#' <<<"$REDIS_URL")"
[ -n "$REDIS_PORT" ] || REDIS_PORT=6379
REDIS_DIR="$STATE_DIR/redis"

redis_ready() { [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

redis_up() {
  if port_open "$REDIS_PORT"; then
    log "Redis already listening on $REDIS_PORT: reusing it"
  else
    apt_install redis-server
    mkdir -p "$REDIS_DIR"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    # Append-only file: queued emails and sync jobs survive a Redis restart. 64 numbered
    # databases: each checkout (worktree) keeps its own app, test and bench databases.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --databases 64 \
      --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
      --appendonly yes --save "" || die "Redis did not start (see $REDIS_DIR/redis.log)"
  fi
  wait_for "Redis" redis_ready
  log "Redis ready on 127.0.0.1:$REDIS_PORT"
}

redis_down() {
  if redis_ready; then
    redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    log "Redis stopped"
  else
    log "Redis not running"
  fi
}

redis_status() {
  if redis_ready; then echo "redis          up    127.0.0.1:$REDIS_PORT"; else echo "redis          down  127.0.0.1:$REDIS_PORT"; return 1; fi
}
