#!/usr/bin/env bash
# Failure drills of the Orleans cluster (issue #9) with a real redis-server (AOF on) and real host processes, printing
# the figures docs/operations.md and benchmarks/RESULTS.md quote:
#   kill    3 workers, a generated day published to rt:events:N, one worker kill -9'd at a random moment and started
#           again later; the alert ids in rt:alerts against a single-process `replay` of the same file (lost,
#           duplicated, extra). Once per run, each with its own kill time.
#   redis   the same day, Redis shut down mid-stream and started again on its AOF; the same comparison.
#   overdue a customer message whose reply deadline falls due while its partition's owner is dead (kill -9): the
#           ReplyOverdue alert fires once, and how late (its commit to rt:alerts after the due time).
# Usage: benchmarks/cluster-drill.sh [interactions, default 20000] [kill runs, default 3] [seed of the kill times]
set -euo pipefail
cd "$(dirname "$0")/.."
interactions=${1:-20000}
runs=${2:-3}
RANDOM=${3:-$$}
shards=8
lateness=30s # the default; the overdue run uses 2s so the deadline, not the idle wait, is what it measures

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

work=$(mktemp -d)
port=$(free_port)
redis=(redis-cli -p "$port")
declare -A pids=()

start_redis() {
  redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --appendfsync everysec --save '' --daemonize yes \
    --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 100); do "${redis[@]}" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start" >&2; exit 1
}

