#!/bin/bash
# tests/bench/rest-profile.sh: "make bench-rest-profile": what one request
# of ofctl_rest.so costs ofmanager, for the three calls of rest-bench.sh
# (GET /stats/switches, POST /stats/flowentry/add, GET /stats/flow/1 on
# an OpenFlow 1.3 bridge of Open vSwitch), counted rather than timed so
# that a shared machine does not blur it:
#   * system calls per request: strace -c -f attached to ofmanager while
#     wrk runs (the table of the calls made, divided by the requests);
#   * instructions and heap allocations per request: ofmanager under
#     callgrind, instrumented only while wrk runs.
# The requests are counted from ofmanager's access log (one line each).
# Environment: BENCH_BUILDDIR, BENCH_SRCDIR (as rest-bench.sh),
# BENCH_SECONDS (3, each wrk run), BENCH_TOP (functions listed, 12),
# BENCH_PROFILE_MODES ("strace callgrind perf"), BENCH_PROFILE_DIR (where the
# callgrind files are kept, callgrind-1.out for the first call...; default
# none).
src=${BENCH_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top=${BENCH_BUILDDIR:-$src/build}
[ "$(id -u)" = 0 ] || { echo "rest-profile: needs root for Open vSwitch"; exit 1; }
for tool in wrk strace valgrind callgrind_control callgrind_annotate perf; do
    command -v $tool >/dev/null || { echo "rest-profile: $tool not found (tests/setup.sh)"; exit 1; }
done
. "$src/tests/ovs/ovs-lib.sh"
ovs_isolate "$@" || exit 1
tmp=$(mktemp -d /tmp/ofm-rest-profile.XXXXXX)
ofm_pid=
stop_ofm() {
    if [ -n "$ofm_pid" ]; then
        kill -TERM "$ofm_pid" 2>/dev/null
        wait "$ofm_pid" 2>/dev/null
        ofm_pid=
    fi
}
# shellcheck disable=SC2016
ovs_at_cleanup 'stop_ofm; rm -rf "$tmp"'
secs=${BENCH_SECONDS:-3}
ntop=${BENCH_TOP:-12}
port=8094
url=http://127.0.0.1:$port
bin=$top/manager/.libs/ofmanager
[ -x "$bin" ] || bin=$top/manager/ofmanager
export LD_LIBRARY_PATH=$top/sdk/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1

# start_ofm [WRAPPER...]: ofmanager with ofctl_rest.so, the bridge
# connected to it.
start_ofm() {
    : >"$tmp/ofm.log"
    "$@" "$bin" --ofp-tcp-listen-port 6653 --wsapi-port $port \
        "$top/plugins/.libs/ofctl_rest.so" >"$tmp/ofm.log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
    ovs_wait_connected s1 30 \
        && ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[1\\]'" 30 \
        || { echo "switch did not connect: $(tail -5 "$tmp/ofm.log")"; exit 1; }
}

# served: the access-log lines so far.
served() {
    grep -c '" 200 ' "$tmp/ofm.log"
}

calls=("GET /stats/switches" "POST /stats/flowentry/add" "GET /stats/flow/1")
wrk_call() {
    case $1 in
    "GET /stats/switches") wrk -t2 -c64 -d"${secs}s" "$url/stats/switches" ;;
    "POST /stats/flowentry/add")
        wrk -t2 -c64 -d"${secs}s" -s "$src/tests/bench/rest-post.lua" "$url/stats/flowentry/add" ;;
    "GET /stats/flow/1") wrk -t2 -c64 -d"${secs}s" "$url/stats/flow/1" ;;
    esac >"$tmp/wrk.out" 2>&1
}

profile_strace() {
    start_ofm
    echo "== system calls per request (strace -c -f on ofmanager, wrk -t2 -c64 -d${secs}s)"
    for call in "${calls[@]}"; do
        local before after
        before=$(served)
        strace -c -f -q -o "$tmp/strace.out" -p "$ofm_pid" &
        local spid=$!
        sleep 0.5
        wrk_call "$call"
        sleep 0.5
        kill -INT "$spid"
        wait "$spid" 2>/dev/null
        after=$(served)
        local n=$((after - before))
        echo "-- $call: $n requests"
        awk -v n="$n" '
            $1 ~ /^[0-9.]+$/ && NF >= 5 {
                if ($NF == "total") next
                calls[$NF] = $4; total += $4
            }
            END {
                printf "   %-16s %8.2f\n", "total", n ? total / n : 0
                for (k in calls) printf "   %-16s %8.2f\n", k, n ? calls[k] / n : 0
            }' "$tmp/strace.out" | sort -k2 -nr | head -12
    done
    stop_ofm
}

