#!/bin/bash
# The seed's chapter 5 (spanning tree) against real Open vSwitch: a ring of
# three bridges s1, s2, s3 (dpids 1, 2, 3; port 1 of each has a host, ports
# 2 and 3 the ring: s1:2-s2:2, s2:3-s3:2, s3:3-s1:3), ofmanager running
# switch_stp.so with short timers from YAML (hello 1, max_age 6,
# fwd_delay 4), on OpenFlow 1.3 then 1.0.  In each: the tree forms with
# exactly one port blocked (s3:2: s1 is root, s2 has the lower id on the
# s2-s3 link), every host pings every other and no broadcast storm; cutting
# each ring link in turn (s3's root port link and s2-s3 with ip link down
# on the veth, s1-s2 with ovs-ofctl mod-port down) re-forms the tree with
# no port blocked and the pings back within max_age + 2 * fwd_delay = 14 s;
# restoring it blocks one port again; truncated, malformed and absurd-age
# BPDUs and a TCN flood sent from a host are logged with dpid and port and
# harm nothing.  On 1.4 and 1.5 the tree forms and a root port's cut
# heals.  On 1.3, a YAML path cost moves the blocked port, and with
# a second s1-s2 link a YAML port priority moves it.  Bad "stp:" sections stop
# ofmanager with file:line:col.  The times measured are printed.
# OFM_KEEP_TMP=1 keeps the logs.
test_name=stp
. "$(dirname "$0")/ofm-test.sh"
now_ms() { _ovs_now_ms; }
PROTO=OpenFlow13
HOSTS=(h1 h2 h3)
declare -A IP=([h1]=10.0.0.1 [h2]=10.0.0.2 [h3]=10.0.0.3)
LIMIT_MS=14000

