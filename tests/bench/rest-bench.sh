#!/bin/bash
# tests/bench/rest-bench.sh: "make bench-rest": ofctl_rest.so's requests
# per second and latency percentiles under wrk, 64 keep-alive connections
# on 2 threads, for GET /stats/switches, POST /stats/flowentry/add and
# GET /stats/flow/1, the last two each one round trip to a real Open
# vSwitch bridge (OpenFlow 1.3, userspace datapath).  BENCH_SECONDS (5)
# sets each run's length.
#
# os-ken's side of the comparison is not run: Debian's python3-os-ken
# ships os_ken.lib.ofctl_v1_* but not os_ken.app.ofctl_rest nor
# os_ken.app.wsgi, so there is no os-ken ofctl_rest to start here.
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

printf '%-28s %10s %8s %8s %8s\n' request req/s p50 p90 p99
run() {
    local name=$1; shift
    wrk -t2 -c64 -d"${secs}s" --latency "$@" >"$tmp/wrk.out" 2>&1
    local rps p50 p90 p99
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.out")
    p90=$(awk '$1 == "90%" {print $2}' "$tmp/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
    if grep -q "Non-2xx" "$tmp/wrk.out"; then
        echo "$name: non-2xx replies: $(grep Non-2xx "$tmp/wrk.out")"
        fail "$name"
    fi
    printf '%-28s %10s %8s %8s %8s\n' "$name" "$rps" "$p50" "$p90" "$p99"
}
run "GET /stats/switches" "$url/stats/switches"
run "POST /stats/flowentry/add" -s "$src/tests/bench/rest-post.lua" "$url/stats/flowentry/add"
run "GET /stats/flow/1" "$url/stats/flow/1"
test_done
