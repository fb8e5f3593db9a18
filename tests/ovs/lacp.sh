#!/bin/bash
# The seed's chapter 3 run (link aggregation) against a real Open vSwitch.
# There is no bonding driver on these machines, so the LACP partner of s1
# is an OVS bond (bond0, fast LACP) on a second bridge p1, linked to s1
# ports 1 and 2 by veth pairs; h1 hangs off p1; h2, h3, h4 are on s1 ports
# 3, 4, 5.  ofmanager runs switch_lacp.so, which loads the lacplib context.
#
# Case 1, the seed's: our bond passive (no YAML: switch_lacp's default
# bond), the partner active.  Case 2: our bond active (YAML), the partner
# passive, which only aggregates because we speak first.  In both: the
# partner reports LACP negotiated with s1 (its LOCAL MAC) as partner on both
# members; the seed's log lines and flows; h2, h3, h4 ping h1; taking the
# partner's active member out of its bond makes ours log the timeout and
# "enabled: False" within 4 s and the pings resume over the other link;
# putting it back re-enables it.  Case 2 also takes a member's link down
# (PORT_STATUS) and sees it disabled at once.  Case 3 is case 1 with s1 on
# OpenFlow 1.0, case 4 on 1.4, case 5 is case 2 on 1.5.  First, three bad "lacp:" sections must stop ofmanager
# with the file, line and reason.  OFM_KEEP_TMP=1 keeps the logs.
test_name=lacp
. "$(dirname "$0")/ofm-test.sh"
now_ms() { _ovs_now_ms; }

SW="SW=0000000000000001"
PROTO=OpenFlow13
# The partner's member MACs and h1's bond address, as in the seed.
declare -A MEMBER_MAC=([1]=00:00:00:00:00:11 [2]=00:00:00:00:00:12)

make_topology() {
    ovs_add_bridge s1 OpenFlow13 0000000000000001 &&
        ovs_add_bridge p1 OpenFlow13 0000000000000002 &&
        ovs_set_fail_mode p1 standalone || return 1
    local i
    for i in 1 2; do
        ovs_add_veth s1-eth$i p1-eth$i || return 1
        ovs_sw_exec ip link set p1-eth$i address "${MEMBER_MAC[$i]}" || return 1
        ovs_add_port s1 s1-eth$i $i || return 1
    done
    ovs_add_host p1 h1 02:01:02:03:04:08 10.0.0.1/8 3 &&
        ovs_add_host s1 h2 00:00:00:00:00:22 10.0.0.2/8 3 &&
        ovs_add_host s1 h3 00:00:00:00:00:23 10.0.0.3/8 4 &&
        ovs_add_host s1 h4 00:00:00:00:00:21 10.0.0.4/8 5
}

# A fresh partner bond with LACP 'active' or 'passive' (fast), so no state
# of a previous case survives (a new passive bond starts "defaulted").
make_partner_bond() {
    ovs-vsctl --if-exists del-port p1 bond0
    ovs_add_bond p1 bond0 "$1" p1-eth1:1 p1-eth2:2
}

# partner_negotiated MODE SYSID: the partner's lacp/show says "MODE
# negotiated", both members are attached, current and have SYSID (s1's
# LOCAL MAC) as partner system, and bond/show has both members enabled.
partner_negotiated() {
    local mode=$1 sysid=$2 lacp bond
    lacp=$(ovs-appctl lacp/show bond0 2>/dev/null) || return 1
    bond=$(ovs-appctl bond/show bond0 2>/dev/null) || return 1
    grep -q "status: $mode negotiated" <<<"$lacp" &&
        [ "$(grep -c ': current attached' <<<"$lacp")" = 2 ] &&
        [ "$(grep -c "partner sys_id: $sysid" <<<"$lacp")" = 2 ] &&
        grep -q 'lacp_status: negotiated' <<<"$bond" &&
        [ "$(grep -cE '^(member|slave) p1-eth[12]: enabled' <<<"$bond")" = 2 ]
}
partner_member_enabled() {  # partner_member_enabled IFACE
    ovs-appctl bond/show bond0 2>/dev/null | grep -qE "^(member|slave) $1: enabled"
}

