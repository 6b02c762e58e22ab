#!/usr/bin/env bash
# Runs the WebSocket load scenarios (io.switchboard.bench.LoadGenerator) against the hub with the
# server pinned to one core and the generator to the other, and prints the RESULT lines.
# See docs/benchmarks.md.
#
#   src/bench/run-server-bench.sh                  # start Payara Micro on target/switchboard.war, run all
#   SCENARIOS="fanout100 idle" src/bench/run-server-bench.sh
#   SERVER_PID=1234 src/bench/run-server-bench.sh  # use a hub already listening on $PORT (re-pinned)
#   QUICK=1 src/bench/run-server-bench.sh          # 5 s per throughput run, 1,000 idle connections
#
# Environment (defaults):
#   WAR=target/switchboard.war   PORT=8080   TCP_PORT=7070 (switchboard.tcp.port)   SERVER_CORE=0   GEN_CORE=1
#   PAYARA_JAR=~/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar
#   SERVER_JAVA_OPTS="-Xms1g -Xmx4g"   GEN_JAVA_OPTS="-Xms1g -Xmx4g"
#   SERVER_PROPS="-Dswitchboard.limits.rate=1000000"  (the default 1,000 frames/s per connection
#                 would cap and then cut off the publisher; the queue limit is left at its default)
#   SCENARIOS="warmup fanout100 fanout100-batch fanout1000 fanout1000-batch rate1000 acks100
#              acks100-batch idle idle-resumable idle-primed rpc1 rpc10 rpc1-serial"
#     (idle on a fresh server gives RSS per connection; idle-primed repeats it once the server's
#      pools have grown, which is the steady-state heap per connection; rpc1 / rpc10: 10 callers x 16
#      calls in flight to 1 / 10 echo callees, each after 100,000 warmup calls; rpc1-serial: one caller,
#      one call at a time, the unloaded round trip; tcp-fanout100 / tcp-fanout1000 are fanout100 /
#      fanout1000 with the subscribers on TCP lines, not in the default list)
#   (SSE, not in the default list: sse-warmup sse1000 sse1000-rate100 = 1,000 SSE streams, io.switchboard.bench.SseLoadGenerator)
#   DURATION=20   seconds each throughput scenario publishes
#   SERVER_JFR=1  record the server with JFR (settings=profile) into $OUT/server.jfr
#   OUT=target/bench/server-<timestamp>   (logs, one .txt per scenario, results.txt)
#
# Everything talks to 127.0.0.1 only. The script stops the Payara Micro it started (by its PID) on
# exit; a hub given by SERVER_PID is left running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
TCP_PORT="${TCP_PORT:-7070}"
WAR="${WAR:-$ROOT/target/switchboard.war}"
PAYARA_JAR="${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar}"
SERVER_CORE="${SERVER_CORE:-0}"
GEN_CORE="${GEN_CORE:-1}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xms1g -Xmx4g}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xms1g -Xmx4g}"
SERVER_PROPS="${SERVER_PROPS:--Dswitchboard.limits.rate=1000000}"
SCENARIOS="${SCENARIOS:-warmup fanout100 fanout100-batch fanout1000 fanout1000-batch rate1000 acks100 acks100-batch idle idle-resumable idle-primed rpc1 rpc10 rpc1-serial}"
OUT="${OUT:-$ROOT/target/bench/server-$(date +%Y%m%d-%H%M%S)}"
QUICK="${QUICK:-0}"
SERVER_PID="${SERVER_PID:-}"
STARTED_PID=""

mkdir -p "$OUT"

# Throughput runs publish for DURATION seconds (or until their message count, whichever is first).
DURATION="${DURATION:-20}"
[ "$QUICK" = 1 ] && DURATION=5
d="--duration $DURATION"

args_for() {
  case "$1" in
    warmup)           echo "--scenario fanout --subscribers 100 --messages 1000000 --duration $(( DURATION < 15 ? DURATION : 15 ))" ;;
    fanout100)        echo "--scenario fanout --subscribers 100 --messages 1000000 $d --batch false" ;;
    fanout100-batch)  echo "--scenario fanout --subscribers 100 --messages 1000000 $d --batch true" ;;
    fanout1000)       echo "--scenario fanout --subscribers 1000 --messages 200000 $d --batch false" ;;
    tcp-fanout100)    echo "--scenario fanout --transport tcp --tcp-port $TCP_PORT --subscribers 100 --messages 1000000 $d" ;;
    tcp-fanout1000)   echo "--scenario fanout --transport tcp --tcp-port $TCP_PORT --subscribers 1000 --messages 200000 $d" ;;
    fanout1000-batch) echo "--scenario fanout --subscribers 1000 --messages 200000 $d --batch true" ;;
    rate1000)         echo "--scenario fanout --subscribers 100 --messages $(( DURATION * 1000 )) --rate 1000 --duration $(( DURATION + 5 ))" ;;
    acks100)          echo "--scenario acks --subscribers 100 --messages 1000000 $d --batch false" ;;
    acks100-batch)    echo "--scenario acks --subscribers 100 --messages 1000000 $d --batch true" ;;
    idle)             echo "--scenario idle --connections $([ "$QUICK" = 1 ] && echo 1000 || echo 10000)" ;;
    idle-resumable)   echo "--scenario idle --connections $([ "$QUICK" = 1 ] && echo 1000 || echo 10000) --resumable" ;;
    idle-primed)      echo "--scenario idle --connections $([ "$QUICK" = 1 ] && echo 1000 || echo 10000)" ;;
    rpc1)             echo "--scenario rpc --callees 1 --callers 10 --inflight 16 --calls 5000000 --warmup-calls 100000 $d" ;;
    rpc10)            echo "--scenario rpc --callees 10 --callers 10 --inflight 16 --calls 5000000 --warmup-calls 100000 $d" ;;
    rpc1-serial)      echo "--scenario rpc --callees 1 --callers 1 --inflight 1 --calls 5000000 --warmup-calls 20000 $d" ;;
    sse-warmup)       echo "--clients 1000 --messages 1000000 --duration $(( DURATION < 10 ? DURATION : 10 ))" ;;
    sse1000)          echo "--clients 1000 --messages 1000000 --duration $DURATION" ;;
    sse1000-rate100)  echo "--clients 1000 --messages $(( DURATION * 100 )) --rate 100 --duration $(( DURATION + 5 ))" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