check_bad_config() {
    local what=$1 want=$2 out rc
    printf '%b' "$3" >"$tmp/bad.yaml"
    out=$("$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --config-file "$tmp/bad.yaml" \
        switch_stp.so 2>&1)
    rc=$?
    if [ $rc = 1 ] && grep -qF -- "$tmp/bad.yaml:$want" <<<"$out"; then
        pass "config: $what refused"
    else
        fail "config: $what: exit $rc, wanted 1 and '$want': $out"
    fi
}
check_bad_config "an unknown key" "4:7: unknown key 'hello'" \
    'stp:\n  bridges:\n    - dpid: 1\n      hello: 1\n'
check_bad_config "an out-of-range timer" "4:18: " \
    'stp:\n  bridges:\n    - dpid: 1\n      fwd_delay: 31\n'
check_bad_config "the 802.1D timer relation" \
    "4:16: stp: bridges: max_age breaks 2 * (fwd_delay - 1) >= max_age (802.1D)" \
    'stp:\n  bridges:\n    - dpid: 1\n      max_age: 20\n      fwd_delay: 4\n'
check_bad_config "a port priority not a multiple of 16" "4:35: stp: bridges: ports: priority must be a multiple of 16" \
    'stp:\n  bridges:\n    - dpid: 1\n      ports: [{port: 2, priority: 100}]\n'

make_topology() {
    local s
    for s in 1 2 3; do
        ovs_add_bridge s$s OpenFlow13 000000000000000$s || return 1
    done
    ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/8 1 &&
        ovs_add_host s2 h2 00:00:00:00:00:02 10.0.0.2/8 1 &&
        ovs_add_host s3 h3 00:00:00:00:00:03 10.0.0.3/8 1 &&
        ovs_link s1 2 s2 2 && ovs_link s2 3 s3 2 && ovs_link s3 3 s1 3
}

ping_ok() { ovs_netns_exec "$1" ping -c1 -W1 "$2" >/dev/null 2>&1; }
all_ping() {
    local a b
    for a in "${HOSTS[@]}"; do
        for b in "${HOSTS[@]}"; do
            [ "$a" = "$b" ] || ping_ok "$a" "${IP[$b]}" || return 1
        done
    done
}
# Waits up to 30 s for every pair to ping; prints the milliseconds since T0.
wait_pings() {
    local t0=$1 end=$(($(now_ms) + 30000))
    while [ "$(now_ms)" -lt $end ]; do
        if all_ping; then
            echo $(($(now_ms) - t0))
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# The ports (bridge:port) with NO_FWD set and their link up.
blocked_ports() {
    local s cmd=dump-ports-desc
    [ "$PROTO" = OpenFlow10 ] && cmd=show
    for s in s1 s2 s3; do
        ovs-ofctl -O "$PROTO" $cmd $s | awk -v s=$s '
            /^ *[0-9]+\(/ { split($1, a, "("); port = a[1]; cfg = ""; next }
            /^ *config:/ { cfg = $0; next }
            /^ *state:/ { if (port != "" && cfg ~ /NO_FWD/ && $0 !~ /LINK_DOWN/) print s ":" port; port = "" }'
    done | sort | tr '\n' ' ' | sed 's/ $//'
}

# The packets s1's ring ports received over 2 s: a storm gives thousands.
storm_check() {
    local name=$1 before after
    rx() { ovs-ofctl -O "$PROTO" dump-ports s1 | tr -d ' ,' | grep -oE 'rxpkts=[0-9]+' \
            | cut -d= -f2 | awk '{ n += $1 } END { print n + 0 }'; }
    before=$(rx); sleep 2; after=$(rx)
    if [ $((after - before)) -lt 200 ]; then
        pass "$name: no broadcast storm ($((after - before)) packets in 2 s on s1)"
    else
        fail "$name: a storm: $((after - before)) packets in 2 s on s1"
    fi
}

start_ofm() {  # start_ofm CONF LOG
    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 --config-file "$1" \
        switch_stp.so >"$2" 2>&1 &
    ofm_pid=$!
    local s
    for s in s1 s2 s3; do ovs_set_controller $s tcp:127.0.0.1:6653; done
    for s in s1 s2 s3; do ovs_wait_connected $s 15 || return 1; done
}
stop_all() {
    local s
    for s in s1 s2 s3; do ovs_del_controller $s; ovs-ofctl -O "$PROTO" del-flows $s; done
    stop_ofm
}
reset_net() {
    local s h
    # The OpenFlow 1.0 run leaves NO_FLOOD and NO_RECV_STP, which a 1.3
    # PORT_MOD cannot name: clear every config bit with 1.0 first.
    for s in s1 s2 s3; do
        ovs-vsctl set bridge $s protocols=OpenFlow10
        for p in $(ovs-vsctl list-ifaces $s | xargs -I{} ovs-vsctl get Interface {} ofport); do
            for c in up receive receive-stp forward flood packet-in; do
                ovs-ofctl -O OpenFlow10 mod-port $s $p $c
            done
        done
        ovs-vsctl set bridge $s protocols="$PROTO"
        ovs-ofctl -O "$PROTO" del-flows $s
    done
    for h in "${HOSTS[@]}"; do ovs_netns_exec $h ip neigh flush all; done
}

write_conf() {  # write_conf FILE [BRIDGE PORTS-ENTRY]: e.g. 2 "{port: 2, path_cost: 9}"
    {
        echo "stp:"
        echo "  bridges:"
        local s
        for s in 1 2 3; do
            echo "    - dpid: \"000000000000000$s\""
            echo "      hello_time: 1"
            echo "      max_age: 6"
            echo "      fwd_delay: 4"
            if [ "$s" = "${2:-}" ]; then
                echo "      ports:"
                echo "        - $3"
            fi
        done
    } >"$1"
}

# Sends bad BPDUs from h1 (s1 port 1) with scapy.
bad_bpdus() {
    ovs_netns_exec h1 /usr/bin/python3 - <<'PY'
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Dot3, Ether, LLC, Raw, STP, sendp
dst = "01:80:c2:00:00:00"
src = "00:00:00:00:00:01"
# Dot3: an 802.3 frame whose length field scapy computes (Ether / LLC would
# put scapy's type 0x7a there, which is no 802.3 length for these frames).
def frame(payload):
    return Dot3(dst=dst, src=src) / LLC(dsap=0x42, ssap=0x42, ctrl=3) / payload
pkts = [
    frame(Raw(b"\x00\x00\x00\x00\x00\x80\x00")),            # truncated config
    frame(Raw(b"\x00\x07\x00\x00" + b"\x00" * 31)),         # bad protocol id
    Ether(dst=dst, src=src, type=0x0800) / Raw(b"\x00" * 40),  # not LLC
    frame(STP(rootid=0, rootmac="00:00:00:00:00:00", bridgeid=0,
              bridgemac="00:00:00:00:00:00", age=30, maxage=20)),  # absurd age
]
for p in pkts:
    sendp(p, iface="h1-eth0", verbose=False)
tcn = frame(Raw(b"\x00\x00\x00\x80"))
sendp(tcn, iface="h1-eth0", count=300, inter=0.002, verbose=False)
PY
}

cut_and_restore() {  # cut_and_restore NAME DOWNCMD UPCMD
    local name=$1 t0 ms
    t0=$(now_ms)
    eval "$2"
    if ms=$(wait_pings "$t0") && [ "$ms" -le $LIMIT_MS ]; then
        pass "$name: pings resume after $ms ms (limit $LIMIT_MS)"
        echo "# figure: $name re-convergence ${ms} ms"
    else
        fail "$name: pings did not resume within $LIMIT_MS ms (${ms:-none})"
    fi
    sleep 1
    local b
    b=$(blocked_ports)
    if [ -z "$b" ]; then pass "$name: no port blocked in the line"; else fail "$name: blocked: $b"; fi
    t0=$(now_ms)
    eval "$3"
    local end=$(($(now_ms) + 20000))
    while [ "$(now_ms)" -lt $end ]; do
        b=$(blocked_ports)
        [ "$(wc -w <<<"$b")" = 1 ] && all_ping && break
        sleep 0.3
    done
    if [ "$(wc -w <<<"$b")" = 1 ] && all_ping; then
        pass "$name restored: one port blocked again ($b) after $(($(now_ms) - t0)) ms"
    else
        fail "$name restored: blocked '$b'"
    fi
}

# Starts ofmanager on the reset ring with the YAML of short timers and
# checks the tree it forms on $PROTO: every host pings every other, s3:2
# alone is blocked, no storm.  Returns 1 if the switches do not connect.
start_tree() {  # start_tree LOG
    local log=$1 conf="$tmp/stp.yaml" t0 ms b
    echo "# $PROTO"
    reset_net
    write_conf "$conf"
    t0=$(now_ms)
    start_ofm "$conf" "$log" || { fail "$PROTO: switches did not connect"; stop_all; return 1; }
    if ms=$(wait_pings "$t0"); then
        pass "$PROTO: every host pings every other, $ms ms after start"
        echo "# figure: $PROTO convergence from start ${ms} ms"
    else
        fail "$PROTO: the hosts do not all ping each other"
    fi
    b=$(blocked_ports)
    if [ "$b" = "s3:2" ]; then pass "$PROTO: exactly one port blocked: s3:2"
    else fail "$PROTO: blocked ports: '$b' (wanted s3:2)"; fi
    storm_check "$PROTO"
}

# Fails if ofmanager's LOG has a line matching PATTERN (grep's basic form).
check_clean_log() {  # check_clean_log LOG PATTERN
    if grep -q "$2" "$1"; then
        fail "$PROTO: errors in the log: $(grep -m3 "$2" "$1")"
    else
        pass "$PROTO: clean log"
    fi
}

run_case() {
    PROTO=$1
    local log="$tmp/ofmanager-$PROTO.log" b
    start_tree "$log" || return
    local s
    for s in 1 2 3; do
        if grep -qF "[STP][INFO] dpid=000000000000000$s: Join as stp bridge." "$log"; then
            pass "$PROTO: s$s joined (Ryu's line)"
        else fail "$PROTO: no join line for s$s"; fi
    done
    grep -qF "[STP][INFO] dpid=0000000000000003: [port=2] NON_DESIGNATED_PORT / BLOCK" "$log" &&
        grep -qF "[STP][INFO] dpid=0000000000000002: Non root bridge." "$log" &&
        grep -qF "[STP][INFO] dpid=0000000000000002: [port=2] ROOT_PORT           / FORWARD" "$log" &&
        pass "$PROTO: role and state lines as Ryu's" || fail "$PROTO: role/state lines missing"
    # BPDUs go out from LISTEN on, so the tree is known before any port
    # forwards: s3:2 blocks before the first FORWARD line (no transient loop).
    local blk fwd
    blk=$(grep -n "dpid=0000000000000003: \[port=2\] NON_DESIGNATED_PORT / BLOCK" "$log" | head -n 1 | cut -d: -f1)
    fwd=$(grep -n " / FORWARD" "$log" | head -n 1 | cut -d: -f1)
    if [ -n "$blk" ] && [ -n "$fwd" ] && [ "$blk" -lt "$fwd" ]; then
        pass "$PROTO: s3:2 blocked before any port forwards (log lines $blk < $fwd)"
    else
        fail "$PROTO: s3:2 blocked at log line '${blk:-never}', first FORWARD at '${fwd:-never}'"
    fi

    cut_and_restore "$PROTO cut s3's root port link (ip link down)" \
        "ovs_sw_exec ip link set s1-eth3 down" "ovs_sw_exec ip link set s1-eth3 up"
    grep -qF "dpid=0000000000000003: [port=3] Link down." "$log" &&
        pass "$PROTO: 'Link down.' logged" || fail "$PROTO: no 'Link down.' for s3 port 3"
    grep -qF "Receive topology change event. Flush MAC table." "$log" &&
        pass "$PROTO: switch_stp flushed on topology change" || fail "$PROTO: no flush line"
    cut_and_restore "$PROTO cut s1-s2 (mod-port down)" \
        "ovs-ofctl -O $PROTO mod-port s2 2 down" "ovs-ofctl -O $PROTO mod-port s2 2 up"
    cut_and_restore "$PROTO cut s2-s3, the blocked port's link (ip link down)" \
        "ovs_sw_exec ip link set s2-eth3 down" "ovs_sw_exec ip link set s2-eth3 up"

    local before
    before=$(wc -l <"$log")
    bad_bpdus
    sleep 2
    if tail -n +"$before" "$log" | grep -q "dpid=0000000000000001: \[port=1\] BPDU dropped: truncated or malformed" &&
        tail -n +"$before" "$log" | grep -q "dpid=0000000000000001: \[port=1\] BPDU dropped: message age"; then
        pass "$PROTO: bad BPDUs logged with dpid and port"
    else
        fail "$PROTO: bad BPDUs not logged: $(tail -n +"$before" "$log" | grep -m3 BPDU)"
    fi
    sleep 3
    b=$(blocked_ports)
    if [ "$b" = "s3:2" ] && all_ping && kill -0 "$ofm_pid" 2>/dev/null; then
        pass "$PROTO: the tree is unharmed by bad BPDUs and the TCN flood"
    else
        fail "$PROTO: after bad BPDUs: blocked '$b'"
    fi
    stop_all
    check_clean_log "$log" "ERROR\|AddressSanitizer\|runtime error\|LeakSanitizer"
}

# OpenFlow 1.4 and 1.5 (ports with properties, 1.5's packet-out with a
# match): the tree forms as on 1.3, the hosts ping, a root port's cut heals.
short_case() {
    PROTO=$1
    local log="$tmp/ofmanager-$PROTO.log"
    start_tree "$log" || return
    cut_and_restore "$PROTO cut s3's root port link (ip link down)" \
        "ovs_sw_exec ip link set s1-eth3 down" "ovs_sw_exec ip link set s1-eth3 up"
    stop_all
    check_clean_log "$log" "ERROR\|WARNING\|AddressSanitizer\|runtime error\|LeakSanitizer"
}

# Starts ofmanager with CONF and sets $blocked to the blocked ports once
# the hosts ping.
converged_blocks() {  # converged_blocks CONF LOG NAME
    local t0
    blocked=
    reset_net
    t0=$(now_ms)
    start_ofm "$1" "$2" || { fail "$3: switches did not connect"; stop_all; return; }
    wait_pings "$t0" >/dev/null || fail "$3: no pings"
    blocked=$(blocked_ports)
    stop_all
}

# A YAML path cost on s2 port 2 makes s2 reach s1 through s3: s2:2 blocks.
cost_case() {
    PROTO=OpenFlow13
    local conf="$tmp/stp-cost.yaml"
    write_conf "$conf" 2 "{port: 2, path_cost: 200000}"
    converged_blocks "$conf" "$tmp/ofmanager-cost.log" cost
    if [ "$blocked" = "s2:2" ]; then pass "path cost 200000 on s2:2 moves the block to s2:2"
    else fail "path cost: blocked '$blocked' (wanted s2:2)"; fi
}

# A second s1-s2 link (s1:4-s2:4): s2 takes the link on s1's lower port id
# as its root port, s1:2 (0x8002) before s1:4 (0x8004), and blocks s2:4.
# Port priority 16 on s1:4 (port id 0x1004) turns that round: s2:2 blocks.
priority_case() {
    PROTO=OpenFlow13
    local conf="$tmp/stp-prio.yaml"
    ovs_link s1 4 s2 4 || { fail "priority: cannot add the s1:4-s2:4 link"; return; }
    write_conf "$conf"
    converged_blocks "$conf" "$tmp/ofmanager-prio0.log" priority
    if [ "$blocked" = "s2:4 s3:2" ]; then
        pass "two s1-s2 links, default priorities: s2:4 blocks ($blocked)"
    else fail "two s1-s2 links: blocked '$blocked' (wanted s2:4 s3:2)"; fi
    write_conf "$conf" 1 "{port: 4, priority: 16}"
    converged_blocks "$conf" "$tmp/ofmanager-prio.log" priority
    if [ "$blocked" = "s2:2 s3:2" ]; then
        pass "port priority 16 on s1:4 moves the block to s2:2 ($blocked)"
    else fail "port priority: blocked '$blocked' (wanted s2:2 s3:2)"; fi
}

ovs_start "$tmp/ovs" || exit 1
make_topology || { echo "FAIL - cannot build the topology"; exit 1; }
run_case OpenFlow13
run_case OpenFlow10
short_case OpenFlow14
short_case OpenFlow15
cost_case
priority_case

test_done
