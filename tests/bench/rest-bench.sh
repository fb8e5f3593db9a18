#!/bin/bash
# tests/bench/rest-bench.sh: "make bench-rest": ofctl_rest.so's requests
# per second and latency percentiles under wrk, 64 keep-alive connections
# on 2 threads, for GET /stats/switches, POST /stats/flowentry/add and
# GET /stats/flow/1, the last two each one round trip to a real Open
# vSwitch bridge (OpenFlow 1.3, userspace datapath), then the same three
# against os-ken on the same bridge, and the ratio.  BENCH_SECONDS (5)
# sets each run's length.
#
# os-ken's side: Debian's python3-os-ken ships os_ken.lib.ofctl_v1_* but
# neither os_ken.app.ofctl_rest nor os_ken.app.wsgi, so it runs
# tests/bench/osken_ofctl_rest.py, which serves the three calls with
# os-ken's ofctl library on the stack of Ryu's wsgi (eventlet WSGI,
# routes, webob).  BENCH_OSKEN=0 leaves it out.
src=${BENCH_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top=${BENCH_BUILDDIR:-$src/build}
[ "$(id -u)" = 0 ] || { echo "rest-bench: needs root for Open vSwitch"; exit 1; }
. "$src/tests/ovs/ovs-lib.sh"
ovs_isolate "$@" || exit 1
tmp=$(mktemp -d /tmp/ofm-rest-bench.XXXXXX)
ofm_pid=
ovs_at_cleanup '[ -n "$ofm_pid" ] && kill -TERM "$ofm_pid" 2>/dev/null; rm -rf "$tmp"'
fails=0
fail() { fails=$((fails + 1)); echo "FAIL - $1"; }
test_done() { [ "$fails" = 0 ]; }
secs=${BENCH_SECONDS:-5}
threads=${BENCH_WRK_THREADS:-2}
port=8092
url=http://127.0.0.1:$port

command -v wrk >/dev/null || { echo "wrk is not installed (tests/setup.sh)"; exit 1; }
ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1
"$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --wsapi-port $port \
    ofctl_rest.so >"$tmp/ofm.log" 2>&1 &
ofm_pid=$!
ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
ovs_wait_connected s1 15 \
    && ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[1\\]'" 15 \
    || { echo "switch did not connect: $(tail -5 "$tmp/ofm.log")"; exit 1; }

declare -A rps_of
run() {
    local side=$1 name=$2; shift 2
    wrk -t"$threads" -c64 -d"${secs}s" --latency "$@" >"$tmp/wrk.out" 2>&1
    local rps p50 p90 p99
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.out")
    p90=$(awk '$1 == "90%" {print $2}' "$tmp/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
    if grep -q "Non-2xx" "$tmp/wrk.out"; then
        echo "$side $name: non-2xx replies: $(grep Non-2xx "$tmp/wrk.out")"
        fail "$side $name"
    fi
    if [ -z "$rps" ]; then
        echo "$side $name: wrk gave no figure: $(tail -3 "$tmp/wrk.out")"
        fail "$side $name"
    fi
    local ratio=
    if [ "$side" = os-ken ] && [ -n "${rps_of[$name]:-}" ] && [ -n "$rps" ]; then
        ratio=$(awk -v a="${rps_of[$name]}" -v b="$rps" 'BEGIN { if (b > 0) printf "%.1fx", a / b }')
    else
        rps_of[$name]=$rps
    fi
    printf '%-10s %-28s %10s %8s %8s %8s %8s\n' "$side" "$name" "$rps" "$p50" "$p90" "$p99" "$ratio"
}
run_all() {
    local side=$1 u=$2
    run "$side" "GET /stats/switches" "$u/stats/switches"
    run "$side" "POST /stats/flowentry/add" -s "$src/tests/bench/rest-post.lua" "$u/stats/flowentry/add"
    run "$side" "GET /stats/flow/1" "$u/stats/flow/1"
}
printf '%-10s %-28s %10s %8s %8s %8s %8s\n' side request req/s p50 p90 p99 "ofm/osk"
run_all ofmanager "$url"
nflows=$(ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -c priority=)

if [ "${BENCH_OSKEN:-1}" != 0 ]; then
    kill -TERM "$ofm_pid" 2>/dev/null
    wait "$ofm_pid" 2>/dev/null
    ofm_pid=
    command -v osken-manager >/dev/null || { echo "osken-manager is not installed (tests/setup.sh)"; exit 1; }
    osport=8093
    OSKEN_REST_PORT=$osport osken-manager --ofp-listen-host 127.0.0.1 \
        --ofp-tcp-listen-port 6654 "$src/tests/bench/osken_ofctl_rest.py" \
        >"$tmp/osken.log" 2>&1 &
    ofm_pid=$!
    osurl=http://127.0.0.1:$osport
    ovs_set_controller s1 tcp:127.0.0.1:6654 || exit 1
    ovs_wait_connected s1 20 \
        && ovs_wait_for sh -c "curl -s $osurl/stats/switches | grep -qx '\\[1\\]'" 20 \
        || { echo "os-ken: switch did not connect: $(tail -5 "$tmp/osken.log")"; exit 1; }
    # Both sides see the same table: the flow the POST run added.
    if [ "$(curl -s "$osurl/stats/flow/1" | jq '.["1"] | length')" != "$nflows" ]; then
        fail "os-ken's GET /stats/flow/1 does not list the bridge's $nflows flow(s)"
    fi
    run_all os-ken "$osurl"
fi
test_done
