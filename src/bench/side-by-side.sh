#!/usr/bin/env bash
# The side-by-side benchmark: the hub and nginx + nchan under exactly the same load, one after the
# other in one run, with the same generator code (io.switchboard.bench.SideBySide), the same message
# and the same measurements, each server pinned to one core and the generator to the other. Prints
# one table of both servers and their ratios. See docs/benchmarks.md, "Side by side with nginx + nchan".
#
#   src/bench/side-by-side.sh                 # install nginx + nchan if missing, build the WAR, run both
#   N=2000 DURATION=10 src/bench/side-by-side.sh
#   SKIP_BUILD=1 src/bench/side-by-side.sh    # use target/switchboard.war as it is
#
# Scenarios, per server, on a freshly started server:
#   idle    N idle subscribed WebSocket connections, each on its own channel: time to connect them
#           all, RSS before and after (and, for the hub, live heap after a full GC) per connection;
#   fanout  first WARMUP seconds of it on a channel of its own, not recorded (JIT, pools and caches
#           of the server and of the generator, in the same JVM), then
#           1 HTTP publisher -> SUBSCRIBERS WebSocket subscribers of one channel, at most WINDOW
#           messages not yet received by every subscriber, SIZE-byte messages, for DURATION seconds:
#           deliveries/s, latency, server CPU and deliveries per server CPU-second.
#
# Environment (defaults):
#   N=10000  SUBSCRIBERS=1000  WINDOW=8  SIZE=100  DURATION=20  WARMUP=10
#   CONNECT_CONCURRENCY=64 (handshakes in flight)   CLIENTS=4 (shared JDK HttpClients in the generator)
#   GENERATOR=jdk (idle sockets on the JDK WebSocket client) or nio (raw NIO sockets on one thread,
#     io.switchboard.bench.NioSockets: a few hundred bytes per socket, for N up to 100,000 and more)
#   SOURCES=0 (loopback source addresses for the idle sockets, 127.0.0.1..; 0: one per 25,000)
#   HUB_PORT=18090  NCHAN_PORT=18091  SERVER_CORE=0  GEN_CORE=1  ORDER="nchan hub"
#   WAR=target/switchboard.war  SKIP_BUILD=0
#   PAYARA_JAR=~/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar
#   SERVER_JAVA_OPTS="-Xms1g -Xmx4g"  GEN_JAVA_OPTS="-Xms1g -Xmx4g"
#   SERVER_PROPS="-Dswitchboard.limits.rate=1000000"   (as run-server-bench.sh; all other limits default)
#   NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
#   OUT=target/bench/side-by-side-<timestamp>   (nginx.conf, logs, one .txt per run, results.txt, table.md)
#
# Everything listens on and talks to 127.0.0.1 only. The script stops the nginx and the Payara Micro
# it started, by their PIDs, on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

N="${N:-10000}"
SUBSCRIBERS="${SUBSCRIBERS:-1000}"
WINDOW="${WINDOW:-8}"
SIZE="${SIZE:-100}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
CONNECT_CONCURRENCY="${CONNECT_CONCURRENCY:-64}"
CLIENTS="${CLIENTS:-4}"
GENERATOR="${GENERATOR:-jdk}"
SOURCES="${SOURCES:-0}"
HUB_PORT="${HUB_PORT:-18090}"
NCHAN_PORT="${NCHAN_PORT:-18091}"
SERVER_CORE="${SERVER_CORE:-0}"
GEN_CORE="${GEN_CORE:-1}"
ORDER="${ORDER:-nchan hub}"
WAR="${WAR:-$ROOT/target/switchboard.war}"
SKIP_BUILD="${SKIP_BUILD:-0}"
PAYARA_JAR="${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xms1g -Xmx4g}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xms1g -Xmx4g}"
SERVER_PROPS="${SERVER_PROPS:--Dswitchboard.limits.rate=1000000}"
NCHAN_MODULE="${NCHAN_MODULE:-/usr/lib/nginx/modules/ngx_nchan_module.so}"
OUT="${OUT:-$ROOT/target/bench/side-by-side-$(date +%Y%m%d-%H%M%S)}"
SERVER_PID=""

