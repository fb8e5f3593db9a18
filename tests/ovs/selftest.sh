#!/bin/bash
#
# selftest.sh - self-test of tests/ovs/ovs-lib.sh (needs no ofmanager).
#
# Usage: sudo tests/ovs/selftest.sh [SECTION...]
#   SECTION: l2 lacp testcontroller isolate cleanup (default: all)
#
#   l2             one standalone (learning) bridge, hosts h1..h3, ping,
#                  TCP/UDP, MTU; cleanup leaves nothing behind; timings
#   lacp           two bridges linked by two veth pairs, OVS bonds with LACP
#                  on both sides (active/active, then active/passive),
#                  traffic over the bond, member failure; LACP PDUs reach a
#                  controller as packet-ins on a secure bridge
#   testcontroller ovs-testcontroller as a real controller on
#                  tcp:127.0.0.1:6653 (OpenFlow13, then OpenFlow10,13):
#                  connection, handshake messages, ping through it
#                  (skipped if openvswitch-testcontroller is not installed)
#   isolate        a child script using ovs_isolate, controller started
#                  plainly on 127.0.0.1, cleanup on exit
#   cleanup        a child killed with SIGTERM cleans up via its trap; a child
#                  killed with SIGKILL leaves things that ovs_cleanup_stale
#                  removes
#
# Exit: 0 all passed, 1 a check failed, 77 skipped (not root / no OVS).
# Last line: "N passed, N failed, N skipped".
# Traffic goes only to loopback and to the namespaces this test creates.

set -euo pipefail
# Checks are often written as  check "text" eval '...'  so that the
# expression is evaluated when the check runs.
# shellcheck disable=SC2016

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"

skip_all() {
    echo "SKIP: $*" >&2
    echo "0 passed, 0 failed, 1 skipped"
    exit 77
}

if [ "$(id -u)" != 0 ]; then
    skip_all "selftest.sh must run as root (it creates network namespaces, veth pairs and runs ovs-vswitchd); try: sudo $0"
fi
for c in ip ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovs-appctl nsenter; do
    command -v "$c" >/dev/null 2>&1 ||
        skip_all "$c not found (apt-get install openvswitch-switch iproute2 util-linux)"
done

# shellcheck source=tests/ovs/ovs-lib.sh
. "$HERE/ovs-lib.sh"

# ---------------------------------------------------------------------------
# Child modes (used by the isolate and cleanup sections).
# ---------------------------------------------------------------------------

# Child for "isolate": re-runs itself inside the switch namespace, starts a
# controller WITHOUT ovs_sw_exec on 127.0.0.1 and pings through it.  Exit 0
# on success; the EXIT trap cleans up.
child_isolated() {
    local dir=$1
    ovs_isolate --child-isolated "$dir"
    ovs_start "$dir"
    ovs_add_bridge s1 OpenFlow13
    ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/24 1
    ovs_add_host s1 h2 00:00:00:00:00:02 10.0.0.2/24 2
    if command -v ovs-testcontroller >/dev/null 2>&1; then
        # Plain start: we are inside the switch namespace already.
        ovs-testcontroller -O OpenFlow13 ptcp:6653:127.0.0.1 --detach --no-chdir \
            --pidfile="$dir/testcontroller.pid" --log-file="$dir/testcontroller.log" \
            -vsyslog:off -vconsole:off 2>/dev/null
        ovs_set_controller s1 tcp:127.0.0.1:6653
        ovs_wait_connected s1 10
    else
        ovs_set_fail_mode s1 standalone
    fi
    ovs_netns_exec h1 ping -q -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null
    echo "isolated child: ping ok (netns $(ip netns identify $$))"
}

# Child for "cleanup": build a topology, report readiness, wait for a
# signal.  `sleep & wait` so that a SIGTERM trap runs at once.
child_hang() {
    local dir=$1
    ovs_start "$dir"
    ovs_add_bridge s1 OpenFlow13
    ovs_set_fail_mode s1 standalone
    ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/24 1
    ovs_add_host s1 h2 00:00:00:00:00:02 10.0.0.2/24 2
    # Wait in a process inside a host namespace: cleanup (or
    # ovs_cleanup_stale after SIGKILL) must kill it.
    ovs_netns_exec h1 sleep 300 &
    echo "$OVS_TAG" >"$dir/ready"
    wait $!
}

