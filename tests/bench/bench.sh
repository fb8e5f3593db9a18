#!/bin/bash
# tests/bench/bench.sh: "make bench".  Measures, side by side in one run on
# this machine, with ofbench (OpenFlow 1.0):
#
#   canned               tests/bench/canned, the canned-reply responder (the
#                        practical ceiling: it parses nothing)
#   ofmanager+cbench     ofmanager with cbench.so
#   os-ken cbench        osken-manager with tests/bench/osken_cbench.py
#   ofmanager+switch     ofmanager with switch.so (the learning switch)
#   os-ken switch        osken-manager with tests/bench/osken_switch.py
#   ovs-testcontroller   Open vSwitch's learning switch (16 switches at most)
#
# in latency and throughput mode at 1, 16 and 256 switches, each run
# BENCH_REPEAT times, interleaved (every controller once, then again), so
# that other load on the machine hits all of them alike; the table gives
# the median.  Then the scale run: BENCH_SCALE switches connected at once to
# ofmanager, through the handshake, idle with echo keepalive both ways for
# BENCH_HOLD seconds; handshake time, RSS, RSS per switch.
#
# Prints the table and writes it as Markdown to BENCH_OUT (default
# tests/bench/RESULTS.md in the source tree), with the machine described.
# Exit status: 0, or 1 if a run of ofmanager or canned failed or got a
# malformed or unexpected reply (the peers' failures are reported, not
# fatal).
#
# Environment (all optional): BENCH_BUILDDIR, BENCH_SRCDIR (default: from
# this script's place, build tree ../../build), BENCH_MS (period length,
# 500), BENCH_LOOPS (periods measured, 4), BENCH_WARMUP (1), BENCH_REPEAT
# (5), BENCH_SIZES ("1 16 256"), BENCH_MACS (source MACs per switch, 1000),
# BENCH_SCALE (10000; 0 skips), BENCH_HOLD (10), BENCH_ONLY (controller
# names to run, e.g. "canned ofmanager+cbench"), BENCH_OUT.
set -u

src=${BENCH_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BENCH_BUILDDIR:-$src/build}
ms=${BENCH_MS:-500}
loops=${BENCH_LOOPS:-4}
warmup=${BENCH_WARMUP:-1}
repeat=${BENCH_REPEAT:-5}
sizes=${BENCH_SIZES:-1 16 256}
macs=${BENCH_MACS:-1000}
scale=${BENCH_SCALE:-10000}
hold=${BENCH_HOLD:-10}
out_md=${BENCH_OUT:-$src/tests/bench/RESULTS.md}
only=${BENCH_ONLY:-}

ofmanager=$build/manager/ofmanager
ofbench=$build/sdk/tools/ofbench
canned=$build/tests/bench/canned
plugins=$build/plugins/.libs

ALL=(canned ofmanager+cbench os-ken-cbench ofmanager+switch os-ken-switch ovs-testcontroller)
declare -A LABEL=(
    [canned]="canned responder"
    [ofmanager+cbench]="ofmanager + cbench.so"
    [os-ken-cbench]="os-ken + osken_cbench.py"
    [ofmanager+switch]="ofmanager + switch.so"
    [os-ken-switch]="os-ken + osken_switch.py"
    [ovs-testcontroller]="ovs-testcontroller"
)
OVS_MAX_SWITCHES=16

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofm-bench.XXXXXX") || exit 1
declare -A PID PORT
failed=0

stop_all () {
    local name
    for name in "${!PID[@]}"; do
        stop_one "$name"
    done
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

say () {
    printf '%s\n' "$*" >&2
}

for prog in "$ofmanager" "$ofbench" "$canned" "$plugins/cbench.so" "$plugins/switch.so"; do
    if [ ! -e "$prog" ]; then
        say "bench.sh: $prog is not built (run make first)"
        exit 1
    fi
done

# Which controllers this machine can run.
available () {
    case $1 in
    os-ken-*) command -v osken-manager > /dev/null ;;
    ovs-testcontroller) command -v ovs-testcontroller > /dev/null ;;
    *) return 0 ;;
    esac
}
CTLS=()
for name in "${ALL[@]}"; do
    if [ -n "$only" ] && ! [[ " $only " == *" $name "* ]]; then
        continue
    fi
    if available "$name"; then
        CTLS+=("$name")
    else
        say "bench.sh: ${LABEL[$name]} not installed: left out"
    fi
