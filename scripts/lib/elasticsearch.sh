# A real Elasticsearch 8 on loopback, built only from what this machine can
# reach: the server zip Elasticsearch publishes on Maven Central
# (integ-test-zip: server, transports, x-pack core/security), plus
# scripts/es-plugin (the asciifolding, edge_ngram and length token filters, the
# edge_ngram tokenizer and the html_strip char filter, which that zip lacks) and
# hunspell dictionaries from Debian's packages. The launcher refuses root, so
# nodes run as the `elasticsearch` system user. Sourced by scripts/services.

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_HTTP_PORT="${ES_HTTP_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
ES_USER="elasticsearch"
ES_LOCALES=(cs_CZ sk_SK en_GB en_US)
ES_MAVEN_URL="https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"

es_port() { echo $((ES_HTTP_PORT + $1 - 1)); }

es_health() {  # es_health NODES: cluster formed with NODES nodes and at least yellow
  curl -sf -o /dev/null \
    "http://127.0.0.1:$ES_HTTP_PORT/_cluster/health?wait_for_status=yellow&wait_for_nodes=$1&timeout=1s"
}

es_node_count() {  # nodes in the cluster on ES_HTTP_PORT; empty if it does not answer
  { curl -sf "http://127.0.0.1:$ES_HTTP_PORT/_cluster/health" 2>/dev/null || true; } \
    | sed -nE 's/.*"number_of_nodes":([0-9]+).*/\1/p'
}

es_prepare_user_and_java() {
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$ES_USER"
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  ES_JAVA_HOME="${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
  export ES_JAVA_HOME
  # Node dirs must be reachable by the elasticsearch user; a checkout under a
  # private home directory is not, so fall back to a folder outside it.
  ES_BASE="$STATE_DIR/elasticsearch"
  if ! runuser -u "$ES_USER" -- test -x "$STATE_DIR"; then
    ES_BASE="/var/lib/eshop-elasticsearch/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
    log "$STATE_DIR is not readable by $ES_USER: keeping Elasticsearch files in $ES_BASE"
  fi
  ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
}

es_download_zip() {  # fetched once into $DOWNLOADS (also used by scripts/compose-images)
  ES_ZIP="$DOWNLOADS/elasticsearch-$ES_VERSION.zip"
  local zip="$ES_ZIP"
  if [ ! -s "$zip" ]; then
    log "downloading Elasticsearch $ES_VERSION from Maven Central"
    curl -fsSL --retry 3 -o "$zip.part" "$ES_MAVEN_URL" || die "download failed: $ES_MAVEN_URL"
    local want got
    want="$(curl -fsSL --retry 3 "$ES_MAVEN_URL.sha1" | cut -c1-40)"
    got="$(sha1sum "$zip.part" | cut -c1-40)"
    [ "$want" = "$got" ] || die "checksum mismatch for $ES_MAVEN_URL"
    mv "$zip.part" "$zip"
  fi
}

es_download_and_unpack() {
  es_download_zip
  local zip="$ES_ZIP"
  if [ ! -f "$ES_HOME/.unpacked" ]; then
    log "unpacking Elasticsearch $ES_VERSION"
    mkdir -p "$ES_BASE"
    rm -rf "$ES_HOME"
    (cd "$ES_BASE" && unzip -q "$zip") || die "could not unpack $zip"
    touch "$ES_HOME/.unpacked"
  fi
}