ping_ok() {  # ping_ok HOST IP
    ovs_netns_exec "$1" ping -c1 -W1 "$2" >/dev/null 2>&1
}
all_ping_h1() {
    local h
    for h in h2 h3 h4; do
        ping_ok $h 10.0.0.1 || return 1
    done
}

# log_after LOG FROMLINE FIXED: FIXED appears at or after line FROMLINE.
log_after() {
    tail -n +"$2" "$1" | grep -qF -- "$3"
}

# The first line number of FIXED in LOG after line FROMLINE (0 if none).
line_of() {
    local n
    n=$(tail -n +"$2" "$1" | grep -nF -m1 -- "$3" | cut -d: -f1)
    [ -n "$n" ] && echo $(($2 + n - 1)) || echo 0
}

# The flows of s1, without counters, durations, cookie and table.
lacp_flows() {
    ovs-ofctl --no-names -O "$PROTO" dump-flows s1 | grep -v -E '^(OFPST_FLOW|NXST_FLOW)' \
        | sed -E -e 's/^ +//' -e 's/(cookie|duration|table|n_packets|n_bytes|idle_age|hard_age|reset_counts)=[^, ]*,? ?//g' \
        | grep -E 'dl_type=0x8809|priority=0 ' | LC_ALL=C sort
}
# (OpenFlow 1.0 flow statistics have no flags: no send_flow_rem there.)
seed_flows() {  # seed_flows TIMEOUT PORT...
    local t=$1 p flags="send_flow_rem "
    shift
    [ "$PROTO" = OpenFlow10 ] && flags=
    for p in "$@"; do
        echo "idle_timeout=$t, ${flags}priority=65535,in_port=$p,dl_src=${MEMBER_MAC[$p]},dl_type=0x8809 actions=CONTROLLER:65509"
    done
    echo "priority=0 actions=CONTROLLER:65535"
}
flows_are() {  # flows_are TIMEOUT PORT...
    [ "$(lacp_flows)" = "$(seed_flows "$@" | LC_ALL=C sort)" ]
}

# The seed's first lines for a member: received, up, timeout changed, sent,
# then the app's "enabled: True", in this order.
seed_order() {  # seed_order LOG PORT
    local log=$1 p=$2 last=1 n what
    for what in "$SW PORT=$p LACP received." "$SW PORT=$p the slave i/f has just been up." \
                "$SW PORT=$p the timeout time has changed." "$SW PORT=$p LACP sent." \
                "slave state changed port: $p enabled: True"; do
        n=$(line_of "$log" "$last" "$what")
        [ "$n" -gt 0 ] || return 1
        last=$n
    done
}