case "${1:-}" in
    --child-isolated) child_isolated "$2"; exit 0;;
    --child-hang) child_hang "$2"; exit 0;;
esac

# ---------------------------------------------------------------------------
# Reporting.
# ---------------------------------------------------------------------------
N_PASS=0 N_FAIL=0 N_SKIP=0
pass() { N_PASS=$((N_PASS + 1)); echo "PASS: $*"; }
fail() { N_FAIL=$((N_FAIL + 1)); echo "FAIL: $*"; }
skip() { N_SKIP=$((N_SKIP + 1)); echo "SKIP: $*"; }
info() { echo "  ... $*"; }
# check DESCRIPTION CMD...: PASS if CMD succeeds.
check() {
    local desc=$1; shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}
now_ms() { _ovs_now_ms; }
# not CMD...: succeed if CMD fails (functions work, unlike `bash -c '! ...'`).
not() { ! "$@"; }
# contains TEXT NEEDLE...: TEXT contains every NEEDLE.
contains() {
    local text=$1 n; shift
    for n in "$@"; do [[ $text == *"$n"* ]] || return 1; done
}

WORK=$(mktemp -d /tmp/ovs-selftest.XXXXXX)
info "work directory: $WORK (logs of every section are kept there)"

# Interfaces in this (root) namespace that look like ours (the harness must
# never create any here; other programs' interfaces are ignored).
root_links() {
    ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' |
        grep -E '^(ovs-netdev|s1|br[A-D]|.*-eth[0-9]+)$' | sort || true
}
ROOT_LINKS_BEFORE=$(root_links)

# Verify that the run described by OVS_TAG/OVS_DIR left nothing behind.
check_nothing_left() {
    local what=$1 ok=0 ns left_links
    for ns in $(ip netns list | awk '{print $1}'); do
        if [[ $ns == "$OVS_TAG"* ]]; then echo "  left: netns $ns"; ok=1; fi
    done
    ovs_check_clean || ok=1
    # Any live process whose command line mentions the run directory.
    local pids
    pids=$(pgrep -f -- "$OVS_DIR" || true)
    for p in $pids; do
        if _ovs_pid_alive "$p"; then echo "  left: process $p $(tr '\0' ' ' <"/proc/$p/cmdline")"; ok=1; fi
    done
    left_links=$(comm -13 <(echo "$ROOT_LINKS_BEFORE") <(root_links))
    if [ -n "$left_links" ]; then echo "  new interfaces in root netns: $left_links"; ok=1; fi
    check "$what: nothing left behind (netns, processes, interfaces)" test $ok = 0
}

# ping_ok HOST DST: one ping gets through within 5 s (the first may need
# ARP and controller round trips), then 3 pings in a row all succeed.
ping_ok() {
    ovs_wait_for ovs_netns_exec "$1" ping -q -c 1 -W 1 "$2" 5 >/dev/null 2>&1 &&
        ovs_netns_exec "$1" ping -q -c 3 -i 0.2 -W 2 "$2" >/dev/null 2>&1
}

# ping_fails HOST DST: a single ping gets no answer within 1 s.  Then flush
# HOST's neighbour table: the unanswered ARP request leaves an INCOMPLETE
# entry that would make the next pings fail for up to 3 s (Linux keeps
# probing that entry, 1 probe/s, instead of sending a fresh ARP request).
ping_fails() {
    local rc=0
    ovs_netns_exec "$1" ping -q -c 1 -W 1 "$2" >/dev/null 2>&1 || rc=1
    ovs_netns_exec "$1" ip neigh flush all >/dev/null 2>&1 || true
    [ $rc = 1 ]
}

# ---------------------------------------------------------------------------
# Section l2: learning switch, 3 hosts.
# ---------------------------------------------------------------------------

