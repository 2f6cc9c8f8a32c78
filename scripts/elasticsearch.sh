#!/usr/bin/env bash
# Start or stop a local single-node Elasticsearch for development and CI.
#
#   bash scripts/elasticsearch.sh start   # fetch (Maven Central), unpack, start, wait for yellow
#   bash scripts/elasticsearch.sh stop
#   bash scripts/elasticsearch.sh status
#   bash scripts/elasticsearch.sh home    # prints the ES_HOME it uses
#
# Uses the minimal "integ-test-zip" build of the real server that Elastic publishes to Maven
# Central (no X-Pack: plain HTTP, no security). See ../shared/elasticsearch.md.
# Environment: ES_VERSION (8.19.3), ES_HOME (./.es; /var/lib/waypoint-elasticsearch as root),
# ES_PORT (9200), ES_HEAP (512m), ES_USER (elasticsearch; used only as root).
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$(id -u)" = "0" ]; then
  # As root the node runs as ES_USER, who cannot reach a clone under a private directory (/root,
  # a 0700 home): that user needs to enter every directory above ES_HOME, so it lives outside the clone.
  ES_HOME="${ES_HOME:-/var/lib/waypoint-elasticsearch}"
else
  ES_HOME="${ES_HOME:-$ROOT/.es}"
fi
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_USER="${ES_USER:-elasticsearch}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
DIST="$ES_HOME/elasticsearch-$ES_VERSION"
PIDFILE="$ES_HOME/es-$ES_PORT.pid"
URL="http://127.0.0.1:$ES_PORT"

log() { echo "elasticsearch.sh: $*" >&2; }

as_es_user() {
  if [ "$(id -u)" = "0" ]; then
    # Elasticsearch refuses to run as root.
    su -s /bin/bash "$ES_USER" -c "$1"
  else
    bash -c "$1"
  fi
}

fetch() {
  [ -x "$DIST/bin/elasticsearch" ] && return 0
  mkdir -p "$ES_HOME"
  local zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "fetching $ARTIFACT from Maven Central"
    mvn -q dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false
  fi
  log "unpacking into $ES_HOME"
  rm -rf "$DIST.tmp" && mkdir -p "$DIST.tmp"
  (cd "$DIST.tmp" && unzip -q "$zip")
  mv "$DIST.tmp/elasticsearch-$ES_VERSION" "$DIST" && rm -rf "$DIST.tmp"
}

healthy() {
  local url="$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1}s"
  if command -v curl >/dev/null; then
    curl -fsS --max-time $(( ${1:-1} + 5 )) "$url" >/dev/null 2>&1
  else
    python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=${1:-1} + 5)" "$url" >/dev/null 2>&1
  fi
}

start() {
  if healthy 1; then log "already running at $URL"; return 0; fi
  fetch
  if [ "$(id -u)" = "0" ]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME"
    if ! as_es_user "test -w '$ES_HOME' -a -x '$DIST/bin/elasticsearch'"; then
      log "user $ES_USER cannot enter $ES_HOME: it needs to enter (o+x) every directory above it;" \
          "unset ES_HOME to use /var/lib/waypoint-elasticsearch"
      return 1
    fi
  fi
  local java
  java="$(readlink -f "$(command -v java)")"
  export ES_JAVA_HOME="${ES_JAVA_HOME:-$(dirname "$(dirname "$java")")}"
  export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms$ES_HEAP -Xmx$ES_HEAP}"
  local data="$ES_HOME/data-$ES_PORT" logs="$ES_HOME/logs-$ES_PORT"
  as_es_user "mkdir -p '$data' '$logs'"
  log "starting on $URL (ES_JAVA_HOME=$ES_JAVA_HOME)"
  as_es_user "ES_JAVA_HOME='$ES_JAVA_HOME' ES_JAVA_OPTS='$ES_JAVA_OPTS' '$DIST/bin/elasticsearch' -d -p '$PIDFILE' \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port=$ES_PORT \
    -Ecluster.routing.allocation.disk.threshold_enabled=false -Expack.security.enabled=false \
    -Epath.data='$data' -Epath.logs='$logs' -Ecluster.name=waypoint-dev"
  for _ in $(seq 1 60); do
    if healthy 60; then log "ready at $URL"; return 0; fi
    sleep 2
  done
  log "did not become ready; see $logs"
  return 1
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid
    pid="$(cat "$PIDFILE")"
    log "stopping pid $pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -f "$PIDFILE"
  else
    log "not running (no $PIDFILE)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  home) echo "$ES_HOME" ;;
  status) if healthy 1; then echo "running at $URL"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|home" >&2; exit 2 ;;
esac