done

# True if something listens on TCP 'port' of 127.0.0.1.
listening () {
    if command -v ss > /dev/null; then
        [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
    fi
}

# A free port, different for each controller of a run.
next_port=$((20000 + RANDOM % 20000))
free_port () {
    while listening "$next_port"; do
        next_port=$((next_port + 1))
    done
    echo "$next_port"
    next_port=$((next_port + 1))
}

# start_one NAME [EXTRA ARGS for ofmanager]: starts a controller on a free
# port and waits until it listens.
start_one () {
    local name=$1 port
    shift
    port=$(free_port)
    local log=$tmp/$name.log
    case $name in
    canned)
        "$canned" -a 127.0.0.1 -p "$port" > "$log" 2>&1 &
        ;;
    ofmanager+cbench|ofmanager+switch)
        "$ofmanager" --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port "$port" \
            --default-log-level 30 "$@" "$plugins/${name#ofmanager+}.so" \
            > "$log" 2>&1 &
        ;;
    os-ken-cbench|os-ken-switch)
        osken-manager --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port "$port" \
            "$src/tests/bench/osken_${name#os-ken-}.py" > "$log" 2>&1 &
        ;;
    ovs-testcontroller)
        ovs-testcontroller --unixctl="$tmp/ovs-testcontroller.ctl" \
            "ptcp:$port:127.0.0.1" > "$log" 2>&1 &
        ;;
    esac
    PID[$name]=$!
    PORT[$name]=$port
    local i
    for i in $(seq 300); do
        if listening "$port"; then
            return 0
        fi
        if ! kill -0 "${PID[$name]}" 2> /dev/null; then
            break
        fi
        sleep 0.05
    done
    say "bench.sh: ${LABEL[$name]} did not start:"
    cat "$log" >&2
    unset "PID[$name]"
    return 1
}

stop_one () {
    local pid=${PID[$1]:-}
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2> /dev/null
    local i
    for i in $(seq 50); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    unset "PID[$1]"
}

# Peak resident set size of 'pid', in kB.
peak_rss () {
    sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2> /dev/null
}

# Keeps in RSS_MAX the highest peak RSS seen for each controller (across
# restarts).
declare -A RSS_MAX
note_rss () {
    local v
    v=$(peak_rss "${PID[$1]:-0}")
    if [ -n "$v" ] && [ "$v" -gt "${RSS_MAX[$1]:-0}" ]; then
        RSS_MAX[$1]=$v
    fi
}

# CPU time (user + system, in clock ticks) of 'pid'.
cpu_ticks () {
    awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0
}

# quiesce NAME...: waits until none of the controllers uses CPU (a slow
# controller keeps working through its backlog after ofbench has left,
# which would steal from the next one measured); one still busy after
# 5 s is restarted.
quiesce () {
    local name i busy before after
    declare -A t0
    for i in $(seq 25); do
        for name in "$@"; do
            t0[$name]=$(cpu_ticks "${PID[$name]}")
        done
        sleep 0.2
        busy=()
        for name in "$@"; do
            after=$(cpu_ticks "${PID[$name]}")
            before=${t0[$name]}
            if [ $((after - before)) -gt 1 ]; then
                busy+=("$name")
            fi
        done
        [ ${#busy[@]} -eq 0 ] && return 0
    done
    for name in "${busy[@]}"; do
        say "bench.sh: ${LABEL[$name]} still busy 5 s after its run: restarted"
        note_rss "$name"
        stop_one "$name"
        start_one "$name" || return 1
    done
}

# field NAME FILE: the number before NAME in ofbench's summary lines.
field () {
    sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" "$2" | head -n 1
}

ours () {
    case $1 in canned|ofmanager+*) return 0 ;; *) return 1 ;; esac
}

