#!/bin/bash
# GET /metrics of wsgi.so against a real Open vSwitch: ofmanager with
# switch.so and wsgi.so, one bridge, two hosts.  The exposition parses
# (prometheus_client's parser); a ping moves the switch's counters by what
# the learning switch did (three packet-ins, two flow-mods, a packet-out
# each); a del-controller counts one "eof" disconnect, process-wide and for
# the datapath, kept after it went away; a client sending a bad length
# counts one "malformed".
test_name=metrics
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1
ovs_add_hosts s1 2 || exit 1
dpid=0000000000000001
log=$tmp/ofmanager.log
"$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 switch.so wsgi.so \
    >"$log" 2>&1 &
ofm_pid=$!
ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
if ovs_wait_connected s1 15 \
    && ovs_wait_for grep -q "move onto main mode" "$log" 15 \
    && ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -q priority=0" 10 \
    && ovs_wait_for curl -sf -o /dev/null http://127.0.0.1:8080/metrics 10; then
    pass "switch connected, table-miss installed, /metrics served"
else
    fail "did not come up: $(tail -5 "$log")"
fi

# scrape FILE: the parsed samples of GET /metrics into FILE.
scrape() {
    curl -s -D "$tmp/headers" http://127.0.0.1:8080/metrics >"$tmp/raw" \
        && /usr/bin/python3 "$here/metrics-scrape.py" <"$tmp/raw" >"$1"
}
# value FILE SAMPLE: the value of SAMPLE ("name{labels}") in FILE, or "none".
value() {
    local v
    v=$(grep -F "$2 " "$1" | head -1 | cut -d' ' -f2)
    echo "${v:-none}"
}
expect() {
    if [ "$3" = "$2" ]; then pass "$1"; else fail "$1: wanted '$2', got '$3'"; fi
}

if scrape "$tmp/m0"; then
    pass "exposition parses"
else
    fail "exposition does not parse: $(head -c 400 "$tmp/raw")"
fi
grep -qi '^content-type: text/plain; version=0.0.4' "$tmp/headers" \
    && pass "content type is the text format 0.0.4" \
    || fail "content type: $(grep -i content-type "$tmp/headers")"
expect "one switch connected" 1 "$(value "$tmp/m0" 'ofm_switches_connected{}')"
expect "table-miss is one flow-mod" 1 \
    "$(value "$tmp/m0" "ofm_switch_flow_mods_total{dpid=\"$dpid\"}")"
expect "nothing queued while idle" 0 \
    "$(value "$tmp/m0" "ofm_switch_tx_queued_bytes{dpid=\"$dpid\"}")"
for r in eof error echo_timeout handshake_timeout malformed version_mismatch \
         send_queue_full replaced shutdown tls; do
    expect "disconnects{reason=$r} starts at 0" 0 \
        "$(value "$tmp/m0" "ofm_disconnects_total{reason=\"$r\"}")"
done

pins0=$(grep -c "^packet in 1 " "$log")
if ovs_netns_exec h1 ping -c1 -W5 10.0.0.2 >"$tmp/ping" 2>&1; then
    pass "h1 pings h2"
else
    fail "h1 pings h2: $(cat "$tmp/ping")"
fi
ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -c priority=1, | grep -qx 2" 5
sleep 0.3
scrape "$tmp/m1" || fail "second scrape does not parse"
pins=$(( $(grep -c "^packet in 1 " "$log") - pins0 ))
delta() {
    local a b
    a=$(value "$tmp/m0" "$1"); b=$(value "$tmp/m1" "$1")
    echo $((b - a))
}
expect "three packet-ins logged" 3 "$pins"
expect "packet_ins moved by the packet-ins logged" "$pins" \
    "$(delta "ofm_switch_packet_ins_total{dpid=\"$dpid\"}")"
expect "flow_mods moved by the two learned flows" 2 \
    "$(delta "ofm_switch_flow_mods_total{dpid=\"$dpid\"}")"