# UDP (1400 B) and TCP (1 MB) from h1 to h2, with python3 in the
# namespaces.  Fails if TX checksum offload is left on (see _ovs_tx_off in
# ovs-lib.sh).  The userspace datapath drops packets under bursts (a bulk
# TCP transfer loses a good part of its segments and retransmits), so the
# UDP datagram is sent first, on an idle path, and repeated.
tcp_udp_ok() {
    cat >"$WORK/server.py" <<'PY'
import socket, sys
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("10.0.0.2", 5001)); t.listen(1); t.settimeout(8)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.0.2", 5002)); u.settimeout(8)
open(sys.argv[1], "w").close()  # tell the shell we are listening
print("udp", len(u.recv(9000)), flush=True)
c, _ = t.accept(); c.settimeout(8); n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    n += len(b)
print("tcp", n, flush=True)
PY
    cat >"$WORK/client.py" <<'PY'
import socket, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5):
    u.sendto(b"y" * 1400, ("10.0.0.2", 5002))
    time.sleep(0.1)
s = socket.create_connection(("10.0.0.2", 5001), timeout=5)
s.sendall(b"x" * 1000000)
s.close()
PY
    local out
    rm -f "$WORK/server.ready"
    out=$(ovs_netns_exec h2 timeout 15 python3 "$WORK/server.py" "$WORK/server.ready" 2>&1 &
          ovs_wait_for test -e "$WORK/server.ready" 10
          ovs_netns_exec h1 timeout 8 python3 "$WORK/client.py" 2>&1 | sed 's/^/client: /'
          wait)
    contains "$out" "udp 1400" "tcp 1000000" && return 0
    info "TCP/UDP test output: $(tr '\n' ' ' <<<"$out")"
    return 1
}

# Sum of rx packets over all ports of BRIDGE (frames the hosts sent).
rx_packets() {
    ovs_ofctl dump-ports "$1" | grep -o 'rx pkts=[0-9]*' | awk -F= '{s += $2} END {print s + 0}'
}

section_l2() {
    echo "=== l2: standalone learning switch, h1 h2 h3"
    local t0 t_start t_topo t_down
    t0=$(now_ms)
    if ! ovs_start "$WORK/l2"; then fail "l2: ovs_start"; return; fi
    t_start=$(( $(now_ms) - t0 ))
    pass "l2: ovs_start ready in ${t_start} ms"

    t0=$(now_ms)
    local ok=0
    ovs_add_bridge s1 OpenFlow13 && ovs_set_fail_mode s1 standalone &&
        ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/24 1 &&
        ovs_add_host s1 h2 00:00:00:00:00:02 10.0.0.2/24 2 &&
        ovs_add_host s1 h3 00:00:00:00:00:03 10.0.0.3/24 3 || ok=1
    t_topo=$(( $(now_ms) - t0 ))
    check "l2: bridge s1 + 3 hosts created (${t_topo} ms)" test $ok = 0

    check "l2: dpid is 0000000000000001" \
        test "$(ovs-vsctl get bridge s1 other-config:datapath-id)" = '"0000000000000001"'
    check "l2: ofports 1 2 3 as requested" \
        test "$(ovs-vsctl get interface s1-eth1 ofport) $(ovs-vsctl get interface s1-eth2 ofport) $(ovs-vsctl get interface s1-eth3 ofport)" = "1 2 3"
    check "l2: plain ovs-vsctl talks to the private instance" \
        eval '[ "$(ovs-vsctl get Open_vSwitch . external_ids:ovs-lib-tag | tr -d \")" = "$OVS_TAG" ]'
    check "l2: plain ovs-appctl talks to the private ovs-vswitchd" \
        eval 'ovs-appctl dpif/show | grep -q "s1-eth3 3/"'
    check "l2: no IPv6 address on h1-eth0" \
        test -z "$(ovs_netns_exec h1 ip -6 addr show dev h1-eth0)"

    # Hosts must be silent until the test sends something (no IPv6
    # DAD/RS/MLD, no gratuitous ARP): after 1 s no frame has reached s1.
    sleep 1
    check "l2: hosts send nothing by themselves (rx=0 on all ports after 1 s)" \
        test "$(rx_packets s1)" = 0

    check "l2: ping h1 -> h2" ping_ok h1 10.0.0.2
    check "l2: ping h1 -> h3" ping_ok h1 10.0.0.3
    check "l2: ping h1 -> h2 with a 1500-byte IP packet, DF set (MTU 1500)" \
        ovs_netns_exec h1 ping -q -c 1 -W 2 -M "do" -s 1472 10.0.0.2 >/dev/null
    if command -v python3 >/dev/null 2>&1 && command -v ethtool >/dev/null 2>&1; then
        check "l2: TCP 1 MB and UDP h1 -> h2 (needs tx checksum offload off)" tcp_udp_ok
    else
        skip "l2: TCP/UDP check needs python3 and ethtool"
    fi
    check "l2: ovs_dump_flows_nostats shows the NORMAL flow" \
        test "$(ovs_dump_flows_nostats s1)" = "cookie=0x0, table=0, priority=0 actions=NORMAL"

    t0=$(now_ms)
    ovs_cleanup
    t_down=$(( $(now_ms) - t0 ))
    pass "l2: ovs_cleanup done in ${t_down} ms"
    check_nothing_left "l2"
    ovs_cleanup
    check "l2: ovs_cleanup is idempotent" ovs_check_clean
    info "timings: start ${t_start} ms, bridge+3 hosts ${t_topo} ms, teardown ${t_down} ms"
    TIMINGS+=("start=${t_start}ms topology(1 bridge,3 hosts)=${t_topo}ms teardown=${t_down}ms")
}

