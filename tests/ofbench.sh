#! /bin/sh
# tests/ofbench.sh: runs ofbench against the canned responder
# (tests/bench/canned) on a free loopback port, briefly, in latency and
# throughput mode with OpenFlow 1.0 and 1.3, and checks that each run
# prints cbench's RESULT line with responses and no malformed messages;
# then against "canned --broken" and checks that ofbench reports the
# malformed FLOW_MODs; then the idle mode; then against ofmanager with
# cbench.so and with switch.so (the subjects of "make bench"), both versions
# and modes, checking every reply is counted and well-formed and no switch
# is lost.  No timing is asserted (that is "make bench").
#
# Environment: OFBENCH, CANNED and OFMANAGER override the programs' paths
# (default: the build tree, from the current directory as "make check" runs
# it).

set -u

OFBENCH=${OFBENCH:-./sdk/tools/ofbench}
CANNED=${CANNED:-./tests/bench/canned}
OFMANAGER=${OFMANAGER:-./manager/ofmanager}
plugins=./plugins/.libs
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofbench-test.XXXXXX") || exit 99
canned_pid=
ofm_pid=
failures=0

# stop_pid VAR: stops the process whose pid is in $VAR, empties VAR.
stop_pid () {
    eval "p=\$$1"
    if test -n "$p"; then
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    fi
    eval "$1="
}