stop_hosts() { for i in "${!pids[@]}"; do kill -9 "${pids[$i]}" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_hosts; "${redis[@]}" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build host -c Release -nologo -v q >/dev/null
dll=host/bin/Release/net10.0/risktriggers.dll

# Host i: a worker (a silo without HTTP) on ports of its own, logging to $work/host-i.log.
start_host() {
  local i=$1; shift
  dotnet "$dll" worker --redis "127.0.0.1:$port" --shards "$shards" --lateness "$lateness" \
    --silo-port $((silo_base + i)) --gateway-port $((gateway_base + i)) "$@" >>"$work/host-$i.log" 2>&1 &
  pids[$i]=$!
  disown "$!" # killed on purpose: no job notices
}
start_hosts() { for i in 0 1 2; do start_host "$i" "$@"; done; wait_started; }

# Polls (bounded) until every host has started: its silo is an active member (a kill before that leaves the joining
# silos without the votes to declare the dead one dead).
wait_started() {
  for _ in $(seq 1200); do
    (( $(grep -l 'Application started' "$work"/host-*.log 2>/dev/null | wc -l) >= 3 )) && return 0
    sleep 0.1
  done
  echo "the hosts did not start" >&2; return 1
}

# Polls (bounded) until every partition has read its stream to the end and its event time has followed the wall clock
# past $1 (Unix ms): everything due before then has fired and is committed, alerts included (one script per batch).
wait_drained() {
  local since=$1 deadline=$(( $(date +%s) + ${2:-600} ))
  while (( $(date +%s) < deadline )); do
    local done=1
    for p in $(seq 0 $((shards - 1))); do
      local last cursor watermark
      last=$("${redis[@]}" --raw xrevrange "rt:events:$p" + - count 1 2>/dev/null | head -1)
      cursor=$("${redis[@]}" --raw hget "rt:{p:$p}:position" cursor 2>/dev/null)
      watermark=$("${redis[@]}" --raw hget "rt:{p:$p}:position" watermark 2>/dev/null)
      if [[ -n "$last" && "$cursor" != "($last" ]] || [[ -z "$watermark" ]] || (( watermark < since )); then done=0; break; fi
    done
    (( done )) && return 0
    sleep 0.2
  done
  echo "timed out waiting for the drain" >&2; return 1
}

# The alert ids of rt:alerts against the replay's: "lost N duplicated N extra N (M alerts)".
compare() {
  "${redis[@]}" --raw xrange rt:alerts - + | awk 'NR % 5 == 3' >"$work/cluster-ids.txt"
  python3 - "$work/expected-ids.txt" "$work/cluster-ids.txt" <<'EOF'
import sys, collections
expected = [l.strip() for l in open(sys.argv[1]) if l.strip()]
got = [l.strip() for l in open(sys.argv[2]) if l.strip()]
counts = collections.Counter(got)
lost = len(set(expected) - set(got))
duplicated = sum(c - 1 for c in counts.values() if c > 1)
extra = len(set(got) - set(expected))
print(f"lost {lost} duplicated {duplicated} extra {extra} ({len(got)} alerts in rt:alerts, replay {len(expected)})")
EOF
}

fresh() { stop_hosts; "${redis[@]}" flushall >/dev/null; : >"$work/host-0.log"; : >"$work/host-1.log"; : >"$work/host-2.log"; }

start_redis
silo_base=$(free_port); gateway_base=$(free_port)
# Ports of their own for three silos: two blocks of three from free ports (a clash fails the start, loudly).
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), redis $(redis-server --version | awk '{print $3}' | cut -d= -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $interactions interactions, $shards partitions, lateness $lateness, seed $RANDOM"

# A day three days back: inside the intake's age bound, and every deadline of it (email replies: 4h) is past the wall clock.
start=$(date -u -d '3 days ago' +%Y-%m-%dT08:00:00Z)
dotnet "$dll" generate --interactions "$interactions" --seed 11 --start "$start" --out "$work/day.jsonl"
events=$(wc -l <"$work/day.jsonl")
dotnet "$dll" replay --lateness "$lateness" "$work/day.jsonl" 2>/dev/null | python3 -c 'import sys, json; [print(json.loads(l)["alertId"]) for l in sys.stdin if l.strip()]' >"$work/expected-ids.txt"
echo "day: $events events from $start; replay raises $(wc -l <"$work/expected-ids.txt") alerts"

for run in $(seq 1 "$runs"); do
  fresh
  start_hosts
  kill_after=$(( 1 + RANDOM % 12 )); victim=$(( RANDOM % 3 )); back_after=$(( 5 + RANDOM % 15 ))
  t0=$(now_ms)
  dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/day.jsonl" 2>/dev/null
  published=$(now_ms)
  sleep $(( kill_after )) # the drill's moment, not a synchronisation
  kill -9 "${pids[$victim]}"
  out_at_kill=$("${redis[@]}" xlen rt:alerts)
  sleep "$back_after"
  start_host "$victim"
  wait_drained "$published"
  took=$(( $(now_ms) - t0 ))
  echo "kill run $run: host $victim kill -9'd ${kill_after}s after the publish ($out_at_kill alerts out by then), back ${back_after}s later; drained in $((took / 1000))s ($(( events * 1000 / took )) events/s overall): $(compare)"
done

fresh
start_hosts
half=$(( events / 2 ))
head -n "$half" "$work/day.jsonl" >"$work/first.jsonl"; tail -n +"$((half + 1))" "$work/day.jsonl" >"$work/second.jsonl"
dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/first.jsonl" 2>/dev/null
sleep 3 # mid-stream: the owners are working through the first half
"${redis[@]}" shutdown >/dev/null 2>&1 || true # SHUTDOWN with AOF on: everything acknowledged is on disk
down_at=$(now_ms); sleep 5; start_redis; up_at=$(now_ms)
dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/second.jsonl" 2>/dev/null
published=$(now_ms)
wait_drained "$published"
echo "redis run: down $(( (up_at - down_at) / 1000 ))s mid-stream, hosts carried on by themselves; drained $(( ($(now_ms) - published) / 1000 ))s after the last publish: $(compare)"

# A reply deadline of 15s (a settings document of its own), due while the partition's owner is dead.
fresh
python3 - "$work/fast-reply.json" <<'EOF'
import json, sys
json.dump({"replyOverdue": {"after": "15s"}}, open(sys.argv[1], "w"))
EOF
lateness=2s
start_hosts --settings "$work/fast-reply.json"
at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
cat >"$work/overdue.jsonl" <<EOF
{"eventId":"od-1","type":"interaction_started","occurredAt":"$at","interactionId":"ix-od","customerId":"cust-od","channel":"chat","queue":"billing","agentId":"agent-01"}
{"eventId":"od-2","type":"customer_message","occurredAt":"$at","interactionId":"ix-od","customerId":"cust-od","text":"hello, my invoice is wrong"}
EOF
dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/overdue.jsonl" 2>/dev/null
owner_partition=$("${redis[@]}" --raw eval "for p = 0, $((shards - 1)) do if redis.call('XLEN', 'rt:events:' .. p) > 0 then return p end end return -1" 0)
sleep 5
owner=$(grep -l "Partition $owner_partition owned here" "$work"/host-*.log | tail -1 | sed 's/.*host-\([0-9]\).log/\1/')
kill -9 "${pids[$owner]}"; killed_at=$(now_ms)
due_ms=$(( $(date -u -d "$at" +%s%3N) + 15000 ))
for _ in $(seq 600); do
  (( $("${redis[@]}" xlen rt:alerts) > 0 )) && break; sleep 0.1
done
"${redis[@]}" --raw xrange rt:alerts - + >"$work/overdue-alerts.txt"
fired=$(awk 'NR % 5 == 1' "$work/overdue-alerts.txt" | head -1 | cut -d- -f1)
sleep 5 # any second firing would show by now (the survivors commit every 50ms)
count=$("${redis[@]}" xlen rt:alerts)
echo "overdue run: owner (host $owner) of partition $owner_partition kill -9'd $(( (due_ms - killed_at) / 1000 ))s before the reply deadline; ReplyOverdue fired $count time(s), $(( fired - due_ms )) ms after it was due"
