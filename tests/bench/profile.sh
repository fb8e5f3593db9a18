#!/bin/bash
# tests/bench/profile.sh: "make bench-profile".  Runs ofmanager under
# valgrind's callgrind with cbench.so and then switch.so, drives it with
# ofbench (throughput mode, 16 switches, OpenFlow 1.0 unless BENCH_VERSION
# says 1.3), and instruments only the steady state (from after the
# handshake to the end of the run).  For each plugin it prints the
# PACKET_INs handled, the instructions per PACKET_IN, the heap allocations
# (malloc, calloc, realloc) and frees per PACKET_IN, the PACKET_INs per
# recv() and per send(), and the functions with the most instructions.
#
# Needs valgrind and python3.  Environment: BENCH_BUILDDIR, BENCH_SRCDIR
# (as bench.sh), BENCH_VERSION (1.0), BENCH_TOP (functions listed, 15),
# BENCH_PLUGINS (the plugins profiled, "cbench switch"), BENCH_PROFILE_DIR
# (where the callgrind files are kept; default a temporary directory,
# removed at the end).
set -u

src=${BENCH_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BENCH_BUILDDIR:-$src/build}
version=${BENCH_VERSION:-1.0}
top=${BENCH_TOP:-15}
keep=${BENCH_PROFILE_DIR:-}

for tool in valgrind callgrind_control callgrind_annotate python3; do
    if ! command -v $tool > /dev/null; then
        echo "profile.sh: $tool not found (apt-get install valgrind python3)" >&2
        exit 1
    fi
done
bin=$build/manager/.libs/ofmanager
[ -x "$bin" ] || bin=$build/manager/ofmanager
ofbench=$build/sdk/tools/ofbench

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofm-profile.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
out_dir=${keep:-$tmp}
mkdir -p "$out_dir"

# calls FILE NAME...: how many times each function was called.
calls () {
    python3 - "$@" <<'EOF'
import re, sys
names, counts, cfn = {}, {}, None
for line in open(sys.argv[1]):
    m = re.match(r'c?fn=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(2):
            names[m.group(1)] = m.group(2).strip()
        if line.startswith('cfn='):
            cfn = names.get(m.group(1))
        continue
    m = re.match(r'calls=(\d+)', line)
    if m and cfn:
        counts[cfn] = counts.get(cfn, 0) + int(m.group(1))
for f in sys.argv[2:]:
    print(sum(v for k, v in counts.items() if k == f or k.startswith(f + "'")))
EOF
}

for plugin in ${BENCH_PLUGINS:-cbench switch}; do
    port=$((30000 + RANDOM % 20000))
    cg=$out_dir/callgrind-$plugin.out
    LD_LIBRARY_PATH=$build/sdk/.libs valgrind --tool=callgrind --instr-atstart=no \
        --callgrind-out-file="$cg" "$bin" --ofp-listen-host 127.0.0.1 \
        --ofp-tcp-listen-port "$port" --default-log-level 30 \
        "$build/plugins/.libs/$plugin.so" > "$tmp/vg.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        [ -n "$(ss -Hltn "sport = :$port" 2> /dev/null)" ] && break
        sleep 0.1
    done
    # The tests start 2 s after the handshake: instrumentation goes on in
    # between, so the handshake is left out.
    "$ofbench" -c 127.0.0.1 -p "$port" -V "$version" -t -s 16 -M 1000 \
        -m 1000 -l 2 -w 1 -D 2000 > "$tmp/ofbench.out" 2>&1 &
    bpid=$!
    sleep 1.5
    callgrind_control -i on "$pid" > /dev/null
    wait $bpid
    callgrind_control -i off "$pid" > /dev/null
    kill "$pid"
    wait "$pid" 2> /dev/null
    pid=

    read -r n_pin n_malloc n_calloc n_realloc n_free n_recv n_send < <(
        calls "$cg" ofm_decode_packet_in malloc calloc realloc free recv send | tr '\n' ' ')
    ir=$(callgrind_annotate "$cg" 2> /dev/null \
         | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
    echo "== ofmanager + $plugin.so, ofbench -t -s 16, OpenFlow $version (steady state under callgrind)"
    echo "ofbench (slowed by valgrind): $(grep '^RESULT' "$tmp/ofbench.out")"
    if [ "${n_pin:-0}" -eq 0 ]; then
        echo "no PACKET_IN handled while instrumented"
        continue
    fi
    awk -v n="$n_pin" -v ir="$ir" -v m="$n_malloc" -v c="$n_calloc" -v r="$n_realloc" \
        -v f="$n_free" -v rc="$n_recv" -v sd="$n_send" 'BEGIN {
        printf "PACKET_INs handled: %d\n", n
        printf "instructions: %d, %.0f per PACKET_IN\n", ir, ir / n
        printf "heap: %d malloc, %d calloc, %d realloc, %d free: %.6f allocations per PACKET_IN\n", m, c, r, f, (m + c + r) / n
        printf "I/O: %d recv, %d send: %.0f PACKET_INs per recv, %.0f per send\n", rc, sd, rc ? n / rc : 0, sd ? n / sd : 0
    }'
    echo "top functions (instructions, own code):"
    callgrind_annotate "$cg" 2> /dev/null | awk '/file:function/ { f = 1; getline; next } f && NF' \
        | head -n "$top" | sed "s/ \[.*//; s|$src/||"
    echo
done
