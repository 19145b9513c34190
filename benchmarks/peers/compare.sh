#!/usr/bin/env bash
# Whole-process comparison of RiskTriggers' replay with two peers on the same generated day of events.
# Each process reads the same JSON-lines file, parses it and computes the same four signals; wall time and
# peak RSS come from /usr/bin/time -v; the best of RUNS repetitions is reported. Prints a markdown table.
#
#   benchmarks/peers/compare.sh                      # generate the day if missing, build, run 3 times each
#   EVENTS=/path/day.jsonl benchmarks/peers/compare.sh
#   RUNS=1 INTERACTIONS=10000 benchmarks/peers/compare.sh
#
# Environment:
#   EVENTS        events file to use (generated there if it does not exist yet)
#                 default: ${TMPDIR:-/tmp}/risktriggers-peers/day-$INTERACTIONS-seed$SEED.jsonl
#   INTERACTIONS  interactions to generate, default 136000: the generator's default mix gives 9.11 events
#                 per interaction, so 136000 make the 1.24 M events of issue #8 (100000 make 0.91 M)
#   SEED          generator seed, default 7
#   RUNS          repetitions of each process, default 3 (best wall time is reported)
#   SKIP_BUILD=1  use what is built already
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peers="$root/benchmarks/peers"
interactions=${INTERACTIONS:-136000}
seed=${SEED:-7}
runs=${RUNS:-3}
events=${EVENTS:-${TMPDIR:-/tmp}/risktriggers-peers/day-$interactions-seed$seed.jsonl}
lexicon="$root/rules/Data/lexicon.json"
host_dll="$root/host/bin/Release/net10.0/risktriggers.dll"
handwritten_dll="$peers/.artifacts/bin/HandWritten/release/HandWritten.dll"
rulesengine_dll="$peers/.artifacts/bin/RulesEnginePeer/release/RulesEnginePeer.dll"
say() { echo "compare: $*" >&2; }

if [ ! -x /usr/bin/time ]; then
  say "installing time (GNU time, for peak RSS)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  say "building host, HandWritten, RulesEnginePeer (Release)"
  dotnet build host -c Release -nologo -v q >&2
  dotnet build "$peers/HandWritten" -c Release -nologo -v q >&2
  dotnet build "$peers/RulesEnginePeer" -c Release -nologo -v q >&2
fi

if [ ! -s "$events" ]; then
  say "generating $interactions interactions (seed $seed) into $events"
  mkdir -p "$(dirname "$events")"
  dotnet run --project host -c Release --no-build -- generate --interactions "$interactions" --seed "$seed" --out "$events.part" >&2
  mv "$events.part" "$events"
fi
lines=$(wc -l < "$events")
say "$events: $lines lines, $(du -m "$events" | cut -f1) MB"
cat "$events" > /dev/null # into the page cache, so the first process measured is not the only one reading the disk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

names=(handwritten rulesengine risktriggers)
declare -A label=(
  [handwritten]="hand-written loop (System.Text.Json + Dictionary)"
  [rulesengine]="Microsoft RulesEngine 6.0.1 peer"
  [risktriggers]="RiskTriggers \`replay\`"
)
command_of() {
  case "$1" in
    handwritten) echo dotnet "$handwritten_dll" "$events" "$lexicon" ;;
    rulesengine) echo dotnet "$rulesengine_dll" "$events" "$lexicon" ;;
    risktriggers) echo dotnet "$host_dll" replay "$events" ;;
  esac
}

# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:12.34" -> seconds
wall_seconds() {
  sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
rss_mb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ printf "%.0f", $1 / 1024 }'; }
count_of() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

declare -A best_s best_run
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
  for name in "${names[@]}"; do     # round robin, so a slow spell of the machine hits every process alike
    read -ra cmd <<< "$(command_of "$name")"
    if ! /usr/bin/time -v -o "$work/$name.$run.time" "${cmd[@]}" > /dev/null 2> "$work/$name.$run.err"; then
      say "$name failed (run $run):"; cat "$work/$name.$run.err" "$work/$name.$run.time" >&2; exit 1
    fi
    s=$(wall_seconds "$work/$name.$run.time")
    say "run $run/$runs $name: ${s} s, $(rss_mb "$work/$name.$run.time") MB"
    if [ -z "${best_s[$name]:-}" ] || awk -v a="$s" -v b="${best_s[$name]}" 'BEGIN { exit !(a < b) }'; then
      best_s[$name]=$s; best_run[$name]=$run
    fi
  done
done

base=${best_s[handwritten]}
echo
echo "Events: \`$events\` ($lines lines; generate --interactions $interactions --seed $seed unless EVENTS was given)."
echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -m), dotnet $(dotnet --version);" \
  "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown); best of $runs;" \
  "load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)."
echo
echo "| process | events | seconds | events/s | × hand-written time | peak RSS MB | InquiryRepeated | ReplyOverdue | QueueWaitExceeded | NegativePhraseSpotted |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in "${names[@]}"; do
  r=${best_run[$name]}; err="$work/$name.$r.err"; s=${best_s[$name]}
  n=$(grep -oE '[0-9]+ events accepted' "$err" | head -1 | cut -d' ' -f1)
  awk -v label="${label[$name]}" -v n="$n" -v s="$s" -v base="$base" -v rss="$(rss_mb "$work/$name.$r.time")" \
      -v iq="$(count_of "$err" InquiryRepeated)" -v ro="$(count_of "$err" ReplyOverdue)" \
      -v qw="$(count_of "$err" QueueWaitExceeded)" -v np="$(count_of "$err" NegativePhraseSpotted)" \
    'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f | %s | %d | %d | %d | %d |\n", label, n, s, n / s, s / base, rss, iq, ro, qw, np }'
done
