#!/usr/bin/env bash
# Redis-backed throughput: a generated event mix through the engine on the Redis store (the redis-load verb),
# beside redis-benchmark's pipelined ceiling on the same server, and the Redis ops per event (INFO commandstats,
# commands inside scripts included). Starts a private redis-server on a free loopback port and stops it.
# Usage: benchmarks/redis-load.sh [conversations (9 events each), default 3000] [partitions, default "1 32"]
set -euo pipefail
cd "$(dirname "$0")/.."
conversations=${1:-3000}
partitions=${2:-"1 32"}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

dotnet build host -c Release -nologo -v q >/dev/null
host=host/bin/Release/net10.0/risktriggers.dll

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), redis $(redis-server --version | awk '{print $3}' | cut -d= -f2)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "--- ceiling: redis-benchmark -P 16 -q -t set,get,incr,lpush,zadd -n 200000"
redis-benchmark -p "$port" -P 16 -q -t set,get,incr,lpush,zadd -n 200000 | tr '\r' '\n' | grep -E 'requests per second' | tee "$work/ceiling.txt"
ceiling=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "requests") { sum += $(i-1); n++ } } END { printf "%.0f", sum / n }' "$work/ceiling.txt")
echo "ceiling (mean of the five): $ceiling ops/s"
redis-cli -p "$port" flushall >/dev/null

for p in $partitions; do
  redis-cli -p "$port" flushall >/dev/null
  redis-cli -p "$port" config resetstat >/dev/null
  line=$(dotnet "$host" redis-load --redis "127.0.0.1:$port" --prefix load: --conversations "$conversations" --partitions "$p")
  # Commands Redis executed, inside scripts included, minus the bookkeeping of this script and the warm-up event.
  ops=$(redis-cli -p "$port" info commandstats | awk -F'[:=,]' '/^cmdstat_/ && $1 !~ /cmdstat_(config|info|flushall|script|client|hello|cluster|echo|ping|subscribe)/ { s += $3 } END { print s }')
  events=$(echo "$line" | awk '{ print $2 }')
  rate=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "events/s,") print $(i-1) }')
  per=$(awk -v o="$ops" -v e="$events" 'BEGIN { printf "%.2f", o / e }')
  achieved=$(awk -v r="$rate" -v p="$per" 'BEGIN { printf "%.0f", r * p }')
  ratio=$(awk -v a="$achieved" -v c="$ceiling" 'BEGIN { printf "%.3f", a / c }')
  echo "--- $line"
  echo "    redis ops/event: $per (INFO commandstats); events/s x ops/event = $achieved ops/s = $ratio of the ceiling (target >= 0.333)"
done
