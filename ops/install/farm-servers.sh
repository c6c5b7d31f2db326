#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL cluster and RabbitMQ node for trying a farm on one machine, from the
# Debian packages in farm-packages.txt — no Docker, no system services. The farm tests do the same in C#.
#   ops/install/farm-servers.sh start [DIR]   prints the settings to pass to ./rpa serve --role …
#   ops/install/farm-servers.sh stop  [DIR]
set -euo pipefail
DIR="${2:-/tmp/rpa-farm-servers}"
PG_PORT="${RPA_PG_PORT:-55432}"
MQ_PORT="${RPA_MQ_PORT:-55672}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
MQ_BIN=/usr/lib/rabbitmq/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mq_env() {
  export HOME="$DIR/mq" RABBITMQ_NODENAME="rpafarm@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$MQ_PORT" \
    RABBITMQ_DIST_PORT="$((MQ_PORT + 1))" RABBITMQ_CONFIG_FILE="$DIR/mq/rabbitmq" RABBITMQ_CONF_ENV_FILE="$DIR/mq/env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/mq/enabled_plugins" RABBITMQ_MNESIA_BASE="$DIR/mq/mnesia" RABBITMQ_LOG_BASE="$DIR/mq/log"
}
case "${1:-}" in
  start)
    [ -n "$PG_BIN" ] && [ -x "$MQ_BIN/rabbitmq-server" ] || { echo "Install postgresql and rabbitmq-server (ops/install/farm-packages.txt)." >&2; exit 3; }
    mkdir -p "$DIR/pg" "$DIR/mq"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR/pg"
    [ -f "$DIR/pg/data/PG_VERSION" ] || as_pg "$PG_BIN/initdb" -D "$DIR/pg/data" -U rpa --auth=trust -E UTF8 --locale=C >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" -w start >/dev/null
    as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U rpa -d postgres -tc "SELECT 1 FROM pg_database WHERE datname='rpa'" | grep -q 1 \
      || as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U rpa -d postgres -c "CREATE DATABASE rpa" >/dev/null
    printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$MQ_PORT" >"$DIR/mq/rabbitmq.conf"
    echo '[].' >"$DIR/mq/enabled_plugins"; : >"$DIR/mq/env.conf"
    mq_env; epmd -daemon || true
    nohup "$MQ_BIN/rabbitmq-server" </dev/null >"$DIR/mq/console.log" 2>&1 &
    "$MQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" await_startup >/dev/null
    # The nodes of a farm share one data key (personal data and sealed settings are encrypted with it).
    [ -f "$DIR/data.key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$DIR/data.key")
    echo "--Security:DataKeyFile=$DIR/data.key --Database:Provider=postgres --Database:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Database=rpa;Username=rpa --Transport:Kind=rabbitmq --Transport:Host=127.0.0.1 --Transport:Port=$MQ_PORT"
    ;;
  stop)
    mq_env; "$MQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" shutdown >/dev/null 2>&1 || true
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
