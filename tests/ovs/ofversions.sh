#!/bin/bash
# Version negotiation against a real Open vSwitch.  For each of OpenFlow
# 1.2, 1.4 and 1.5 alone on the bridge: switch.so negotiates it (the log
# names it), h1 pings h2, and the table holds the table-miss flow and the
# two learned flows (as dump-flows in that version shows them); on 1.4 and
# 1.5 monitor.so also prints its flow and port tables with the learned
# flows' counters.  Then a bridge offering only 1.0 and 1.5 to an app that
# speaks only 1.3 is refused with HELLO_FAILED and a log line naming it.
test_name=ofversions
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1
ovs_add_hosts s1 3 || exit 1
ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1

run_case() {
    local proto=$1 name=$2 apps=$3
    local flags="-O $proto" log="$tmp/ofmanager-$proto.log"
    echo "# $proto ($apps)"
    ovs-vsctl set bridge s1 protocols="$proto"
    ovs-ofctl $flags del-flows s1
    for i in 1 2 3; do ovs_netns_exec h$i ip neigh flush all; done

    local conf=()
    case $apps in
    *monitor.so*)
        printf 'monitor:\n  interval: 1\n' >"$tmp/monitor.yaml"
        conf=(--config-file "$tmp/monitor.yaml")
        ;;
    esac
    # shellcheck disable=SC2086
    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 \
        "${conf[@]}" $apps >"$log" 2>&1 &
    ofm_pid=$!

    if ovs_wait_connected s1 15 \
        && ovs_wait_for grep -q "move onto main mode" "$log" 15 \
        && ovs_wait_for sh -c "ovs-ofctl $flags dump-flows s1 | grep -q priority=0" 10; then
        pass "$proto: switch connected, table-miss installed"
    else
        fail "$proto: switch did not come up: $(tail -5 "$log")"
    fi
    grep -q "negotiated OpenFlow $name " "$log" \
        && grep -q "datapath 0000000000000001 connected from .* (OpenFlow $name)" "$log" \
        && pass "$proto: the log names the negotiated version $name" \
        || fail "$proto: version $name not logged: $(grep -m2 'negotiated\|connected from' "$log")"

    if ovs_netns_exec h1 ping -c3 -i0.2 -W5 10.0.0.2 >"$tmp/ping" 2>&1; then
        pass "$proto: h1 pings h2 ($(grep -o 'rtt.*' "$tmp/ping"))"
    else
        fail "$proto: h1 pings h2: $(cat "$tmp/ping")"
    fi
    sleep 0.5

    ovs-ofctl --no-names $flags dump-flows s1 \
        | grep -v -E '^(OFPST_FLOW|NXST_FLOW)' \
        | sed -E -e 's/^ +//' -e 's/(cookie|duration|table|n_packets|n_bytes|idle_age|hard_age|reset_counts|importance)=[^, ]*,? ?//g' \
        | LC_ALL=C sort >"$tmp/flows"
    printf '%s\n' "priority=0 actions=CONTROLLER:65535" \
        "priority=1,in_port=1,dl_dst=00:00:00:00:00:02 actions=output:2" \
        "priority=1,in_port=2,dl_dst=00:00:00:00:00:01 actions=output:1" \
        | LC_ALL=C sort >"$tmp/want"
    if diff -u "$tmp/want" "$tmp/flows" >"$tmp/diff"; then
        pass "$proto: the learned flows are installed ($(wc -l <"$tmp/flows") flows)"
    else
        fail "$proto: flow table differs: $(cat "$tmp/diff")"
    fi
    grep -qxF "packet in 1 00:00:00:00:00:01 ff:ff:ff:ff:ff:ff 1" "$log" \
        && pass "$proto: packet-in logged" || fail "$proto: no packet-in logged"

    case $apps in
    *monitor.so*)
        # A poll after the ping: the learned flow 1 -> 2 with its packets
        # and the ports with traffic (rx of port 1 nonzero).
        local row="0000000000000001        1 00:00:00:00:00:02        2        3 "
        if ovs_wait_for grep -qF "$row" "$log" 10; then
            pass "$proto: monitor.so prints the flow 1 -> 2 with 3 packets"
        else
            fail "$proto: monitor.so flow table: $(grep -m3 '^0000000000000001 ' "$log")"
        fi
        if ovs_wait_for grep -qE '^0000000000000001        1 +[1-9][0-9]* +[1-9]' "$log" 10; then
            pass "$proto: monitor.so prints port 1's counters"
        else
            fail "$proto: monitor.so port table: $(grep -m8 '^0000000000000001 ' "$log")"
        fi
        ;;
    esac

    stop_ofm
    grep -q "ERROR\|WARNING\|AddressSanitizer\|runtime error" "$log" \
        && fail "$proto: errors in the log: $(grep -m3 'ERROR\|WARNING\|Sanitizer\|runtime error' "$log")" \
        || pass "$proto: clean log"
}

run_case OpenFlow12 1.2 "switch.so"
run_case OpenFlow14 1.4 "switch.so monitor.so"
run_case OpenFlow15 1.5 "switch.so monitor.so"

# An app that speaks 1.3 alone and a bridge that offers 1.0 and 1.5.
echo "# refused: OpenFlow10,OpenFlow15 against a 1.3-only app"
ovs-vsctl set bridge s1 protocols=OpenFlow10,OpenFlow15
log="$tmp/ofmanager-refused.log"
"$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 \
    "$top/tests/plugins/.libs/only13.so" >"$log" 2>&1 &
ofm_pid=$!
if ovs_wait_for grep -q "unsupported version" "$log" 15; then
    pass "refused: $(grep -m1 'unsupported version' "$log")"
else
    fail "refused: no refusal logged: $(tail -5 "$log")"
fi
grep -qE "^127\.0\.0\.1:[0-9]+: HELLO_FAILED sent .*unsupported version 0x6" "$log" \
    && pass "refused: the log line names the peer and HELLO_FAILED" \
    || fail "refused: peer or HELLO_FAILED not logged: $(grep -m1 'unsupported' "$log")"
# Open vSwitch negotiated 1.0 from our 1.3-only HELLO (no bitmap), so the
# error is in 1.0, which it reads: it answers every controller's error
# message with its own, and logs that.
if ovs_wait_for grep -q "error reply to OFPT_ERROR message" "$tmp/ovs/ovs-vswitchd.log" 10; then
    pass "refused: Open vSwitch received the error message"
else
    fail "refused: Open vSwitch got no error: $(grep 'tcp:127.0.0.1:6653' "$tmp/ovs/ovs-vswitchd.log" | tail -3)"
fi
# Open vSwitch retries (its back-off: 1, 2, 4 s): every attempt is refused
# and no datapath ever reaches the apps.
ovs_wait_for sh -c "[ \$(grep -c 'HELLO_FAILED sent' '$log') -ge 2 ]" 10 \
    && pass "refused: the retry is refused too" \
    || fail "refused: $(grep -c 'HELLO_FAILED sent' "$log") refusals logged"
grep -q "connected from\|move onto main mode" "$log" \
    && fail "refused: a datapath got through: $(grep -m1 'connected from' "$log")" \
    || pass "refused: no datapath reached the apps"
stop_ofm

test_done