cleanup() {
  if [ -n "$STARTED_PID" ] && kill -0 "$STARTED_PID" 2>/dev/null; then
    echo "bench: stopping Payara Micro (pid $STARTED_PID)"
    kill "$STARTED_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$STARTED_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$STARTED_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# 1. The generator needs only the JDK: compile it on its own, so a main tree mid-edit cannot stop it.
#    javac finds the classes the two entry points use (scenarios, connections, reports) on the
#    source path; a use of the main tree's classes would fail here, as it should.
GEN_CLASSES="$OUT/loadgen-classes"
mkdir -p "$GEN_CLASSES"
javac -d "$GEN_CLASSES" -sourcepath src/bench/java \
  src/bench/java/io/switchboard/bench/LoadGenerator.java \
  src/bench/java/io/switchboard/bench/SseLoadGenerator.java

# 2. The server: a hub already running (re-pinned), or Payara Micro started here on a copy of the WAR.
if [ -n "$SERVER_PID" ]; then
  taskset -cp "$SERVER_CORE" "$SERVER_PID" >/dev/null
  # Every thread, not only the main one, so the server really is on one core.
  for task in /proc/"$SERVER_PID"/task/*; do taskset -cp "$SERVER_CORE" "${task##*/}" >/dev/null 2>&1 || true; done
  echo "bench: using running hub pid $SERVER_PID on port $PORT, pinned to core $SERVER_CORE"
else
  [ -f "$WAR" ] || { echo "bench: no WAR at $WAR (run: mvn -B -q package -DskipTests)" >&2; exit 1; }
  [ -f "$PAYARA_JAR" ] || { echo "bench: no Payara Micro at $PAYARA_JAR" >&2; exit 1; }
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "bench: something already listens on 127.0.0.1:$PORT; stop it or set PORT / SERVER_PID" >&2
    exit 1
  fi
  cp "$WAR" "$OUT/switchboard.war"
  cat > "$OUT/preboot.asadmin" <<'EOF'
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1
EOF
  JFR_OPT=""
  [ "${SERVER_JFR:-0}" = 1 ] && JFR_OPT="-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,dumponexit=true"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS $SERVER_PROPS -Dswitchboard.tcp.port="$TCP_PORT" $JFR_OPT \
    -Dhazelcast.socket.bind.any=false -Dh2.bindAddress=127.0.0.1 \
    -jar "$PAYARA_JAR" --deploy "$OUT/switchboard.war" --contextroot / --port "$PORT" \
    --prebootcommandfile "$OUT/preboot.asadmin" --rootdir "$OUT/payara-root" --nocluster \
    > "$OUT/server.log" 2>&1 &
  STARTED_PID=$!
  SERVER_PID=$STARTED_PID
  echo "bench: Payara Micro pid $SERVER_PID on core $SERVER_CORE, log $OUT/server.log"
fi

# 3. Ready?
echo -n "bench: waiting for http://127.0.0.1:$PORT/health/ready "
ready=0
for _ in $(seq 1 240); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo; echo "bench: server exited; see $OUT/server.log" >&2; exit 1; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/health/ready" || true)
  if [ "$code" = 200 ]; then ready=1; break; fi
  echo -n "."; sleep 1
done
echo
[ "$ready" = 1 ] || { echo "bench: hub not ready after 240 s; see $OUT/server.log" >&2; exit 1; }

# 4. Scenarios, one after the other, generator pinned to its core.
{
  echo "# $(date -u +%FT%TZ) $(uname -r), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# server core $SERVER_CORE ($SERVER_JAVA_OPTS $SERVER_PROPS), generator core $GEN_CORE ($GEN_JAVA_OPTS)"
  if [ -f "$OUT/switchboard.war" ]; then
    echo "# war $(stat -c '%y' "$WAR" | cut -d. -f1) sha256 $(sha256sum "$OUT/switchboard.war" | cut -c1-16)"
  fi
} > "$OUT/results.txt"
failed=0
for s in $SCENARIOS; do
  a="$(args_for "$s")"
  la="$(cut -d' ' -f1 /proc/loadavg)"
  echo "bench: == $s: $a (at $(date +%T), load average before: $la)"
  # shellcheck disable=SC2086
  main=io.switchboard.bench.LoadGenerator
  case "$s" in sse*) main=io.switchboard.bench.SseLoadGenerator ;; esac
  if ! taskset -c "$GEN_CORE" java $GEN_JAVA_OPTS -cp "$GEN_CLASSES" "$main" \
      --port "$PORT" --server-pid "$SERVER_PID" $a 2>&1 | tee "$OUT/$s.txt"; then
    failed=$((failed + 1))
  fi
  if [ "$s" != warmup ] && [ "$s" != sse-warmup ]; then
    grep '^RESULT ' "$OUT/$s.txt" | sed "s/^RESULT /RESULT name=$s /; s/\$/ loadavg_before=$la/" >> "$OUT/results.txt" || true
  fi
  sleep 3
done

echo
echo "bench: results ($OUT/results.txt)"
cat "$OUT/results.txt"
[ "$failed" = 0 ] || echo "bench: $failed scenario(s) ended with a non-ok status"