# ---------------------------------------------------------------------------
# Section lacp.
# ---------------------------------------------------------------------------

# lacp_negotiated BOND MODE: lacp/show says "MODE negotiated" and bond/show
# lists every member as enabled.
lacp_negotiated() {
    local bond=$1 mode=$2 show
    ovs-appctl lacp/show "$bond" 2>/dev/null | grep -q "status: $mode negotiated" || return 1
    show=$(ovs-appctl bond/show "$bond" 2>/dev/null) || return 1
    [[ $show == *"lacp_status: negotiated"* ]] || return 1
    ! grep -q '^member .*: disabled' <<<"$show"
}

member_is() {  # member_is BOND MEMBER enabled|disabled
    [ "$(ovs-appctl bond/show "$1" | sed -n "s/^member $2: \([a-z]*\).*/\1/p")" = "$3" ]
}

# At least 2 LACP packet-ins, on ports 1 and 2, in ovs-ofctl monitor output.
lacp_packet_ins() {
    local f=$1
    [ "$(grep -c "dl_dst=01:80:c2:00:00:02,dl_type=0x8809" "$f")" -ge 2 ] &&
        grep -q "in_port=1 " "$f" && grep -q "in_port=2 " "$f"
}

section_lacp() {
    echo "=== lacp: OVS bonds with LACP over veth pairs (userspace datapath)"
    if ! ovs_start "$WORK/lacp"; then fail "lacp: ovs_start"; return; fi
    local ok=0 t0 t_neg
    ovs_add_bridge brA OpenFlow13 && ovs_set_fail_mode brA standalone &&
        ovs_add_bridge brB OpenFlow13 && ovs_set_fail_mode brB standalone &&
        ovs_add_veth brA-eth1 brB-eth1 && ovs_add_veth brA-eth2 brB-eth2 &&
        ovs_add_host brA h1 00:00:00:00:00:01 10.0.0.1/24 10 &&
        ovs_add_host brB h2 00:00:00:00:00:02 10.0.0.2/24 10 || ok=1
    t0=$(now_ms)
    ovs_add_bond brA bondA active brA-eth1:1 brA-eth2:2 &&
        ovs_add_bond brB bondB active brB-eth1:1 brB-eth2:2 || ok=1
    check "lacp: two bridges, two veth links, bonds with lacp=active" test $ok = 0

    if ovs_wait_for lacp_negotiated bondA active 10 && ovs_wait_for lacp_negotiated bondB active 10; then
        t_neg=$(( $(now_ms) - t0 ))
        pass "lacp: active/active negotiated, both members enabled on both sides (${t_neg} ms)"
        TIMINGS+=("lacp active/active negotiation=${t_neg}ms")
    else
        fail "lacp: active/active negotiation within 10 s"
        ovs-appctl lacp/show || true
    fi
    check "lacp: ping h1 -> h2 across the bond" ping_ok h1 10.0.0.2

    # Member failure: carrier down on one link.
    ip -n "$OVS_SW_NS" link set brB-eth1 down
    check "lacp: brA-eth1 disabled after its peer went down" \
        ovs_wait_for member_is bondA brA-eth1 disabled 10
    check "lacp: ping still works over the remaining member" ping_ok h1 10.0.0.2
    ip -n "$OVS_SW_NS" link set brB-eth1 up
    check "lacp: brA-eth1 enabled again after link up" \
        ovs_wait_for lacp_negotiated bondA active 10

    # active/passive.
    t0=$(now_ms)
    ovs-vsctl set port bondB lacp=passive
    if ovs_wait_for lacp_negotiated bondB passive 10 && ovs_wait_for lacp_negotiated bondA active 10; then
        pass "lacp: active/passive negotiated ($(( $(now_ms) - t0 )) ms)"
    else
        fail "lacp: active/passive negotiation within 10 s"
    fi
    check "lacp: ping h1 -> h2 with active/passive" ping_ok h1 10.0.0.2

    # LACP PDUs as packet-ins: brC (secure, table-miss -> controller, no
    # bond) faces a bond on brD.  This is the set-up of a controller-side
    # LACP test: the controller, not OVS, must answer the PDUs.
    ok=0
    ovs_add_bridge brC OpenFlow13 && ovs_add_bridge brD OpenFlow13 &&
        ovs_set_fail_mode brD standalone &&
        ovs_add_veth brC-eth1 brD-eth1 && ovs_add_veth brC-eth2 brD-eth2 &&
        ovs_add_port brC brC-eth1 1 && ovs_add_port brC brC-eth2 2 &&
        ovs_ofctl add-flow brC "priority=0 actions=CONTROLLER:65535" || ok=1
    ovs-ofctl -O OpenFlow13 monitor brC 65535 >"$OVS_DIR/monitor-brC.txt" 2>&1 &
    local mon=$!
    ovs_at_cleanup "kill $mon 2>/dev/null"
    sleep 0.3
    ovs_add_bond brD bondD active brD-eth1:1 brD-eth2:2 || ok=1
    check "lacp: secure bridge brC facing bond bondD" test $ok = 0
    check "lacp: LACP PDUs (01:80:c2:00:00:02, 0x8809) arrive as packet-ins on both ports of brC" \
        ovs_wait_for lacp_packet_ins "$OVS_DIR/monitor-brC.txt" 5
    # Nobody answers on brC, so no member may come up.  (lacp/show may still
    # print "negotiated" for ~3 s: new members start "expired", not
    # "defaulted"; only the member state is meaningful.)
    check "lacp: bondD members stay disabled (nobody answers on brC)" \
        eval 'member_is bondD brD-eth1 disabled && member_is bondD brD-eth2 disabled'
    kill "$mon" 2>/dev/null || true

    ovs_cleanup
    check_nothing_left "lacp"
}

