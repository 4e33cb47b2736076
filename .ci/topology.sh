#!/usr/bin/env bash
# The deployment topology of compose.yaml, without containers: one fresh PostgreSQL database, two
# `sos-reference serve` processes on it and haproxy (deploy/haproxy.cfg) in front on a free port.
# Waits for /readyz through the proxy, runs the conformance suite through the proxy with tokens
# minted against the same DATABASE_URL, checks that both replicas answered, and fails if the suite
# does. The suite runs as a supplier installs it: `pip install ./contract_tests` into a virtualenv of
# its own, so a dependency it uses but does not declare fails here, not at a supplier's. Everything
# it starts is stopped, and its database dropped, on the way out.
#
#   .ci/topology.sh            (needs .venv: `make test` makes it; PostgreSQL on 127.0.0.1:5432)
#   SOS_TOPOLOGY_SERVER=postgresql+psycopg://user@host:5432   another server
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
SERVER="${SOS_TOPOLOGY_SERVER:-postgresql+psycopg://postgres@127.0.0.1:5432}"
DATABASE="sos_topology_$$"
export DATABASE_URL="$SERVER/$DATABASE"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sos-topology.XXXXXX")"
PIDS=()
started=$SECONDS

say() { echo "topology: $*"; }

cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    "$BIN/python" - "$SERVER" "$DATABASE" <<'PY' || true
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1] + "/postgres", isolation_level="AUTOCOMMIT")
with engine.connect() as connection:
    connection.execute(text(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)'))
PY
    if [ "$status" -ne 0 ]; then
        for log in "$WORK"/*.log; do
            [ -f "$log" ] || continue
            echo "--- last lines of $(basename "$log")"
            tail -n 20 "$log"
        done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

if [ ! -x "$BIN/sos-reference" ]; then
    say "no .venv with sos-reference: run make test first" >&2
    exit 1
fi
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
if [ ! -x "$HAPROXY" ]; then
    say "haproxy is missing; installing Debian's package"
    (apt-get install -y -qq haproxy >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq haproxy)) >/dev/null
    HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
fi

read -r PROXY_PORT API1_PORT API2_PORT < <("$BIN/python" - <<'PY'
import socket
sockets = [socket.socket() for _ in range(3)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))
for s in sockets:
    s.close()
PY
)
BASE="http://127.0.0.1:$PROXY_PORT"

# The suite on its own, with only its declared dependencies (installed while the service starts,
# from a copy, so the build leaves nothing in the checkout).
SUITE="$WORK/supplier"
cp -R contract_tests "$WORK/suite-source"
rm -rf "$WORK/suite-source/build" "$WORK"/suite-source/*.egg-info
(python3 -m venv "$SUITE" && "$SUITE/bin/python" -m pip install --quiet "$WORK/suite-source") \
    >"$WORK/suite-install.log" 2>&1 &
SUITE_INSTALL=$!
PIDS+=("$SUITE_INSTALL")

say "database $DATABASE on ${SERVER##*@}"
"$BIN/sos-reference" migrate >"$WORK/migrate.log" 2>&1

for port in "$API1_PORT" "$API2_PORT"; do
    "$BIN/sos-reference" serve --host 127.0.0.1 --port "$port" >"$WORK/api-$port.log" 2>&1 &
    PIDS+=($!)
done
SOS_PROXY_BIND="127.0.0.1:$PROXY_PORT" SOS_API1="127.0.0.1:$API1_PORT" SOS_API2="127.0.0.1:$API2_PORT" \
    "$HAPROXY" -db -f deploy/haproxy.cfg >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)

# Ready when the proxy answers /readyz twice in a row with 200: both replicas are up and checked
# (given two minutes at least: each replica imports the app and a slow machine takes its time).
ready=0
for _ in $(seq 1 240); do
    if "$BIN/python" - "$BASE" <<'PY'
import sys, urllib.request
try:
    ok = all(urllib.request.urlopen(sys.argv[1] + "/readyz", timeout=2).status == 200 for _ in range(2))
except OSError:
    ok = False
sys.exit(0 if ok else 1)
PY
    then
        ready=1
        break
    fi
    sleep 0.5
done
if [ "$ready" -ne 1 ]; then
    say "the proxy never answered /readyz with 200" >&2
    exit 1
fi
say "ready through haproxy at $BASE after $((SECONDS - started)) s (replicas on $API1_PORT and $API2_PORT)"

if ! wait "$SUITE_INSTALL"; then
    say "the conformance suite did not install on its own (pip install ./contract_tests)" >&2
    exit 1
fi

TOKEN="$("$BIN/sos-reference" token --la 990)"
OTHER="$("$BIN/sos-reference" token --la 991)"
READ_ONLY="$("$BIN/sos-reference" token --la 990 --read-only)"
suite=0
"$SUITE/bin/sos-conformance" --base-url "$BASE" --token "$TOKEN" --other-token "$OTHER" \
    --read-only-token "$READ_ONLY" --report-dir "$WORK/report" >"$WORK/conformance.log" 2>&1 || suite=$?
tail -n 5 "$WORK/conformance.log"
if [ "$suite" -ne 0 ]; then
    say "the conformance suite failed through the proxy (exit $suite)" >&2
    exit 1
fi

# Both replicas answered: each wrote access-log lines for requests that came through the proxy.
for port in "$API1_PORT" "$API2_PORT"; do
    lines=$(grep -c '"path":"/v1/' "$WORK/api-$port.log" || true)
    if [ "$lines" -lt 10 ]; then
        say "the replica on port $port answered only $lines request(s): the proxy did not share the load" >&2
        exit 1
    fi
    say "replica on port $port answered $lines requests"
done
say "passed in $((SECONDS - started)) s"
