#! /bin/sh
# tests/ofbench.sh: runs ofbench against the canned responder
# (tests/bench/canned) on a free loopback port, briefly, in latency and
# throughput mode with OpenFlow 1.0 and 1.3, and checks that each run
# prints cbench's RESULT line with responses and no malformed messages;
# then against "canned --broken" and checks that ofbench reports the
# malformed FLOW_MODs; then the idle mode.  No timing is asserted.
#
# Environment: OFBENCH and CANNED override the programs' paths (default:
# the build tree, from the current directory as "make check" runs it).

set -u

OFBENCH=${OFBENCH:-./sdk/tools/ofbench}
CANNED=${CANNED:-./tests/bench/canned}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofbench-test.XXXXXX") || exit 99
canned_pid=
failures=0

# shellcheck disable=SC2317 # called by the trap
cleanup () {
    if test -n "$canned_pid"; then
        kill "$canned_pid" 2>/dev/null
        wait "$canned_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for prog in "$OFBENCH" "$CANNED"; do
    if test ! -x "$prog"; then
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
    if test -n "$canned_pid"; then
        kill "$canned_pid" 2>/dev/null
        wait "$canned_pid" 2>/dev/null
        canned_pid=
    fi
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

start_canned
for version in 1.0 1.3; do
    for mode in latency throughput; do
        name="$mode-$version"
        if test $mode = throughput; then
            flag=-t
        else
            flag=
        fi
        run "$name" -V $version $flag -s 4 -M 1000 -m 200 -l 2 -w 1
        out=$tmp/$name.out
        if test $rc -ne 0; then
            fail "$name: ofbench exited with status $rc"
            cat "$out" "$tmp/$name.err" >&2
            continue
        fi
        grep -Eq '^RESULT: 4 switches 2 tests min/max/avg/stdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ responses/s$' "$out" \
            || fail "$name: no RESULT line"
        test "$(tail -n 1 "$out" | cut -c1-7)" = "RESULT:" \
            || fail "$name: RESULT is not the last line"
        responses=$(field "responses counted" "$out")
        test "${responses:-0}" -gt 0 || fail "$name: no responses"
        malformed=$(field malformed "$out")
        test "${malformed:-x}" = 0 || fail "$name: $malformed malformed"
        unexpected=$(field unexpected "$out")
        test "${unexpected:-x}" = 0 || fail "$name: $unexpected unexpected"
        grep -q '^handshake: 4 of 4 switches' "$out" \
            || fail "$name: no handshake line"
        echo "ok: $name: $(tail -n 1 "$out")"
    done
done

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
