#!/usr/bin/env bash
# The Orleans cluster (issue #9) with a real redis-server (AOF on) and real host processes, printing the figures
# docs/operations.md and benchmarks/RESULTS.md quote. Modes:
# drills (default):
#   kill    3 workers, a generated day published to rt:events:N, one worker kill -9'd at a random moment and started
#           again later; the alert ids in rt:alerts against a single-process `replay` of the same file (lost,
#           duplicated, extra). Once per run, each with its own kill time.
#   redis   the same day, Redis shut down mid-stream and started again on its AOF; the same comparison.
#   overdue a customer message whose reply deadline falls due while its partition's owner is dead (kill -9): the
#           ReplyOverdue alert fires once, and how late (its commit to rt:alerts after the due time).
# throughput: the publisher alone first; then 3 workers on one Redis, the day published while they run, until every
#           partition has caught up on event time: events/s beside `redis-benchmark -P 16` on the same server in the
#           same run, Redis ops per event (INFO commandstats, the publisher's XADDs and commands inside scripts
#           included), and CPU seconds of each process (hosts, publisher, redis-server).
# latency:  the embedded default (`serve`, no Redis) under a steady 5,000 events/s over HTTP for 30s: event accepted ->
#           alert recorded, p50 and p99 from the host's risktriggers_alert_latency_seconds histogram.
# Usage: [DLL=…] benchmarks/cluster-drill.sh [drills|throughput|latency] [interactions, default 20000] [kill runs, default 3] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-drills}
interactions=${2:-20000}
runs=${3:-3}
seed=${4:-$$}
RANDOM=$seed
shards=8
lateness=30s # the default; the overdue run uses 2s so the deadline, not the idle wait, is what it measures

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
# A process' CPU seconds so far (user + sys, from /proc).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
redis_cpu() { "${redis[@]}" info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.2f", s }'; }
rate_of() { awk -v s="$1" -v e="$events" 'BEGIN { printf "%.0f", e / s }'; }
# stream-publish FILE, its wall and CPU seconds (user + sys) written to $2 as "wall cpu".
publish_timed() {
  /usr/bin/time -f '%e %U %S' -o "$2.raw" dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$1" 2>/dev/null
  awk '{ printf "%s %.1f\n", $1, $2 + $3 }' "$2.raw" >"$2"
}

work=$(mktemp -d)
port=$(free_port)
redis=(redis-cli -p "$port")
declare -A pids=() host_cpu0=() host_cpu=()

start_redis() {
  redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --appendfsync everysec --save '' --daemonize yes \
    --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 100); do "${redis[@]}" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start" >&2; exit 1
}

