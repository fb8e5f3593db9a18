#!/bin/bash
# tests/bench/tls-bench.sh: part of "make bench".  A controller with a TLS
# listener and mutual authentication (certificates from a CA made here by
# openssl, tests/ovs/tls-certs.sh), ofmanager (cbench.so) and, side by
# side when osken-manager is installed, os-ken (tests/bench/osken_cbench.py)
# with the same certificates and Ryu's same options:
#   - full TLS handshakes per second, `openssl s_time -new` with a client
#     certificate, BENCH_TLS_TIME seconds (default 5);
#   - BENCH_TLS_N (default 1000) fake OpenFlow 1.3 switches over TLS at
#     once (tests/bench/tls_switches.py): time to bring them all to MAIN,
#     and the controller's RSS per switch while they are held.
# Prints the figures and writes them as Markdown to BENCH_TLS_OUT (default
# tests/bench/RESULTS-tls.md in the source tree); exit 1 if ofmanager or its
# switches failed (os-ken's failures are reported, not fatal).
set -u
src=${BENCH_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BENCH_BUILDDIR:-$src/build}
n=${BENCH_TLS_N:-1000}
secs=${BENCH_TLS_TIME:-5}
port=${BENCH_TLS_PORT:-16654}
out_md=${BENCH_TLS_OUT:-$src/tests/bench/RESULTS-tls.md}
tmp=$(mktemp -d /tmp/ofm-tls-bench.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. "$src/tests/ovs/tls-certs.sh"
make_test_pki "$tmp/pki" || { echo "tls-bench: openssl could not make the PKI"; exit 1; }
ulimit -n 8192 2>/dev/null
rows=()
hs_rate=-
tls_opts=(--ctl-privkey "$tmp/pki/ctl.key" --ctl-cert "$tmp/pki/ctl.pem"
          --ca-certs "$tmp/pki/ca.pem")

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

# measure NAME LOG: the two figures for the controller $pid on $port.
measure() {
    local name=$1 log=$2
    hs_rate=-
    for _ in $(seq 100); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
        sleep 0.1
    done
    local out hs
    out=$(timeout $((secs + 10)) openssl s_time -connect 127.0.0.1:$port -new -time "$secs" \
          -cert "$tmp/pki/sw.pem" -key "$tmp/pki/sw.key" -CAfile "$tmp/pki/ca.pem" 2>&1)
    hs=$(echo "$out" | sed -n 's/^\([0-9]*\) connections in \([0-9.]*\) real seconds.*/\1 \2/p' | head -1)
    if [ -n "$hs" ]; then
        set -- $hs
        hs_rate=$(printf '%.0f' "$(echo "$1 / $2" | bc -l)")
        printf '%s: TLS handshakes (new session each, client certificate): %s in %s s (wall clock) = %s/s\n' \
            "$name" "$1" "$2" "$hs_rate"
    else
        echo "$name: openssl s_time failed: $(echo "$out" | tail -3)"
        return 1
    fi

    sleep 1
    local before during sw st up
    before=$(rss)
    /usr/bin/python3 "$src/tests/bench/tls_switches.py" 127.0.0.1 "$port" "$n" \
        "$tmp/pki/sw.pem" "$tmp/pki/sw.key" "$tmp/pki/ca.pem" 5 >"$tmp/sw.out" 2>&1 &
    sw=$!
    for _ in $(seq 1200); do
        grep -q "^connected" "$tmp/sw.out" && break
        kill -0 $sw 2>/dev/null || break
        sleep 0.1
    done
    sleep 2
    during=$(rss)
    wait $sw
    st=$?
    sed "s/^/$name: /" "$tmp/sw.out" | head -5
    up=$(grep -o "^connected [0-9]*" "$tmp/sw.out" | awk '{print $2}')
    local secs_up per
    secs_up=$(sed -n 's/^connected [0-9]* in \([0-9.]*\) s/\1/p' "$tmp/sw.out")
    per=$(printf '%.1f' "$(echo "($during - $before) / $n" | bc -l)")
    printf '%s: %d TLS switches at once: %d in MAIN; RSS %s kB before, %s kB held: %s kB per switch\n' \
        "$name" "$n" "${up:-0}" "$before" "$during" "$per"
    rows+=("| $name | $hs_rate | ${up:-0} of $n | ${secs_up:--} s | $before kB | $during kB | $per kB |")
    kill -0 "$pid" || { echo "$name: the controller died: $(tail -3 "$log")"; return 1; }
    [ "$st" = 0 ] && [ "${up:-0}" -ge "$n" ]
}

"$build/manager/ofmanager" --ofp-listen-host 127.0.0.1 --ofp-ssl-listen-port "$port" \
    "${tls_opts[@]}" --echo-request-interval 30 --handshake-timeout 60 \
    --plugin-path "$build/plugins/.libs" cbench.so >"$tmp/ofm.log" 2>&1 &
pid=$!
measure "ofmanager + cbench.so" "$tmp/ofm.log"
status=$?
up=$(grep -c "connected from" "$tmp/ofm.log")
echo "ofmanager + cbench.so: $up switches logged connected"
[ "$up" -ge "$n" ] || status=1
kill "$pid"; wait "$pid" 2>/dev/null; pid=

if command -v osken-manager >/dev/null; then
    port=$((port + 1))
    osken-manager --ofp-listen-host 127.0.0.1 --ofp-ssl-listen-port "$port" \
        "${tls_opts[@]}" "$src/tests/bench/osken_cbench.py" >"$tmp/osken.log" 2>&1 &
    pid=$!
    measure "os-ken + osken_cbench.py" "$tmp/osken.log" \
        || echo "os-ken + osken_cbench.py: did not hold all $n TLS switches (reported, not fatal)"
    kill "$pid"; wait "$pid" 2>/dev/null; pid=
else
    echo "os-ken: osken-manager not installed, no side-by-side figures"
fi
{
    echo "# TLS results"
    echo
    echo "Measured by \`make bench-tls\` (tests/bench/tls-bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "- Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work may have been running)."
    echo "- TLS 1.2/1.3 with mutual authentication (RSA 2048 certificates from a test CA)."
    echo "- Handshakes: \`openssl s_time -new\` for $secs s, one client process, a full handshake with a client certificate each time (the client's own RSA work bounds the rate on a shared 2-core machine)."
    echo "- Switches: tests/bench/tls_switches.py, $n fake OpenFlow 1.3 switches over TLS at once, through the handshake to MAIN, held 5 s; RSS per switch is the controller's growth divided by $n."
    echo
    echo "| controller | handshakes/s | in MAIN | all in MAIN after | RSS before | RSS held | RSS per switch |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
} >"$out_md"
echo "tls-bench: written to $out_md"
exit $status