# One ofbench run: appends "N MODE NAME REP RATE STATUS" to $tmp/runs.
run_one () {
    local name=$1 n=$2 mode=$3 rep=$4 flag=
    [ "$mode" = throughput ] && flag=-t
    local o=$tmp/run-$name-$n-$mode-$rep
    timeout 120 "$ofbench" -c 127.0.0.1 -p "${PORT[$name]}" -s "$n" -M "$macs" \
        -m "$ms" -l "$loops" -w "$warmup" $flag > "$o.out" 2> "$o.err"
    local rc=$? rate status=ok
    rate=$(sed -n 's|^RESULT: .* = [0-9.]*/[0-9.]*/\([0-9.]*\)/[0-9.]* responses/s$|\1|p' "$o.out")
    local malformed unexpected
    malformed=$(field malformed "$o.out")
    unexpected=$(field unexpected "$o.out")
    if [ -z "$rate" ] || [ $rc -ne 0 ]; then
        status="exit$rc,malformed=${malformed:-?},unexpected=${unexpected:-?}"
        say "bench.sh: ${LABEL[$name]}, $n switches, $mode: ofbench exit status $rc"
        head -n 5 "$o.err" >&2
        if ours "$name"; then
            failed=1
        fi
    fi
    echo "$n $mode $name $rep ${rate:-0} $status" >> "$tmp/runs"
    printf '  %-26s %4s switches %-10s run %s: %12s responses/s%s\n' \
        "${LABEL[$name]}" "$n" "$mode" "$rep" "${rate:-failed}" \
        "$([ "$status" = ok ] || echo " ($status)")" >&2
}

# ---- The machine. ----
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
cores=$(nproc)
kernel=$(uname -sr)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$(date +%s)
say "bench.sh: $cpu, $cores cores, $kernel; load average $load_start"
say "bench.sh: ${#CTLS[@]} controllers, switches: $sizes, $repeat runs each," \
    "$warmup+$loops periods of $ms ms"
: > "$tmp/runs"
: > "$tmp/rss"

# ---- Latency and throughput. ----
for n in $sizes; do
    run_ctls=()
    for name in "${CTLS[@]}"; do
        if [ "$name" = ovs-testcontroller ] && [ "$n" -gt $OVS_MAX_SWITCHES ]; then
            continue
        fi
        if start_one "$name"; then
            run_ctls+=("$name")
        elif ours "$name"; then
            failed=1
        fi
    done
    for mode in latency throughput; do
        for rep in $(seq "$repeat"); do
            for name in "${run_ctls[@]}"; do
                quiesce "${run_ctls[@]}"
                run_one "$name" "$n" "$mode" "$rep"
            done
        done
    done
    for name in "${run_ctls[@]}"; do
        note_rss "$name"
        echo "$n $name ${RSS_MAX[$name]:-}" >> "$tmp/rss"
        unset "RSS_MAX[$name]"
        stop_one "$name"
    done
done

# ---- Scale: many idle switches. ----
# One descriptor per switch in ofbench and in the controller.
: > "$tmp/scale"
if [ "$scale" -gt 0 ]; then
    need=$((scale + 256))
    nr_open=$(cat /proc/sys/fs/nr_open 2> /dev/null || echo 0)
    if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$need" ]; then
        if [ "$nr_open" -ge "$need" ]; then
            ulimit -Hn "$need" 2> /dev/null
        fi
    fi
    ulimit -Sn "$need" 2> /dev/null
    if [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$need" ]; then
        say "bench.sh: scale run skipped: $need descriptors needed, the limit" \
            "is $(ulimit -Sn) (hard $(ulimit -Hn), fs.nr_open $nr_open)"
        echo "skipped open-file limit $(ulimit -Sn) (hard $(ulimit -Hn), fs.nr_open $nr_open) below $need" > "$tmp/scale"
    else
        for name in ofmanager+cbench ofmanager+switch canned; do
            if [ -n "$only" ] && ! [[ " $only " == *" $name "* ]]; then
                continue
            fi
            # The controller probes every switch every 2 s too.
            start_one "$name" --echo-request-interval 2 || { failed=1; continue; }
            o=$tmp/scale-$name
            timeout 300 "$ofbench" -c 127.0.0.1 -p "${PORT[$name]}" -s "$scale" \
                --idle --hold "$hold" --echo 2 --connect-window 64 \
                --controller-pid "${PID[$name]}" > "$o.out" 2> "$o.err"
            rc=$?
            hs=$(sed -n 's/^handshake-all: \([0-9.]*\) ms.*/\1/p' "$o.out")
            line=$(grep '^controller RSS' "$o.out")
            before=$(echo "$line" | sed -n 's/.*: \([0-9]*\) kB before.*/\1/p')
            after=$(echo "$line" | sed -n 's/.* \([0-9]*\) kB at the end.*/\1/p')
            per=$(echo "$line" | sed -n 's/.*: \([0-9]*\) bytes per switch.*/\1/p')
            echoes=$(sed -n 's/^echo: \(.*\)/\1/p' "$o.out")
            conn=$(sed -n 's/^switches: [0-9]*, \([0-9]*\) connected at the end.*/\1/p' "$o.out")
            echo "$name ${hs:-?} ${before:-?} ${after:-?} ${per:-?} ${conn:-?} $rc $(peak_rss "${PID[$name]}")|$echoes" >> "$tmp/scale"
            say "  scale: ${LABEL[$name]}: $scale switches, handshake ${hs:-?} ms," \
                "RSS ${before:-?} -> ${after:-?} kB, ${per:-?} bytes per switch," \
                "${conn:-?} connected at the end, ofbench exit $rc"
            if [ $rc -ne 0 ]; then
                head -n 5 "$o.err" >&2
                failed=1
            fi
            stop_one "$name"
        done
    fi
fi

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - t0 ))