# count_calls FILE NAME...: how many times callgrind saw each function
# called.
count_calls() {
    python3 - "$@" <<'EOF'
import re, sys
names, counts, cfn = {}, {}, None
for line in open(sys.argv[1]):
    m = re.match(r'c?fn=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(2):
            names[m.group(1)] = m.group(2).strip()
        cfn = names.get(m.group(1)) if line.startswith('cfn=') else None
        continue
    m = re.match(r'calls=(\d+)', line)
    if m and cfn:
        counts[cfn] = counts.get(cfn, 0) + int(m.group(1))
for f in sys.argv[2:]:
    print(sum(v for k, v in counts.items() if k == f or k.startswith(f + "'")))
EOF
}

profile_callgrind() {
    local cg=$tmp/callgrind.out
    start_ofm valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$cg.%p"
    echo "== instructions per request (callgrind, only while wrk runs)"
    local i=0
    for call in "${calls[@]}"; do
        local before after
        before=$(served)
        callgrind_control -z "$ofm_pid" >/dev/null
        callgrind_control -i on "$ofm_pid" >/dev/null
        wrk_call "$call"
        callgrind_control -i off "$ofm_pid" >/dev/null
        sleep 0.5
        after=$(served)
        rm -f "$cg".*.[0-9]*
        callgrind_control -d "$ofm_pid" >/dev/null
        local f
        f=$(ls -t "$cg".* | head -1)
        local n=$((after - before))
        i=$((i + 1))
        [ -z "${BENCH_PROFILE_DIR:-}" ] || cp "$f" "$BENCH_PROFILE_DIR/callgrind-$i.out"
        local ir
        ir=$(callgrind_annotate "$f" 2>/dev/null \
             | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
        read -r nm nc nr < <(count_calls "$f" malloc calloc realloc | tr '\n' ' ')
        echo "-- $call: $n requests"
        awk -v n="$n" -v ir="${ir:-0}" -v m="$nm" -v c="$nc" -v r="$nr" 'BEGIN {
            if (!n) { print "   no request served while instrumented"; exit }
            printf "   instructions per request: %.0f\n", ir / n
            printf "   allocations per request: %.1f (malloc %.1f, calloc %.1f, realloc %.1f)\n", (m + c + r) / n, m / n, c / n, r / n
        }'
        callgrind_annotate "$f" 2>/dev/null | awk '/file:function/ { f = 1; getline; next } f && NF' \
            | head -n "$ntop" | sed "s/ \[.*//; s|$src/||; s/^/   /"
    done
    stop_ofm
}

# The system calls of a few requests in order (strace, one connection).
profile_trace() {
    start_ofm
    echo "== system calls in order, one keep-alive connection (strace -f)"
    for call in "${calls[@]}"; do
        strace -f -q -o "$tmp/trace.out" -p "$ofm_pid" &
        local spid=$!
        sleep 0.5
        case $call in
        POST*) wrk -t1 -c1 -d1s -s "$src/tests/bench/rest-post.lua" "$url${call#* }" ;;
        *) wrk -t1 -c1 -d1s "$url${call#* }" ;;
        esac >/dev/null 2>&1
        sleep 0.3
        kill -INT "$spid"
        wait "$spid" 2>/dev/null
        echo "-- $call"
        sed -n '20,44p' "$tmp/trace.out" | cut -c1-150 | sed 's/^/   /'
    done
    stop_ofm
}

# Where the time goes (perf's cpu-clock samples; the wall-clock view the
# counts above miss, e.g. a memset that callgrind counts per byte).
profile_perf() {
    start_ofm
    echo "== CPU samples of ofmanager (perf record, cpu-clock, wrk -t2 -c64 -d${secs}s)"
    local i=0
    for call in "${calls[@]}"; do
        i=$((i + 1))
        local data=$tmp/perf-$i.data
        [ -z "${BENCH_PROFILE_DIR:-}" ] || data=$BENCH_PROFILE_DIR/perf-$i.data
        perf record -q -e cpu-clock -g -p "$ofm_pid" -o "$data" >/dev/null 2>&1 &
        local ppid=$!
        sleep 0.3
        wrk_call "$call"
        kill -INT "$ppid"
        wait "$ppid" 2>/dev/null
        echo "-- $call: $(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out") req/s under perf"
        perf report -i "$data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -n "$ntop" | sed 's/^/   /'
    done
    stop_ofm
}

for mode in ${BENCH_PROFILE_MODES:-strace callgrind}; do
    "profile_$mode"
done