mkdir -p "$OUT"
RESULTS="$OUT/results.txt"

say() { echo "side-by-side: $*"; }

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping pid $SERVER_PID"
    kill -TERM "$SERVER_PID" 2>/dev/null || true # nginx's master stops its worker; Payara Micro shuts down
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

# 0. File descriptors: N sockets in the server and N in the generator, each its own process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt $(( N + 2048 )) ]; then
  echo "side-by-side: ulimit -n is $NOFILE, too few for N=$N (needs N + 2048); lower N or raise the hard limit" >&2
  exit 1
fi
[ "$NOFILE" = unlimited ] && NOFILE=$(( N + 8192 ))

# 1. nginx + nchan from Debian, if missing.
if ! command -v nginx >/dev/null || [ ! -f "$NCHAN_MODULE" ]; then
  say "installing nginx and libnginx-mod-nchan from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y nginx libnginx-mod-nchan || { $SUDO apt-get update && $SUDO apt-get install -y nginx libnginx-mod-nchan; }
fi
[ -f "$NCHAN_MODULE" ] || { echo "side-by-side: no nchan module at $NCHAN_MODULE (set NCHAN_MODULE)" >&2; exit 1; }

# 2. The generator needs only the JDK: compile its classes alone, so nothing else in the tree can stop it.
GEN_CLASSES="$OUT/generator-classes"
mkdir -p "$GEN_CLASSES"
B=src/bench/java/io/switchboard/bench
javac -d "$GEN_CLASSES" $B/SideBySide.java $B/SideBySideTable.java $B/Peer.java $B/StampedMessage.java \
  $B/PeerSubscriber.java $B/Subscribers.java $B/ServerProcess.java $B/IdleRun.java $B/HttpPublisher.java \
  $B/FanoutRun.java $B/LatencyHistogram.java $B/NioSockets.java

# 3. The hub's WAR.
if [ "$SKIP_BUILD" != 1 ]; then
  say "building the WAR (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
[ -f "$WAR" ] || { echo "side-by-side: no WAR at $WAR" >&2; exit 1; }
[ -f "$PAYARA_JAR" ] || { echo "side-by-side: no Payara Micro at $PAYARA_JAR" >&2; exit 1; }

for port in "$HUB_PORT" "$NCHAN_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "side-by-side: something already listens on 127.0.0.1:$port; stop it or set HUB_PORT / NCHAN_PORT" >&2
    exit 1
  fi
done

start_nchan() {
  local dir="$OUT/nginx"
  mkdir -p "$dir"
  local user=""
  [ "$(id -u)" = 0 ] && user="user root;" # workers run as the user that started nginx
  cat > "$dir/nginx.conf" <<CONF
# Written by src/bench/side-by-side.sh: one worker (the hub is pinned to one core too), nchan's defaults.
load_module $NCHAN_MODULE;
$user
worker_processes 1;
worker_rlimit_nofile $NOFILE;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
  worker_connections $(( NOFILE - 64 ));
}
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NCHAN_PORT;
    location = /ready { return 200 "ready\n"; }
    location ~ ^/sub/([A-Za-z0-9-]+)\$ {
      nchan_subscriber websocket;
      nchan_channel_id \$1;
    }
    location ~ ^/pub/([A-Za-z0-9-]+)\$ {
      nchan_publisher http;
      nchan_channel_id \$1;
    }
  }
}
CONF
  taskset -c "$SERVER_CORE" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' \
    > "$OUT/nginx.log" 2>&1 &
  SERVER_PID=$!
  READY_URL="http://127.0.0.1:$NCHAN_PORT/ready"
  PORT="$NCHAN_PORT"
  JAVA_HEAP=false
  say "nginx + nchan pid $SERVER_PID on core $SERVER_CORE, port $NCHAN_PORT, conf $dir/nginx.conf"
}