# ---- The report. ----
# median NAME N MODE: the median rate of the successful runs, or "".
median () {
    awk -v c="$1" -v n="$2" -v m="$3" '
        $1 == n && $2 == m && $3 == c && $6 == "ok" { v[k++] = $5 }
        END {
            if (!k) { exit }
            for (i = 0; i < k; i++)
                for (j = i + 1; j < k; j++)
                    if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            printf "%.0f\n", k % 2 ? v[int(k / 2)] : (v[k / 2 - 1] + v[k / 2]) / 2
        }' "$tmp/runs"
}
rss_of () {
    awk -v c="$1" -v n="$2" '$1 == n && $2 == c { print $3 }' "$tmp/rss"
}
# fmt_rate R: 1234567 -> "1,234,567"; "" -> "-".
fmt_rate () {
    if [ -z "$1" ]; then
        echo "-"
    else
        echo "$1" | awk '{ s = $1; while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'
    fi
}
ratio () {
    if [ -z "$1" ] || [ -z "$2" ] || [ "$2" = 0 ]; then
        echo "-"
    else
        awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r >= 10 ? "%.0fx" : "%.2fx"), r }'
    fi
}

{
echo "# ofbench results"
echo
echo "Measured by \`make bench\` (tests/bench/bench.sh) on $started."
echo
echo "- Machine: $cpu, $cores cores, $mem RAM, $kernel."
echo "- Load average $load_start at the start, $load_end at the end" \
     "(other work was running: compare rows, not machines)."
echo "- ofbench, OpenFlow 1.0, \`-M $macs\` source MACs per switch," \
     "$warmup warm-up and $loops measured periods of $ms ms per run;" \
     "every figure is the median of $repeat runs, interleaved across" \
     "controllers.  Responses are well-formed FLOW_MODs and PACKET_OUTs" \
     "(a learning switch answers a known destination with both)."
echo "- Both ends share the $cores cores: ofbench takes one, so the" \
     "controller gets at most the other."
echo "- Versions: $("$ofmanager" --version 2>&1 | head -n 1);" \
     "$(command -v osken-manager > /dev/null && osken-manager --version 2>&1 | tail -n 1);" \
     "$(command -v ovs-testcontroller > /dev/null && ovs-testcontroller --version 2>&1 | head -n 1)."
echo "- Run time: $elapsed s."
# table_head LEAD RULE [vs]: a Markdown table's header after the LEAD
# columns: a column per switch count, and with "vs" a ratio to the canned
# responder per switch count.
table_head () {
    local head=$1 rule=$2 n
    for n in $sizes; do
        head="$head $n sw |"
        rule="$rule ---: |"
    done
    if [ "${3:-}" = vs ]; then
        for n in $sizes; do
            head="$head vs canned ($n) |"
            rule="$rule ---: |"
        done
    fi
    echo "$head"
    echo "$rule"
}
for mode in latency throughput; do
    echo
    if [ "$mode" = latency ]; then
        echo "## Latency mode (one PACKET_IN outstanding per switch), responses/s"
    else
        echo "## Throughput mode (\`-t\`: PACKET_INs as fast as the socket takes them), responses/s"
    fi
    echo
    table_head "| controller |" "| --- |" vs
    for name in "${CTLS[@]}"; do
        row="| ${LABEL[$name]} |"
        for n in $sizes; do
            row="$row $(fmt_rate "$(median "$name" "$n" "$mode")") |"
        done
        for n in $sizes; do
            row="$row $(ratio "$(median "$name" "$n" "$mode")" "$(median canned "$n" "$mode")") |"
        done
        echo "$row"
    done
done

echo
echo "## Ratios, ofmanager to its peers (same plugin role, same run)"
echo
table_head "| ratio | mode |" "| --- | --- |"
for pair in "ofmanager+cbench os-ken-cbench" "ofmanager+switch os-ken-switch" \
            "ofmanager+switch ovs-testcontroller" "ofmanager+cbench ovs-testcontroller"; do
    set -- $pair
    for mode in latency throughput; do
        row="| ${LABEL[$1]} / ${LABEL[$2]} | $mode |"
        for n in $sizes; do
            row="$row $(ratio "$(median "$1" "$n" "$mode")" "$(median "$2" "$n" "$mode")") |"
        done
        echo "$row"
    done
done

echo
echo "## Peak RSS of the controller (VmHWM, both modes), kB"
echo
table_head "| controller |" "| --- |"
for name in "${CTLS[@]}"; do
    row="| ${LABEL[$name]} |"
    for n in $sizes; do
        v=$(rss_of "$name" "$n")
        row="$row $(fmt_rate "$v") |"
    done
    echo "$row"
done

echo
echo "## Scale: $scale switches at once, idle"
echo
if grep -q '^skipped' "$tmp/scale"; then
    echo "Not run: $(cut -d' ' -f2- "$tmp/scale")."
elif [ -s "$tmp/scale" ]; then
    echo "ofbench \`-s $scale --idle --hold $hold --echo 2 --connect-window 64\`;" \
         "the controller sends its own echo requests every 2 s too."
    echo "RSS per switch is the controller's growth from before the first" \
         "connection to the end of the hold, divided by the switches."
    echo
    echo "| controller | handshake all | RSS before | RSS at the end | RSS per idle switch | connected at the end | echo |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    while IFS='|' read -r fields echoes; do
        set -- $fields
        echo "| ${LABEL[$1]} | $2 ms | $(fmt_rate "$3") kB | $(fmt_rate "$4") kB | $(fmt_rate "$5") bytes | $6 | $echoes |"
    done < "$tmp/scale"
fi

echo
echo "## Targets (throughput mode, 16 switches, OpenFlow 1.0, same run)"
echo
target () {     # target TEXT OK
    echo "- $1: $([ "$2" = 1 ] && echo met || echo "NOT met")"
}
c16=$(median canned 16 throughput)
cb16=$(median ofmanager+cbench 16 throughput)
sw16=$(median ofmanager+switch 16 throughput)
cl16=$(median canned 16 latency)
cbl16=$(median ofmanager+cbench 16 latency)
ge () {         # ge A B FACTOR: A >= B * FACTOR
    [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { exit !(a >= b * f) }'
}
ge "$cb16" "$c16" 0.5 && ok=1 || ok=0
target "ofmanager + cbench.so at least 1/2 of canned: $(ratio "$cb16" "$c16")" $ok
ge "$sw16" "$c16" 0.3333 && ok=1 || ok=0
target "ofmanager + switch.so at least 1/3 of canned: $(ratio "$sw16" "$c16")" $ok
ge "$cbl16" "$cl16" 0.9 && ok=1 || ok=0
target "latency mode within 10% of canned (ofmanager + cbench.so): $(ratio "$cbl16" "$cl16")" $ok
if [ -s "$tmp/scale" ] && ! grep -q '^skipped' "$tmp/scale"; then
    read -r _ hs _ _ per conn _ < <(grep '^ofmanager+cbench ' "$tmp/scale" | cut -d'|' -f1)
    awk -v h="${hs:-x}" 'BEGIN { exit !(h + 0 > 0 && h < 5000) }' && ok=1 || ok=0
    target "$scale switches handshake in under 5 s (ofmanager + cbench.so): ${hs:-?} ms" $ok
    awk -v p="${per:-x}" 'BEGIN { exit !(p + 0 > 0 && p < 5120) }' && ok=1 || ok=0
    target "under 5 KB RSS per idle switch (ofmanager + cbench.so): ${per:-?} bytes" $ok
fi
} > "$tmp/results.md"

cat "$tmp/results.md"
if cp "$tmp/results.md" "$out_md" 2> /dev/null; then
    say "bench.sh: written to $out_md"
else
    say "bench.sh: cannot write $out_md"
fi
exit $failed