# ---------------------------------------------------------------------------
# Section testcontroller: a real OpenFlow controller on tcp:127.0.0.1.
# ---------------------------------------------------------------------------

# Count OpenFlow message types that ovs-vswitchd logged (vconn debug) as
# sent or received since log line $2.
of_msgs() {  # of_msgs sent|received FROMLINE
    local dir=$1 from=$2 pat
    if [ "$dir" = sent ]; then pat='sent \(Success\): '; else pat='received: '; fi
    tail -n +"$from" "$OVS_DIR/ovs-vswitchd.log" | grep -E "vconn\|DBG\|tcp:127.0.0.1:6653: $pat" |
        sed -E "s/.*$pat([A-Z0-9_]+) \((OF[0-9.]+)\).*/\1 (\2)/" | sort | uniq -c |
        awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2 " " $3, $1}'
}

section_testcontroller() {
    echo "=== testcontroller: ovs-vswitchd -> ovs-testcontroller on tcp:127.0.0.1:6653"
    if ! command -v ovs-testcontroller >/dev/null 2>&1; then
        skip "testcontroller: ovs-testcontroller not installed (apt-get install openvswitch-testcontroller)"
        return
    fi
    if ! ovs_start "$WORK/tc"; then fail "testcontroller: ovs_start"; return; fi
    local ok=0 t0 from
    ovs_add_bridge s1 OpenFlow13 &&
        ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/24 1 &&
        ovs_add_host s1 h2 00:00:00:00:00:02 10.0.0.2/24 2 || ok=1
    check "testcontroller: secure OpenFlow13 bridge s1 with h1 h2" test $ok = 0
    check "testcontroller: secure mode without controller drops traffic" \
        ping_fails h1 10.0.0.2

    # Log every OpenFlow message of the switch (vconn debug) to see the
    # handshake; ovs-ofctl snoop cannot: it attaches only while a controller
    # is already connected.
    ovs-appctl vlog/set vconn:file:dbg
    from=$(( $(wc -l <"$OVS_DIR/ovs-vswitchd.log") + 1 ))

    # The controller listens on the loopback of the switch namespace.  Any
    # fixed port is fine: parallel runs have their own loopback.
    ovs_sw_exec ovs-testcontroller -O OpenFlow13 ptcp:6653:127.0.0.1 --detach --no-chdir \
        --pidfile="$OVS_DIR/testcontroller.pid" --log-file="$OVS_DIR/testcontroller.log" \
        -vsyslog:off -vconsole:off 2>/dev/null
    ovs_at_cleanup "kill \$(cat '$OVS_DIR/testcontroller.pid' 2>/dev/null) 2>/dev/null"

    t0=$(now_ms)
    ovs_set_controller s1 tcp:127.0.0.1:6653
    if ovs_wait_connected s1 10; then
        local t_conn=$(( $(now_ms) - t0 ))
        pass "testcontroller: s1 connected to tcp:127.0.0.1:6653 in ${t_conn} ms"
        TIMINGS+=("controller connect (ovs_wait_connected)=${t_conn}ms")
    else
        fail "testcontroller: s1 did not connect"
    fi
    check "testcontroller: ping h1 -> h2 through the controller" ping_ok h1 10.0.0.2
    check "testcontroller: controller installed learned flows (OF1.3)" \
        eval '[[ "$(ovs_dump_flows_nostats s1)" == *"in_port=1,"*"actions=output:2"* ]]'
    sleep 0.2
    local sent recv
    sent=$(of_msgs sent "$from")
    recv=$(of_msgs received "$from")
    info "switch sent:     $sent"
    info "switch received: $recv"
    check "testcontroller: handshake in OF1.3 (HELLO, FEATURES_REPLY, PACKET_IN sent; FLOW_MOD received)" \
        eval 'contains "$sent" "OFPT_HELLO (OF1.3)" "OFPT_FEATURES_REPLY (OF1.3)" "OFPT_PACKET_IN (OF1.3)" &&
              contains "$recv" "OFPT_HELLO (OF1.3)" "OFPT_FEATURES_REQUEST (OF1.3)" "OFPT_FLOW_MOD (OF1.3)"'

    # Same with OpenFlow10,OpenFlow13 on the bridge: the highest common
    # version (1.3) is chosen.
    from=$(( $(wc -l <"$OVS_DIR/ovs-vswitchd.log") + 1 ))
    ovs_mark_reconnect s1
    ovs-vsctl set bridge s1 protocols=OpenFlow10,OpenFlow13
    ovs-ofctl -O OpenFlow13 del-flows s1
    ovs-appctl bridge/reconnect s1 >/dev/null
    check "testcontroller: reconnects with protocols=OpenFlow10,OpenFlow13" ovs_wait_connected s1 10
    check "testcontroller: ping h1 -> h2 again" ping_ok h1 10.0.0.2
    check "testcontroller: OF1.3 negotiated with OpenFlow10,OpenFlow13" \
        contains "$(of_msgs sent "$from")" "OFPT_FEATURES_REPLY (OF1.3)"

    ovs_cleanup
    check_nothing_left "testcontroller"
}