es_install_plugin() {
  local src="$ROOT/scripts/es-plugin" dest="$ES_HOME/plugins/eshop-analysis"
  local stamp
  stamp="$(cat "$src"/plugin-descriptor.properties "$src"/src/org/eshop/analysis/*.java | sha1sum | cut -c1-40)"
  [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  log "building the eshop-analysis plugin against Elasticsearch $ES_VERSION"
  local build
  build="$(mktemp -d)"
  "$ES_JAVA_HOME/bin/javac" --release 17 -nowarn -cp "$ES_HOME/lib/*" -d "$build/classes" \
    "$src"/src/org/eshop/analysis/*.java || die "plugin compilation failed"
  rm -rf "$dest" && mkdir -p "$dest"
  "$ES_JAVA_HOME/bin/jar" cf "$dest/eshop-analysis.jar" -C "$build/classes" .
  sed "s/@ES_VERSION@/$ES_VERSION/" "$src/plugin-descriptor.properties" >"$dest/plugin-descriptor.properties"
  echo "$stamp" >"$dest/.stamp"
  rm -rf "$build"
}

es_node_dir() {  # es_node_dir NODES I: one directory per cluster shape, port and node
  echo "$ES_BASE/nodes/cluster$1-port$ES_HTTP_PORT-node$2"
}

es_write_node_config() {  # es_write_node_config NODES I -> prints the node directory
  local nodes="$1" i="$2"
  local dir
  dir="$(es_node_dir "$nodes" "$i")"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/log4j2.properties" "$dir/config/"
  for locale in "${ES_LOCALES[@]}"; do
    mkdir -p "$dir/config/hunspell/$locale"
    cp -L "/usr/share/hunspell/$locale.aff" "/usr/share/hunspell/$locale.dic" "$dir/config/hunspell/$locale/"
  done
  {
    echo "cluster.name: eshop-local-$nodes-$ES_HTTP_PORT"
    echo "node.name: node-$i"
    echo "network.host: 127.0.0.1"
    echo "http.port: $(es_port "$i")"
    echo "transport.port: $((ES_TRANSPORT_PORT + i - 1))"
    echo "path.data: $dir/data"
    echo "path.logs: $dir/logs"
    echo "xpack.security.enabled: false"
    # Dev and CI disks can be nearly full; never turn indices read-only for that.
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    # Tests delete their own indices by wildcard (test_*).
    echo "action.destructive_requires_name: false"
    if [ "$nodes" -eq 1 ]; then
      echo "discovery.type: single-node"
    else
      local seeds="" names="" j
      for ((j = 1; j <= nodes; j++)); do
        seeds+="${seeds:+, }\"127.0.0.1:$((ES_TRANSPORT_PORT + j - 1))\""
        names+="${names:+, }node-$j"
      done
      echo "discovery.seed_hosts: [$seeds]"
      echo "cluster.initial_master_nodes: [$names]"
    fi
  } >"$dir/config/elasticsearch.yml"
  chown -R "$ES_USER" "$dir"
  echo "$dir"
}

es_start_node() {  # es_start_node DIR HEAP
  local dir="$1" heap="$2"
  rm -f "$dir/es.pid"
  runuser -u "$ES_USER" -- env ES_PATH_CONF="$dir/config" ES_JAVA_HOME="$ES_JAVA_HOME" \
    ES_JAVA_OPTS="-Xms$heap -Xmx$heap" "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid" \
    >"$dir/logs/launcher.out" 2>&1
}

es_up() {  # es_up NODES: starts the nodes that are not listening yet
  local nodes="$1" i missing=()
  for ((i = 1; i <= nodes; i++)); do
    if port_open "$(es_port "$i")"; then
      log "Elasticsearch node-$i already listening on $(es_port "$i"): reusing it"
    else
      missing+=("$i")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    es_prepare_user_and_java
    apt_install unzip curl hunspell-cs hunspell-sk hunspell-en-gb hunspell-en-us
    es_download_and_unpack
    es_install_plugin
    local heap="${ES_HEAP:-}" dir pids=()
    [ -n "$heap" ] || { [ "$nodes" -eq 1 ] && heap=1g || heap=512m; }
    log "starting Elasticsearch $ES_VERSION node(s) ${missing[*]} of $nodes, heap $heap each"
    for i in "${missing[@]}"; do
      dir="$(es_write_node_config "$nodes" "$i")"
      # Nodes of a cluster wait for each other while starting, so start them together.
      es_start_node "$dir" "$heap" &
      pids+=($!)
    done
    for i in "${!pids[@]}"; do
      wait "${pids[$i]}" || die "node-${missing[$i]} failed to start; see $(es_node_dir "$nodes" "${missing[$i]}")/logs/"
    done
  fi
  wait_for "Elasticsearch cluster health" es_health "$nodes"
  log "Elasticsearch ready: http://127.0.0.1:$ES_HTTP_PORT ($nodes node(s))"
}

es_node_pids() {  # es_node_pids DIR: server processes running with DIR/config, pid file or not
  local pid
  for pid in $(pgrep -u "$ES_USER" java 2>/dev/null); do
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "ES_PATH_CONF=$1/config" && echo "$pid"
  done
  return 0
}

es_down() {  # stops the nodes of the cluster on ES_HTTP_PORT started by this script
  local dir pid pids stopped=0 i
  for dir in "$STATE_DIR"/elasticsearch/nodes/*-port"$ES_HTTP_PORT"-* \
    /var/lib/eshop-elasticsearch/*/nodes/*-port"$ES_HTTP_PORT"-*; do
    [ -d "$dir" ] || continue
    pids="$(es_node_pids "$dir")"
    for pid in $pids; do
      kill "$pid" 2>/dev/null || continue
      for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
      stopped=$((stopped + 1))
    done
    rm -f "$dir/es.pid"
  done
  if [ "$stopped" -gt 0 ]; then log "Elasticsearch stopped ($stopped node(s))"; else log "Elasticsearch not running (from this script)"; fi
}

es_status() {
  local n
  n="$(es_node_count)"
  if [ -n "$n" ]; then
    echo "elasticsearch  up    127.0.0.1:$ES_HTTP_PORT ($n node(s))"
  else
    echo "elasticsearch  down  127.0.0.1:$ES_HTTP_PORT"
    return 1
  fi
}
