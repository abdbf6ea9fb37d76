# Shared helpers for scripts/services. Sourced, not run.

# Where downloads and service state live: git-ignored, so a second `up` reuses them.
STATE_DIR="${ESHOP_STATE_DIR:-$ROOT/.cache}"
DOWNLOADS="$STATE_DIR/downloads"
mkdir -p "$DOWNLOADS"

# The project's own .env (if any) fills in variables the environment does not
# set, as django-environ does for Django: the environment wins over the file.
load_dotenv() {
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[2]}" value="${BASH_REMATCH[3]}"
    [ -z "${!key+set}" ] || continue
    [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]] && value="${BASH_REMATCH[1]}"
    export "$key=$value"
  done <"$1"
}
if [ -f "$ROOT/.env" ]; then load_dotenv "$ROOT/.env"; fi

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Installs Debian packages that are missing; `apt-get update` only when needed.
APT_UPDATED=""
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "need root to install ${missing[*]}"
  log "installing ${missing[*]} from Debian's packages"
  if [ -z "$APT_UPDATED" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# Polls "$@" once a second until it succeeds or $WAIT_SECONDS pass.
wait_for() {
  local what="$1"; shift
  local limit="${WAIT_SECONDS:-120}" i
  for ((i = 0; i < limit; i++)); do
    "$@" && return 0
    sleep 1
  done
  die "$what did not become ready within ${limit}s"
}