# ---------------------------------------------------------------------------
# Section isolate: ovs_isolate in a child script.
# ---------------------------------------------------------------------------
section_isolate() {
    echo "=== isolate: a test script running inside the switch namespace"
    local out rc=0 pid
    out=$(bash "$SELF" --child-isolated "$WORK/isolate" 2>&1 & pid=$!; echo "pid=$pid"; wait $pid) || rc=$?
    pid=$(sed -n 's/^pid=//p' <<<"$out")
    printf '%s\n' "$out" | sed 's/^/    /'
    check "isolate: child exited 0 (controller on plain 127.0.0.1, ping ok)" test "$rc" = 0
    local saved_tag=$OVS_TAG saved_dir=$OVS_DIR
    OVS_TAG="ovst${pid}-" OVS_DIR="$WORK/isolate"
    check_nothing_left "isolate"
    OVS_TAG=$saved_tag OVS_DIR=$saved_dir
}

# ---------------------------------------------------------------------------
# Section cleanup: SIGTERM -> trap, SIGKILL -> ovs_cleanup_stale.
# ---------------------------------------------------------------------------

# Start a hanging child with PREFIX in DIR; sets CHILD_PID once it is ready.
start_hanging_child() {
    local prefix=$1 dir=$2
    mkdir -p "$dir"; rm -f "$dir/ready"
    OVS_PREFIX=$prefix bash "$SELF" --child-hang "$dir" >"$dir/child.out" 2>&1 &
    CHILD_PID=$!
    if ! ovs_wait_for test -s "$dir/ready" 20; then
        kill -KILL "$CHILD_PID" 2>/dev/null || true
        wait "$CHILD_PID" 2>/dev/null || true
        return 1
    fi
}

