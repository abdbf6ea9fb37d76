# PostgreSQL from Debian's packages, run by the `postgres` user through the
# Debian cluster tools. Sourced by scripts/services.

# postgres://user:password@host:port/name, the same variable Django reads.
DATABASE_URL="${DATABASE_URL:-postgres://eshop:eshop@127.0.0.1:5432/eshop}"
if [[ "$DATABASE_URL" =~ ^postgres(ql)?://([^:@/]+):([^@/]*)@([^:/]+):([0-9]+)/([^?]+) ]]; then
  PG_USER="${BASH_REMATCH[2]}" PG_PASSWORD="${BASH_REMATCH[3]}"
  PG_HOST="${BASH_REMATCH[4]}" PG_PORT="${BASH_REMATCH[5]}" PG_DB="${BASH_REMATCH[6]}"
else
  die "DATABASE_URL must look like postgres://user:password@host:port/name"
fi

# The Debian cluster's name when this script creates one; another name for another port
# (bench/soak.py runs its own cluster, which it may restart, next to the shared one).
PG_CLUSTER_NAME="${PG_CLUSTER_NAME:-eshop}"

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }

as_postgres() { runuser -u postgres -- "$@"; }

# The Debian cluster serving $PG_PORT, created on first use: "version name".
pg_cluster() {
  local cluster
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p {print $1, $2; exit}')"
  if [ -z "$cluster" ]; then
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    log "creating PostgreSQL $version cluster '$PG_CLUSTER_NAME' on port $PG_PORT"
    pg_createcluster -p "$PG_PORT" "$version" "$PG_CLUSTER_NAME" -- --auth-local=peer --auth-host=scram-sha-256 \
      >/dev/null
    cluster="$version $PG_CLUSTER_NAME"
  fi
  echo "$cluster"
}

pg_ensure_role_and_db() {
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres \
    -v user="$PG_USER" -v password="$PG_PASSWORD" -v db="$PG_DB" <<'SQL' >/dev/null
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

postgres_up() {
  if pg_ready; then
    log "PostgreSQL already listening on $PG_PORT: reusing it"
  else
    apt_install postgresql
    local cluster
    cluster="$(pg_cluster)"
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start || die "PostgreSQL did not start (see /var/log/postgresql/)"
    wait_for "PostgreSQL" pg_ready
  fi
  pg_ensure_role_and_db || die "could not create role $PG_USER / database $PG_DB"
  log "PostgreSQL ready: database $PG_DB, role $PG_USER on 127.0.0.1:$PG_PORT"
}

postgres_down() {
  local cluster
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p && $4 == "online" {print $1, $2; exit}')"
  if [ -n "$cluster" ]; then
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster stop -m fast && log "PostgreSQL stopped"
  else
    log "PostgreSQL not running"
  fi
}

postgres_status() {
  if pg_ready; then echo "postgres       up    127.0.0.1:$PG_PORT"; else echo "postgres       down  127.0.0.1:$PG_PORT"; return 1; fi
}