stop_hosts() { for i in "${!pids[@]}"; do kill -9 "${pids[$i]}" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_hosts; "${redis[@]}" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
trap 'echo "cluster-drill: stopped by a failed command at line $LINENO: $BASH_COMMAND" >&2' ERR

# DLL=path/risktriggers.dll runs another build (e.g. a copy of main's, for a before/after in the same minutes).
dll=${DLL:-host/bin/Release/net10.0/risktriggers.dll}
[[ -n ${DLL:-} ]] || dotnet build host -c Release -nologo -v q >/dev/null

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

# Polls (bounded) until every partition has caught up on event time: its committed watermark has reached the last
# event of its stream less the lateness, so every event before that has run and is committed. (Not "cursor at the
# end": a caught-up stream holds its last events until it has been quiet for the lateness, 30 of the 42s a run took.)
# The day is in time order, so a stream's last entry is its latest event. One script per poll (one redis-cli process:
# forks cost the hosts CPU); polls counts them.
polls=0
wait_caught_up() {
  local targets deadline=$(( $(date +%s) + 900 ))
  targets=$("${redis[@]}" --raw eval "local r = {}
      for p = 0, $((shards - 1)) do
        local last = redis.call('XREVRANGE', 'rt:events:' .. p, '+', '-', 'COUNT', 1)[1]
        r[#r + 1] = last and last[2][2] or '{}'
      end
      return r" 0 | python3 -c '
import sys, json, datetime
lateness_ms = int(sys.argv[1])
for line in sys.stdin:
    at = json.loads(line).get("occurredAt")
    print(int(datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000) - lateness_ms if at else 0)' "$(( ${lateness%s} * 1000 ))" | paste -sd' ')
  if [[ $(wc -w <<<"$targets") != "$shards" ]]; then echo "no event time to wait for in every stream: '$targets'" >&2; return 1; fi
  while (( $(date +%s) < deadline )); do
    polls=$((polls + 1))
    local behind
    behind=$("${redis[@]}" eval "local behind = 0
      for p = 0, $((shards - 1)) do
        if tonumber(redis.call('HGET', 'rt:{p:' .. p .. '}:position', 'watermark') or '0') < tonumber(ARGV[p + 1]) then behind = behind + 1 end
      end
      return behind" 0 $targets)
    [[ $behind =~ ^[0-9]+$ ]] || { echo "polling the watermarks failed: $behind" >&2; return 1; }
    (( behind == 0 )) && return 0
    sleep 0.1
  done
  echo "timed out waiting for the partitions to catch up" >&2; return 1
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

# Partition activations in the run's host logs ("owned here", per host) and how many were migrations to their place.
moves() {
  local counts
  counts=$(for i in 0 1 2; do grep -c 'owned here' "$work/host-$i.log" || true; done | paste -sd/)
  echo "activations $counts ($(cat "$work"/host-*.log | grep -c 'its place' || true) moves to their place)"
}

fresh() { stop_hosts; "${redis[@]}" flushall >/dev/null; : >"$work/host-0.log"; : >"$work/host-1.log"; : >"$work/host-2.log"; }

start_redis
silo_base=$(free_port); gateway_base=$(free_port)
# Ports of their own for three silos: two blocks of three from free ports (a clash fails the start, loudly).
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), redis $(redis-server --version | awk '{print $3}' | cut -d= -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $mode; $interactions interactions, $shards partitions, lateness $lateness, seed $seed"

# A day three days back: inside the intake's age bound, and every deadline of it (email replies: 4h) is past the wall clock.
start=$(date -u -d '3 days ago' +%Y-%m-%dT08:00:00Z)
dotnet "$dll" generate --interactions "$interactions" --seed 11 --start "$start" --out "$work/day.jsonl"
events=$(wc -l <"$work/day.jsonl")
echo "day: $events events from $start"

if [[ $mode == throughput ]]; then
  echo "--- ceiling: redis-benchmark -P 16 -q -t set,get,incr,lpush,zadd -n 200000"
  redis-benchmark -p "$port" -P 16 -q -t set,get,incr,lpush,zadd -n 200000 | tr '\r' '\n' | grep -E 'requests per second' | tee "$work/ceiling.txt"
  ceiling=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "requests") { sum += $(i-1); n++ } } END { printf "%.0f", sum / n }' "$work/ceiling.txt")
  # The publisher alone (no hosts), into an empty Redis: how fast the day can be put in the streams at all.
  fresh
  publish_timed "$work/day.jsonl" "$work/publish-alone.txt"
  read -r alone_s alone_cpu <"$work/publish-alone.txt"
  echo "publisher alone: $events events in ${alone_s}s = $(rate_of "$alone_s") events/s, ${alone_cpu}s CPU"
  fresh
  start_hosts
  "${redis[@]}" config resetstat >/dev/null
  for i in 0 1 2; do host_cpu0[$i]=$(cpu_of "${pids[$i]}"); done
  redis_cpu0=$(redis_cpu); polls=1 # the EVAL that reads the targets
  t0=$(now_ms)
  publish_timed "$work/day.jsonl" "$work/publish.txt"
  published=$(( $(now_ms) - t0 ))
  wait_caught_up
  took=$(( $(now_ms) - t0 ))
  for i in 0 1 2; do host_cpu[$i]=$(awk -v a="$(cpu_of "${pids[$i]}")" -v b="${host_cpu0[$i]}" 'BEGIN { printf "%.1f", a - b }'); done
  redis_cpu_s=$(awk -v a="$(redis_cpu)" -v b="$redis_cpu0" 'BEGIN { printf "%.1f", a - b }')
  read -r _ pub_cpu <"$work/publish.txt"
  # Commands Redis executed, inside scripts included, less this script's own bookkeeping and its polling (one EVAL each).
  ops=$("${redis[@]}" info commandstats | awk -F'[:=,]' -v polls="$polls" '/^cmdstat_/ && $1 !~ /cmdstat_(config|info|flushall|script|client|hello|cluster|echo|ping|subscribe|xrevrange|hget)$/ { s += $3 } END { print s - polls }')
  rate=$(( events * 1000 / took ))
  per=$(awk -v o="$ops" -v e="$events" 'BEGIN { printf "%.2f", o / e }')
  ratio=$(awk -v r="$rate" -v p="$per" -v c="$ceiling" 'BEGIN { printf "%.3f", r * p / c }')
  echo "ceiling (mean of the five): $ceiling ops/s"
  echo "3 workers: $events events published and run by every partition (caught up on event time) in $((took / 1000)).$(( took % 1000 / 100 ))s = $rate events/s (publisher done at $((published / 1000)).$(( published % 1000 / 100 ))s, caught up $(( (took - published) / 1000 )).$(( (took - published) % 1000 / 100 ))s after); redis ops/event $per; events/s x ops/event / ceiling = $ratio (target >= 0.333; load $(cut -d' ' -f1-3 /proc/loadavg))"
  total_cpu=$(awk -v a="${host_cpu[0]}" -v b="${host_cpu[1]}" -v c="${host_cpu[2]}" -v p="$pub_cpu" -v r="$redis_cpu_s" 'BEGIN { printf "%.1f", a + b + c + p + r }')
  echo "CPU seconds (user+sys) during the run: hosts ${host_cpu[0]} + ${host_cpu[1]} + ${host_cpu[2]}, publisher $pub_cpu, redis-server $redis_cpu_s = $total_cpu for $((took / 1000)).$(( took % 1000 / 100 ))s on $(nproc) cores; per event: $(awk -v t="$total_cpu" -v e="$events" 'BEGIN { printf "%.1f", t * 1e6 / e }') us (hosts $(awk -v a="${host_cpu[0]}" -v b="${host_cpu[1]}" -v c="${host_cpu[2]}" -v e="$events" 'BEGIN { printf "%.1f", (a + b + c) * 1e6 / e }') us)"
  "${redis[@]}" info commandstats | grep -E '^cmdstat_(xadd|xrange|evalsha|eval|hset|hget|hmget|zadd|zrem|zrangebyscore|incr|get|set|hgetall)[:]' | cut -d, -f1-2
  # What the day leaves in Redis: the streams (capped by StreamMaxLength) and the customers' snapshots.
  "${redis[@]}" --raw eval "local c, m, s = 0, 0, 0 for p = 0, $((shards - 1)) do
      c = c + redis.call('HLEN', 'rt:{p:' .. p .. '}:customers')
      m = m + (redis.call('MEMORY', 'USAGE', 'rt:{p:' .. p .. '}:customers') or 0)
      s = s + (redis.call('MEMORY', 'USAGE', 'rt:events:' .. p) or 0) end
    return {c, m, s}" 0 | paste -sd' ' | awk '{ printf "kept: %d customers in %.1f MB of snapshots (%.0f B each), streams %.1f MB; ", $1, $2 / 1e6, $2 / ($1 ? $1 : 1), $3 / 1e6 }'
  "${redis[@]}" info memory | grep -E '^used_memory_human' | tr -d '\r'
  exit 0
fi

if [[ $mode == latency ]]; then
  http=$(free_port)
  dotnet "$dll" serve --urls "http://127.0.0.1:$http" >"$work/serve.log" 2>&1 &
  pids[0]=$!; disown "$!"
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$http/health/live" >/dev/null 2>&1 && break; sleep 0.1; done
  python3 - "$work/day.jsonl" "$http" 5000 30 <<'PY'
import http.client, json, sys, time, datetime
path, port, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
lines = [json.loads(l) for l in open(path) if l.strip()]
batch, period = 50, 50 / rate                   # 50 events every 10ms
conn = http.client.HTTPConnection("127.0.0.1", port)
sent, start, i = 0, time.monotonic(), 0
while time.monotonic() - start < seconds:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    events = []
    for _ in range(batch):
        e = dict(lines[i % len(lines)]); e["occurredAt"] = now; e["eventId"] = f"{e['eventId']}-{i}"
        events.append(e); i += 1
    conn.request("POST", "/v1/events", json.dumps(events), {"X-Api-Key": "dev-ingest", "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    if r.status != 202: print("refused", r.status, file=sys.stderr)
    sent += batch
    ahead = start + sent / rate - time.monotonic()
    if ahead > 0: time.sleep(ahead)
took = time.monotonic() - start
print(f"sent {sent} events in {took:.1f}s = {sent / took:.0f} events/s (target {rate})")
PY
  sleep 2 # the last alerts of the load are recorded; the histogram is read once, after
  curl -s "http://127.0.0.1:$http/metrics" | python3 -c '
import sys
buckets = []
for l in sys.stdin:
    if l.startswith("risktriggers_alert_latency_seconds_bucket"):
        le = l.split("le=\"")[1].split("\"")[0]
        buckets.append((float("inf") if le == "+Inf" else float(le), float(l.split()[-1])))
total = buckets[-1][1]
def q(p):
    for le, n in buckets:
        if n >= p * total: return le
print(f"alerts {total:.0f}; event -> alert latency: p50 <= {q(0.5) * 1000:g} ms, p99 <= {q(0.99) * 1000:g} ms (histogram buckets)")
print("  " + ", ".join(f"<= {le * 1000:g} ms: {n / total:.4f}" for le, n in buckets if le < 1))'
  exit 0
fi

dotnet "$dll" replay --lateness "$lateness" "$work/day.jsonl" 2>/dev/null | python3 -c 'import sys, json; [print(json.loads(l)["alertId"]) for l in sys.stdin if l.strip()]' >"$work/expected-ids.txt"
echo "replay raises $(wc -l <"$work/expected-ids.txt") alerts"

expected=$(wc -l <"$work/expected-ids.txt")
for run in $(seq 1 "$runs"); do
  fresh
  start_hosts
  # The kill moment: once a random share of the day's alerts is out, so it falls mid-stream whatever the speed.
  kill_at=$(( 1 + (RANDOM * 32768 + RANDOM) % (expected * 3 / 4) )); victim=$(( RANDOM % 3 )); back_after=$(( 5 + RANDOM % 15 ))
  t0=$(now_ms)
  dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/day.jsonl" 2>/dev/null &
  publisher=$!
  until (( $("${redis[@]}" xlen rt:alerts) >= kill_at )); do sleep 0.02; done
  kill -9 "${pids[$victim]}"
  killed=$(( $(now_ms) - t0 )); out_at_kill=$("${redis[@]}" xlen rt:alerts)
  wait "$publisher"
  published=$(now_ms)
  sleep "$back_after" # the drill's pause, not a synchronisation
  start_host "$victim"
  wait_drained "$published"
  took=$(( $(now_ms) - t0 ))
  echo "kill run $run: host $victim kill -9'd $((killed / 1000)).$((killed % 1000 / 100))s after the publish began ($out_at_kill of $expected alerts out), back ${back_after}s later; drained ${took}ms after the publish began: $(compare); $(moves)"
done

fresh
start_hosts
half=$(( events / 2 ))
head -n "$half" "$work/day.jsonl" >"$work/first.jsonl"; tail -n +"$((half + 1))" "$work/day.jsonl" >"$work/second.jsonl"
dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/first.jsonl" 2>/dev/null
down_at_alerts=$(( 1 + (RANDOM * 32768 + RANDOM) % (expected / 4) ))
until (( $("${redis[@]}" xlen rt:alerts) >= down_at_alerts )); do sleep 0.02; done # mid-stream
out_at_down=$("${redis[@]}" xlen rt:alerts)
"${redis[@]}" shutdown >/dev/null 2>&1 || true # SHUTDOWN with AOF on: everything acknowledged is on disk
down_at=$(now_ms); sleep 5; start_redis; up_at=$(now_ms)
dotnet "$dll" stream-publish --redis "127.0.0.1:$port" --shards "$shards" "$work/second.jsonl" 2>/dev/null
published=$(now_ms)
wait_drained "$published"
echo "redis run: shut down with $out_at_down of $expected alerts out, down $(( (up_at - down_at) / 1000 ))s, hosts carried on by themselves; drained $(( ($(now_ms) - published) / 1000 ))s after the last publish: $(compare); $(moves)"

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
# Its owner now: the host that logged the highest epoch for it (a partition may have been activated twice, e.g. as silos join).
owner=$(grep -o "Partition $owner_partition owned here, epoch [0-9]*" "$work"/host-*.log | sed 's/.*host-\([0-9]\).log:.* epoch \([0-9]*\)/\2 \1/' | sort -n | tail -1 | cut -d' ' -f2)
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