# run_case OURS PARTNER PROTO: one run of the seed with our bond in mode
# OURS, the partner's bond in mode PARTNER, s1 speaking OpenFlow PROTO.
run_case() {
    local ours=$1 partner=$2 name="$1/$2 $3"
    local log="$tmp/ofmanager-$ours-$3.log" sysid t0 ms
    echo "# our bond $ours, partner $partner, $3"
    local h p
    PROTO=$3
    ovs-vsctl set bridge s1 protocols="$PROTO"
    ovs-ofctl -O "$PROTO" del-flows s1
    ovs-vsctl --if-exists del-port p1 bond0
    for h in h1 h2 h3 h4; do ovs_netns_exec $h ip neigh flush all; done

    local -a conf=()
    if [ "$ours" = active ]; then
        # A passive partner says nothing until spoken to.
        make_partner_bond passive || { fail "$name: partner bond"; return; }
        sleep 1
        if partner_member_enabled p1-eth1 || partner_member_enabled p1-eth2; then
            fail "$name: the passive partner has a member up before we speak"
        else
            pass "$name: the passive partner is down before ofmanager starts"
        fi
        cat >"$tmp/lacp.yaml" <<'EOF'
lacp:
  bonds:
    - dpid: "0000000000000001"
      ports: [1, 2]
      mode: active
      rate: fast
EOF
        conf=(--config-file "$tmp/lacp.yaml")
    fi

    t0=$(now_ms)
    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 "${conf[@]}" \
        --log-file "$tmp/ofmanager-$ours-$3.timed.log" \
        switch_lacp.so >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653
    if ! ovs_wait_connected s1 15 || ! ovs_wait_for grep -q "move onto main mode" "$log" 15; then
        fail "$name: s1 did not connect: $(tail -5 "$log")"
        stop_ofm
        return
    fi
    if grep -q "creating context lacplib" "$log"; then
        pass "$name: lacplib loaded as a context"
    else
        fail "$name: no 'creating context lacplib' line"
    fi
    if [ "$ours" = passive ]; then
        # Like h1's bond0 in the seed, set up while the controller runs: a
        # new OVS bond sends at once, then every 30 s until answered.
        t0=$(now_ms)
        make_partner_bond "$partner" || { fail "$name: partner bond"; stop_ofm; return; }
    fi

    sysid=$(ovs-vsctl get interface s1 mac_in_use | tr -d '"')
    if ovs_wait_for partner_negotiated "$partner" "$sysid" 10; then
        pass "$name: partner reports LACP negotiated, both members enabled, partner sys_id $sysid (s1 LOCAL) after $(( $(now_ms) - t0 )) ms"
    else
        fail "$name: partner not negotiated with $sysid:"$'\n'"$(ovs-appctl lacp/show bond0; ovs-appctl bond/show bond0)"
    fi

    for p in 1 2; do
        if [ "$ours" = passive ]; then
            if seed_order "$log" $p; then
                pass "$name: port $p: the seed's log lines in the seed's order"
            else
                fail "$name: port $p: log lines missing or out of order: $(grep -F "PORT=$p" "$log" | head -5)"
            fi
        else
            if ovs_wait_for grep -qF "slave state changed port: $p enabled: True" "$log" 5 &&
                grep -qF "$SW PORT=$p the timeout time has changed." "$log"; then
                pass "$name: port $p: enabled, timeout set"
            else
                fail "$name: port $p: not enabled: $(grep -F "PORT=$p" "$log" | head -5)"
            fi
        fi
    done
    if ovs_wait_for flows_are 3 1 2 5; then
        pass "$name: the seed's LACP flows (idle_timeout=3, send_flow_rem, priority 65535, in_port, dl_src, 0x8809, CONTROLLER:65509)"
    else
        fail "$name: flows differ:"$'\n'"$(diff <(seed_flows 3 1 2 | LC_ALL=C sort) <(lacp_flows))"
    fi

    for h in h2 h3 h4; do
        if ovs_wait_for ping_ok $h 10.0.0.1 10; then
            pass "$name: $h pings h1"
        else
            fail "$name: $h cannot ping h1"
        fi
    done

    # Take the member that carries h1's traffic out of the partner's bond.
    local member port other from
    member=$(ovs_bond_active_member bond0)
    port=${member#p1-eth}
    if [ "$port" != 1 ] && [ "$port" != 2 ]; then
        fail "$name: no active member in bond0: $(ovs-appctl bond/show bond0)"
        stop_ofm
        return
    fi
    other=$((3 - port))
    from=$(($(wc -l <"$log") + 1))
    # Timed from when ovs-vswitchd has applied the change (ovs-vsctl waits).
    ovs_bond_del_member bond0 "$member"
    t0=$(now_ms)
    if ovs_wait_for log_after "$log" "$from" "slave state changed port: $port enabled: False" 10; then
        ms=$(( $(now_ms) - t0 ))
        if log_after "$log" "$from" "$SW PORT=$port LACP exchange timeout has occurred." \
            && [ "$ms" -le 4000 ]; then
            pass "$name: $member out of the partner's bond: port $port timed out, enabled: False after $ms ms"
        else
            fail "$name: port $port: timeout line missing or too late ($ms ms)"
        fi
    else
        fail "$name: port $port never disabled after its member left the partner's bond"
    fi
    if ovs_wait_for all_ping_h1 10; then
        pass "$name: h2, h3, h4 ping h1 again over port $other ($(( $(now_ms) - t0 )) ms after the removal)"
    else
        fail "$name: pings did not resume over port $other"
    fi
    # The switch says so too (lacplib may have noticed first).
    if ovs_wait_for log_after "$log" "$from" "EVENT ofp_event->lacplib EventOFPFlowRemoved" 3; then
        pass "$name: the switch sent FLOW_REMOVED for port $port's LACP flow"
    else
        fail "$name: no FLOW_REMOVED from the switch"
    fi
    if flows_are 3 $other; then
        pass "$name: only port $other's LACP flow is left"
    else
        fail "$name: LACP flows after the timeout:"$'\n'"$(lacp_flows)"
    fi

    # Put it back.
    from=$(($(wc -l <"$log") + 1))
    ovs_bond_add_member bond0 "$member" "$port"
    if ovs_wait_for log_after "$log" "$from" "slave state changed port: $port enabled: True" 10 \
        && log_after "$log" "$from" "$SW PORT=$port the slave i/f has just been up."; then
        pass "$name: $member back in the bond: port $port enabled: True"
    else
        fail "$name: port $port not re-enabled"
    fi
    if ovs_wait_for partner_negotiated "$partner" "$sysid" 10 && ovs_wait_for flows_are 3 1 2 5; then
        pass "$name: negotiated again on both members, both LACP flows back"
    else
        fail "$name: not negotiated again:"$'\n'"$(ovs-appctl bond/show bond0)"
    fi
    if ovs_wait_for all_ping_h1 10; then
        pass "$name: h2, h3, h4 ping h1"
    else
        fail "$name: pings fail with both members back"
    fi

    if [ "$ours" = active ]; then
        # Beyond Ryu: a member whose link goes down is disabled at once.
        from=$(($(wc -l <"$log") + 1))
        t0=$(now_ms)
        ovs_sw_exec ip link set "s1-eth$port" down
        if ovs_wait_for log_after "$log" "$from" "slave state changed port: $port enabled: False" 5 \
            && log_after "$log" "$from" "$SW PORT=$port the slave i/f has just been down (link down)."; then
            ms=$(( $(now_ms) - t0 ))
            pass "$name: port $port link down: disabled after $ms ms, without waiting for the LACP timeout"
        else
            fail "$name: link down on port $port not seen"
        fi
        if ovs_wait_for all_ping_h1 10; then
            pass "$name: h2, h3, h4 ping h1 with port $port down"
        else
            fail "$name: pings fail with port $port down"
        fi
        ovs_sw_exec ip link set "s1-eth$port" up
        if ovs_wait_for log_after "$log" "$from" "slave state changed port: $port enabled: True" 10; then
            pass "$name: port $port link up: enabled again"
        else
            fail "$name: port $port not enabled after link up"
        fi
    fi

    ovs_del_controller s1
    stop_ofm
    if grep -q "ERROR\|WARNING\|AddressSanitizer\|runtime error\|LeakSanitizer" "$log"; then
        fail "$name: errors in the log: $(grep -m3 'ERROR\|WARNING\|Sanitizer\|runtime error' "$log")"
    else
        pass "$name: clean log"
    fi
}

# A bad "lacp:" section stops ofmanager with the file, line and reason.
check_bad_config() {
    local what=$1 want=$2 out rc
    printf '%b' "$3" >"$tmp/bad.yaml"
    out=$("$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --config-file "$tmp/bad.yaml" \
        switch_lacp.so 2>&1)
    rc=$?
    if [ $rc = 1 ] && grep -qF -- "$tmp/bad.yaml:$want" <<<"$out"; then
        pass "config: $what refused"
    else
        fail "config: $what: exit $rc, wanted 1 and '$want': $out"
    fi
}
check_bad_config "a port in two bonds" \
    "5:7: lacp: bonds: port 2 of datapath 0000000000000001 is already in bond 1" \
    'lacp:\n  bonds:\n    - {dpid: 1, ports: [1, 2]}\n\n    - dpid: "0000000000000001"\n      ports: [2, 3]\n'
check_bad_config "an unknown mode" "5:13: lacp: bonds: mode must be passive or active, not 'fast'" \
    'lacp:\n  bonds:\n    - dpid: 1\n      ports: [1, 2]\n      mode: fast\n'
check_bad_config "a one-port bond" "3:7: lacp: bonds: a bond needs at least 2 ports" \
    'lacp:\n  bonds:\n    - dpid: 1\n      ports: [1]\n'

ovs_start "$tmp/ovs" || exit 1
make_topology || { echo "FAIL - cannot build the topology"; exit 1; }
run_case passive active OpenFlow13
run_case active passive OpenFlow13
run_case passive active OpenFlow10
run_case passive active OpenFlow14
run_case active passive OpenFlow15

test_done
