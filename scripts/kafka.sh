#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, combined broker+controller) for development and tests.
#   scripts/kafka.sh start|stop|status|tool CLASS ARGS...
# Fetches the pinned Kafka jars from Maven Central once (scripts/kafka/pom.xml) into a git-ignored
# cache, formats KRaft storage on first start, and waits until the broker answers metadata requests.
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOME (.cache/kafka), KAFKA_HEAP (-Xmx1g).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_HOME="${KAFKA_HOME:-$ROOT/.cache/kafka}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx1g}"
LIBS="$KAFKA_HOME/libs"
DATA="$KAFKA_HOME/data-$KAFKA_PORT"
PIDFILE="$KAFKA_HOME/broker-$KAFKA_PORT.pid"
LOGDIR="$KAFKA_HOME/logs-$KAFKA_PORT"
PROPS="$KAFKA_HOME/server-$KAFKA_PORT.properties"

die() { echo "kafka.sh: $*" >&2; exit 1; }
need() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17+ (e.g. apt-get install openjdk-17-jre-headless)"
  command -v mvn >/dev/null 2>&1 || [ -f "$LIBS/.complete" ] || die "mvn not found: install Apache Maven (e.g. apt-get install maven) to fetch the Kafka jars"
}

fetch() {
  [ -f "$LIBS/.complete" ] && return 0
  echo "kafka.sh: fetching Kafka jars from Maven Central into $LIBS" >&2
  mkdir -p "$LIBS"
  mvn -B -q -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS" >&2 \
    || die "mvn could not resolve the Kafka jars (see the output above)"
  touch "$LIBS/.complete"
}

java_run() { java $KAFKA_HEAP -Dkafka.logs.dir="$LOGDIR" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -cp "$LIBS/*" "$@"; }

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

write_props() {
  mkdir -p "$DATA" "$LOGDIR"
  cat >"$PROPS" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.check.interval.ms=60000
PROPS
}

start() {
  need
  if running; then echo "kafka.sh: broker already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"))" >&2; return 0; fi
  fetch
  if port_open; then
    # Someone else's broker (another checkout, a service): use it, but never stop it.
    if java_run org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1; then
      echo "kafka.sh: a Kafka broker not started by this script already answers on 127.0.0.1:$KAFKA_PORT; using it" >&2
      return 0
    fi
    die "port $KAFKA_PORT is taken by another process; set KAFKA_PORT or KAFKA_BROKERS"
  fi
  write_props
  if [ ! -f "$DATA/meta.properties" ]; then
    java_run kafka.tools.StorageTool format -t "$(java_run kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
      -c "$PROPS" --standalone >"$LOGDIR/format.log" 2>&1 || { cat "$LOGDIR/format.log" >&2; die "storage format failed"; }
  fi
  nohup java $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true -Dkafka.logs.dir="$LOGDIR" \
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -cp "$LIBS/*" \
    kafka.Kafka "$PROPS" >"$LOGDIR/stdout.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if ! running; then tail -n 30 "$LOGDIR/stdout.log" "$LOGDIR/broker.log" >&2 2>/dev/null; rm -f "$PIDFILE"; die "broker exited during start"; fi
    if port_open && grep -q "Kafka Server started" "$LOGDIR/broker.log" 2>/dev/null; then
      # The listener is open: confirm that the broker answers an ApiVersions/metadata round trip.
      if java_run org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1; then
        echo "kafka.sh: broker up on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"), log $LOGDIR/broker.log)" >&2
        return 0
      fi
    fi
    sleep 0.5
  done
  die "broker did not answer within 60 s; see $LOGDIR/broker.log"
}

stop() {
  if ! running; then echo "kafka.sh: no broker started by this script on port $KAFKA_PORT" >&2; rm -f "$PIDFILE"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PIDFILE"
  echo "kafka.sh: broker stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then echo "running pid $(cat "$PIDFILE") on 127.0.0.1:$KAFKA_PORT"; else echo "stopped"; exit 3; fi ;;
  fetch) need; fetch ;;
  reset) stop; rm -rf "$DATA" "$LOGDIR" "$PROPS" ;;
  tool) shift; need; fetch; java_run "$@" ;;
  *) echo "usage: scripts/kafka.sh start|stop|restart|status|fetch|reset|tool CLASS ARGS..." >&2; exit 2 ;;
esac