min_in=$pins min_out=$((pins + 2))   # a packet-out per packet-in, the flow-mods
d_in=$(delta "ofm_switch_messages_in_total{dpid=\"$dpid\"}")
d_out=$(delta "ofm_switch_messages_out_total{dpid=\"$dpid\"}")
[ "$d_in" -ge "$min_in" ] && pass "messages_in moved by $d_in (>= $min_in)" \
    || fail "messages_in moved by $d_in, wanted >= $min_in"
[ "$d_out" -ge "$min_out" ] && pass "messages_out moved by $d_out (>= $min_out)" \
    || fail "messages_out moved by $d_out, wanted >= $min_out"
# A packet-in is at least 32 bytes, a flow-mod 56 (OpenFlow 1.3).
d_bin=$(delta "ofm_switch_bytes_in_total{dpid=\"$dpid\"}")
d_bout=$(delta "ofm_switch_bytes_out_total{dpid=\"$dpid\"}")
[ "$d_bin" -ge $((pins * 32)) ] && [ "$d_bout" -ge 112 ] \
    && pass "bytes in/out moved ($d_bin, $d_bout)" \
    || fail "bytes in/out moved by $d_bin, $d_bout"

# The switch goes away: one eof, for the process and for the datapath.
ovs_del_controller s1
if ovs_wait_for grep -q "datapath $dpid disconnected" "$log" 10; then
    pass "del-controller: disconnect logged"
else
    fail "del-controller: no disconnect line: $(tail -3 "$log")"
fi
scrape "$tmp/m2" || fail "third scrape does not parse"
expect "no switch connected" 0 "$(value "$tmp/m2" 'ofm_switches_connected{}')"
expect "disconnects{reason=eof} is 1" 1 "$(value "$tmp/m2" 'ofm_disconnects_total{reason="eof"}')"
expect "the datapath's eof kept after it went away" 1 \
    "$(value "$tmp/m2" "ofm_switch_disconnects_total{dpid=\"$dpid\",reason=\"eof\"}")"
expect "its per-switch series are gone" none \
    "$(value "$tmp/m2" "ofm_switch_packet_ins_total{dpid=\"$dpid\"}")"

# A client whose first message claims 4 bytes: one "malformed", no dpid.
/usr/bin/python3 - <<'PY'
import socket, time
s = socket.create_connection(("127.0.0.1", 6653), timeout=5)
s.sendall(bytes([4, 0, 0, 4, 0, 0, 0, 1]))
s.settimeout(5)
try:
    while s.recv(4096):
        pass
except OSError:
    pass
PY
ovs_wait_for grep -q "bad length 4" "$log" 5
scrape "$tmp/m3" || fail "fourth scrape does not parse"
expect "disconnects{reason=malformed} is 1" 1 \
    "$(value "$tmp/m3" 'ofm_disconnects_total{reason="malformed"}')"
expect "disconnects{reason=eof} still 1" 1 "$(value "$tmp/m3" 'ofm_disconnects_total{reason="eof"}')"

# Back again: fresh per-switch counters, the old disconnect still counted.
ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
if ovs_wait_connected s1 15 && ovs_wait_for sh -c \
    "curl -s http://127.0.0.1:8080/metrics | grep -qx 'ofm_switches_connected 1'" 10; then
    pass "reconnected"
else
    fail "did not reconnect"
fi
scrape "$tmp/m4" || fail "fifth scrape does not parse"
expect "counters start again on the new connection" 0 \
    "$(value "$tmp/m4" "ofm_switch_packet_ins_total{dpid=\"$dpid\"}")"
expect "the datapath's eof still 1" 1 \
    "$(value "$tmp/m4" "ofm_switch_disconnects_total{dpid=\"$dpid\",reason=\"eof\"}")"

stop_ofm
grep -q "ERROR\|AddressSanitizer\|runtime error" "$log" \
    && fail "errors in the log: $(grep -m3 'ERROR\|Sanitizer\|runtime error' "$log")" \
    || pass "no errors logged"
test_done