section_cleanup() {
    echo "=== cleanup: interrupted and killed runs"
    # A prefix of our own, so that no parallel run's ovs_start cleans up
    # our SIGKILLed child before we look at it.
    local prefix="ovsk$$x" pid saved_tag=$OVS_TAG saved_dir=$OVS_DIR

    if start_hanging_child "$prefix" "$WORK/term"; then
        pid=$CHILD_PID
        kill -TERM "$pid"
        local rc=0
        wait "$pid" || rc=$?
        check "cleanup: SIGTERMed child exited with 143 (got $rc)" test "$rc" = 143
        OVS_TAG="${prefix}${pid}-" OVS_DIR="$WORK/term"
        check_nothing_left "cleanup: after SIGTERM, the trap"
    else
        fail "cleanup: child (SIGTERM case) did not get ready"
    fi

    if start_hanging_child "$prefix" "$WORK/kill"; then
        pid=$CHILD_PID
        kill -KILL "$pid"
        wait "$pid" 2>/dev/null || true
        OVS_TAG="${prefix}${pid}-" OVS_DIR="$WORK/kill"
        check "cleanup: SIGKILLed child left its namespaces" \
            eval 'ip netns list | grep -q "^$OVS_TAG"'
        check "cleanup: ... and its ovs-vswitchd running" \
            _ovs_pid_alive "$(cat "$WORK/kill/ovs-vswitchd.pid")"
        local t0; t0=$(now_ms)
        ovs_cleanup_stale "$prefix"
        pass "cleanup: ovs_cleanup_stale $prefix done in $(( $(now_ms) - t0 )) ms"
        check_nothing_left "cleanup: after ovs_cleanup_stale"
    else
        fail "cleanup: child (SIGKILL case) did not get ready"
    fi
    OVS_TAG=$saved_tag OVS_DIR=$saved_dir
}

# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------
TIMINGS=()
SECTIONS=("$@")
[ ${#SECTIONS[@]} -eq 0 ] && SECTIONS=(l2 lacp testcontroller isolate cleanup)
T_ALL=$(now_ms)
for s in "${SECTIONS[@]}"; do
    case $s in
        l2|lacp|testcontroller|isolate|cleanup)
            t_sec=$(now_ms)
            "section_$s"
            TIMINGS+=("section $s: $(( $(now_ms) - t_sec )) ms");;
        *) echo "unknown section '$s' (l2 lacp testcontroller isolate cleanup)" >&2; exit 2;;
    esac
done
echo "=== timings"
for t in "${TIMINGS[@]}"; do info "$t"; done
info "total $(( $(now_ms) - T_ALL )) ms"
if [ "$N_FAIL" = 0 ]; then rm -rf "$WORK"; else info "logs kept in $WORK"; fi
echo "$N_PASS passed, $N_FAIL failed, $N_SKIP skipped"
[ "$N_FAIL" = 0 ]