start_hub() {
  local dir="$OUT/hub"
  mkdir -p "$dir"
  cp "$WAR" "$dir/switchboard.war"
  cat > "$dir/preboot.asadmin" <<'EOF2'
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1
EOF2
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS $SERVER_PROPS \
    -Dhazelcast.socket.bind.any=false -Dh2.bindAddress=127.0.0.1 \
    -jar "$PAYARA_JAR" --deploy "$dir/switchboard.war" --contextroot / --port "$HUB_PORT" \
    --prebootcommandfile "$dir/preboot.asadmin" --rootdir "$dir/payara-root" --nocluster \
    > "$OUT/hub.log" 2>&1 &
  SERVER_PID=$!
  READY_URL="http://127.0.0.1:$HUB_PORT/health/ready"
  PORT="$HUB_PORT"
  JAVA_HEAP=true
  say "Payara Micro pid $SERVER_PID on core $SERVER_CORE, port $HUB_PORT ($SERVER_JAVA_OPTS $SERVER_PROPS)"
}

wait_ready() {
  for _ in $(seq 1 240); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "side-by-side: server exited; see $OUT/*.log" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$READY_URL" || true)" = 200 ] && return 0
    sleep 1
  done
  echo "side-by-side: not ready after 240 s: $READY_URL" >&2
  return 1
}

# One generator run, pinned; its RESULT line goes to results.txt tagged with name= and the load averages
# (1-minute) before and after it.
run() { # peer name args...
  local peer="$1" name="$2"; shift 2
  local la; la="$(cut -d' ' -f1 /proc/loadavg)"
  say "== $peer $name (at $(date -u +%T), load average before: $la)"
  local ok=0
  # shellcheck disable=SC2086
  taskset -c "$GEN_CORE" java $GEN_JAVA_OPTS -cp "$GEN_CLASSES" io.switchboard.bench.SideBySide \
    --peer "$peer" --port "$PORT" --server-pid "$SERVER_PID" --clients "$CLIENTS" \
    --connect-concurrency "$CONNECT_CONCURRENCY" "$@" 2>&1 | tee "$OUT/$peer-$name.txt" || ok=1
  local after; after="$(cut -d' ' -f1 /proc/loadavg)"
  grep '^RESULT ' "$OUT/$peer-$name.txt" \
    | sed "s/^RESULT /RESULT name=$name /; s/\$/ loadavg_before=$la loadavg_after=$after/" >> "$RESULTS" || true
  sleep 3
  return $ok
}

{
  echo "# $(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  echo "# $(nginx -v 2>&1), libnginx-mod-nchan $(dpkg-query -W -f '${Version}' libnginx-mod-nchan 2>/dev/null || echo '?'); war sha256 $(sha256sum "$WAR" | cut -c1-16)"
  echo "# servers on core $SERVER_CORE, generator on core $GEN_CORE ($GEN_JAVA_OPTS); N=$N subscribers=$SUBSCRIBERS window=$WINDOW size=$SIZE duration=$DURATION warmup=$WARMUP"
} > "$RESULTS"

failed=0
fan="--scenario fanout --subscribers $SUBSCRIBERS --window $WINDOW --size $SIZE"
for peer in $ORDER; do
  case "$peer" in
    nchan) start_nchan ;;
    hub) start_hub ;;
    *) echo "side-by-side: unknown peer $peer in ORDER" >&2; exit 1 ;;
  esac
  wait_ready
  run "$peer" idle --scenario idle --connections "$N" --java-heap "$JAVA_HEAP" --generator "$GENERATOR" \
    --sources "$SOURCES" || failed=$((failed + 1))
  run "$peer" fanout $fan --warmup "$WARMUP" --duration "$DURATION" || failed=$((failed + 1))
  stop_server
done

echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
java -cp "$GEN_CLASSES" io.switchboard.bench.SideBySideTable "$RESULTS" > "$OUT/table.md"
echo
say "results in $OUT"
cat "$RESULTS"
echo
cat "$OUT/table.md"
[ "$failed" = 0 ] || { say "$failed run(s) did not end ok"; exit 1; }
