#!/bin/bash
# Active connections (issue 16): a bridge that only listens (ptcp:) is
# reached through --ofp-switch-address-list; hosts ping through switch.so;
# after the bridge stops listening and listens again the manager reaches
# it again within a few connect intervals, logging one line per state
# change, not one per try.  The bridge is named "localhost" (resolved off
# the loop, by a thread) after an entry whose name does not resolve: that
# one is logged once, retried, and holds up nothing.
test_name=active
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1
ovs_add_hosts s1 2 || exit 1
port=6760
ovs-vsctl set-controller s1 ptcp:$port:127.0.0.1 || exit 1
log=$tmp/ofmanager.log
"$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 \
    --ofp-switch-address-list no-such-switch.invalid:$port,localhost:$port \
    --ofp-switch-connect-interval 1 \
    switch.so >"$log" 2>&1 &
ofm_pid=$!
ovs_wait_for grep -q "datapath 0000000000000001 connected" "$log" 10 \
    && pass "listening bridge reached" || fail "listening bridge not reached: $(tail -3 "$log")"
ovs_netns_exec h1 ping -c2 -W5 10.0.0.2 >"$tmp/ping" 2>&1 \
    && pass "h1 pings h2 over the active connection" || fail "ping: $(cat "$tmp/ping")"

ovs-vsctl del-controller s1
ovs_wait_for grep -q "datapath 0000000000000001 disconnected" "$log" 10 \
    && pass "loss of the bridge logged" || fail "loss not logged"
sleep 5                                 # several connect intervals refused
ovs-vsctl set-controller s1 ptcp:$port:127.0.0.1
t0=$(date +%s)
if ovs_wait_for sh -c "[ \$(grep -c 'datapath 0000000000000001 connected' '$log') -ge 2 ]" 15; then
    pass "bridge reached again after $(( $(date +%s) - t0 )) s"
else
    fail "bridge not reached again"
fi
n=$(grep -c "cannot connect to switch at localhost:$port: Connection refused" "$log")
[ "$n" = 1 ] && pass "refusals over 5 s logged once" || fail "refusals logged $n times"
n=$(grep -c "cannot connect to switch at no-such-switch.invalid:$port: cannot resolve no-such-switch.invalid: " "$log")
[ "$n" = 1 ] && pass "the name that does not resolve logged once over the run" \
    || fail "unresolvable name logged $n times: $(grep -m3 no-such-switch "$log")"
kill -0 $ofm_pid 2>/dev/null && pass "ofmanager still running" || fail "ofmanager died"
n=$(grep -ci "localhost:$port" "$log")
[ "$n" -le 8 ] && pass "$n log lines for $port: one per state change" || fail "$n log lines for $port (one per try?)"
test_done