# shellcheck disable=SC2317 # called by the trap
cleanup () {
    stop_pid canned_pid
    stop_pid ofm_pid
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for prog in "$OFBENCH" "$CANNED" "$OFMANAGER" "$plugins/cbench.so" \
            "$plugins/switch.so"; do
    if test ! -e "$prog"; then
        echo "ofbench.sh: $prog not built" >&2
        exit 99
    fi
done

fail () {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# start_canned [--broken]: starts canned on a free port, sets $port.
start_canned () {
    stop_pid canned_pid
    : > "$tmp/canned.out"
    "$CANNED" -a 127.0.0.1 -p 0 "$@" > "$tmp/canned.out" 2> "$tmp/canned.err" &
    canned_pid=$!
    port=
    i=0
    while test $i -lt 100; do
        port=$(sed -n 's/^canned: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' \
               "$tmp/canned.out")
        test -n "$port" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "ofbench.sh: canned did not start" >&2
    cat "$tmp/canned.err" >&2
    exit 99
}

# field NAME FILE: the number before NAME in ofbench's "messages:" and
# "requests:" lines, e.g. "malformed" or "responses".
field () {
    sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" "$2" | head -n 1
}

# run NAME ARGS...: runs ofbench, output in $tmp/NAME.out, status in $rc.
run () {
    name=$1
    shift
    timeout 60 "$OFBENCH" -c 127.0.0.1 -p "$port" "$@" \
        > "$tmp/$name.out" 2> "$tmp/$name.err"
    rc=$?
}

# check_run NAME SWITCHES: the run NAME ended with cbench's RESULT line
# last, counted responses, saw no malformed or unexpected message and got
# every switch through the handshake.
check_run () {
    out=$tmp/$1.out
    if test $rc -ne 0; then
        fail "$1: ofbench exited with status $rc"
        cat "$out" "$tmp/$1.err" >&2
        return
    fi
    grep -Eq "^RESULT: $2 switches 2 tests min/max/avg/stdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ responses/s\$" "$out" \
        || fail "$1: no RESULT line"
    test "$(tail -n 1 "$out" | cut -c1-7)" = "RESULT:" \
        || fail "$1: RESULT is not the last line"
    responses=$(field "responses counted" "$out")
    test "${responses:-0}" -gt 0 || fail "$1: no responses"
    malformed=$(field malformed "$out")
    test "${malformed:-x}" = 0 || fail "$1: $malformed malformed"
    unexpected=$(field unexpected "$out")
    test "${unexpected:-x}" = 0 || fail "$1: $unexpected unexpected"
    grep -q "^handshake: $2 of $2 switches" "$out" \
        || fail "$1: no handshake line"
    echo "ok: $1: ${responses:-0} responses, $(tail -n 1 "$out")"
}

# both_modes PREFIX SWITCHES ARGS...: latency and throughput runs, both
# versions.
both_modes () {
    prefix=$1
    switches=$2
    shift 2
    for version in 1.0 1.3; do
        for mode in latency throughput; do
            flag=
            test $mode = throughput && flag=-t
            run "$prefix$mode-$version" -V $version $flag -s "$switches" "$@"
            check_run "$prefix$mode-$version" "$switches"
        done
    done
}

start_canned
both_modes "" 4 -M 1000 -m 200 -l 2 -w 1

# Negative test: every FLOW_MOD malformed, none counted, exit status 2.
start_canned --broken
for version in 1.0 1.3; do
    name="broken-$version"
    run "$name" -V $version -t -W 4 -s 2 -m 200 -l 1 -w 0
    out=$tmp/$name.out
    malformed=$(field malformed "$out")
    responses=$(field "responses counted" "$out")
    if test "${malformed:-0}" -gt 0 && test "${responses:-x}" = 0 \
       && test $rc -eq 2; then
        echo "ok: $name: $malformed malformed FLOW_MODs reported"
    else
        fail "$name: malformed=${malformed:-?} responses=${responses:-?} status=$rc"
        cat "$out" "$tmp/$name.err" >&2
    fi
    grep -q 'malformed: FLOW_MOD' "$tmp/$name.err" \
        || fail "$name: no diagnostic on stderr"
done

# Idle mode: handshake, hold with echo keepalives (canned answers them),
# RSS report, no RESULT line.
start_canned
run idle -s 50 --idle --hold 2 --echo 1 --controller-pid "$canned_pid"
out=$tmp/idle.out
if test $rc -eq 0 && grep -q '^handshake: 50 of 50 switches' "$out" \
   && grep -Eq '^echo: .* [1-9][0-9]* sent every 1 s, [1-9][0-9]* answered' "$out" \
   && grep -q '^ofbench RSS: [0-9]* kB' "$out" \
   && grep -q '^controller RSS (pid [0-9]*): ' "$out" \
   && ! grep -q '^RESULT' "$out"; then
    echo "ok: idle"
else
    fail "idle: status $rc"
    cat "$out" "$tmp/idle.err" >&2
fi

# ofmanager with the benchmark's two plugins.  start_ofmanager PLUGIN:
# on a free port (tried until one is), sets $port.
start_ofmanager () {
    stop_pid ofm_pid
    tries=0
    while test $tries -lt 20; do
        tries=$((tries + 1))
        port=$(( ($$ + tries * 7919) % 20000 + 30000 ))
        rm -f "$tmp/ofm.pid"
        "$OFMANAGER" --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port "$port" \
            --default-log-level 30 --pid-file "$tmp/ofm.pid" "$plugins/$1.so" \
            > "$tmp/ofmanager.out" 2> "$tmp/ofmanager.err" &
        ofm_pid=$!
        i=0
        while test $i -lt 100; do
            test -s "$tmp/ofm.pid" && return 0
            kill -0 "$ofm_pid" 2>/dev/null || break
            sleep 0.1
            i=$((i + 1))
        done
        wait "$ofm_pid" 2>/dev/null
        ofm_pid=
        grep -q 'cannot listen' "$tmp/ofmanager.err" 2>/dev/null || break
    done
    echo "ofbench.sh: ofmanager $1.so did not start" >&2
    cat "$tmp/ofmanager.err" >&2
    exit 99
}

for plugin in cbench switch; do
    start_ofmanager $plugin
    both_modes "$plugin-" 8 -M 100 -m 250 -l 2 -w 1
    kill -0 "$ofm_pid" 2>/dev/null || { fail "ofmanager $plugin.so died"; cat "$tmp/ofmanager.err" >&2; }
    stop_pid ofm_pid
done

# Usage errors.
"$OFBENCH" -V 1.2 > /dev/null 2>&1 && fail "-V 1.2 accepted"
"$OFBENCH" -W 4 > /dev/null 2>&1 && fail "-W without -t accepted"
"$OFBENCH" --help | grep -q '^usage: ofbench' || fail "--help"
"$OFBENCH" --version | grep -q '^ofbench ' || fail "--version"

if test $failures -ne 0; then
    echo "$failures failure(s)" >&2
    exit 1
fi
exit 0
