#!/usr/bin/env bash
# Runs every test: restores, builds, starts a private redis-server on a free loopback port, runs all
# NUnit projects (unit, contract on both stores, integration, browser) and stops the server.
# Installs what is missing (redis-server, chromium, the Noto CJK fonts the dashboard's Chinese text needs) with
# apt-get on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without a CJK font Chromium draws 我要投诉 as tofu boxes, and the dashboard's font test fails.
{ [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

work=$(mktemp -d)
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export RISKTRIGGERS_TEST_REDIS="127.0.0.1:$port"
echo "test.sh: redis-server $(redis-server --version | awk '{print $3}') on $RISKTRIGGERS_TEST_REDIS"

dotnet build RiskTriggers.sln -c Release -nologo -v q
set +e
dotnet test RiskTriggers.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

# One closing line for all test assemblies together.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$work/test.log"
exit "$status"
