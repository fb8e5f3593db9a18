#!/bin/bash
# The asynchronous messages of OpenFlow 1.4 and 1.5 from a real Open
# vSwitch, as events in a plugin (tests/plugins/asyncev.so logs each one
# decoded).  On a 1.4 bridge and then a 1.5 one, with two ofmanagers as its
# controllers (A on 6653, B on 6654, both asking for every asynchronous
# message with SET_ASYNC):
#  - A becomes master, then B: the switch demotes A and tells it with a
#    ROLE_STATUS (SLAVE, MASTER_REQUEST, B's generation id);
#  - table 0 gets a limit of 10 flows and vacancy events at 20% and 80%:
#    nine flows make a TABLE_STATUS VACANCY_DOWN, deleting them a
#    VACANCY_UP, to both;
#  - ovs-ofctl adds a group and a meter: the switch forwards both requests
#    to A and B in REQUESTFORWARDs;
#  - no error goes either way, and nothing is logged as unexpected.
# Open vSwitch 3.1 does not send 1.5's CONTROLLER_STATUS: its decoding is
# tested in tests/unit/test-ofconn.c and test-async.c instead.
test_name=async
. "$(dirname "$0")/ofm-test.sh"

plug="$top/tests/plugins/.libs/asyncev.so"
ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow14 0000000000000001 || exit 1
ovs_set_controller s1 tcp:127.0.0.1:6653 tcp:127.0.0.1:6654 || exit 1

a_pid= b_pid=
stop_both() {
    local p
    for p in $a_pid $b_pid; do
        kill -TERM "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    a_pid= b_pid=
}
ovs_at_cleanup stop_both

# start_ofm NAME PORT GENERATION_ID: an ofmanager with asyncev.so asking
# for the master role; sets $NAME_pid.
start_ofm() {
    local name=$1 port=$2 gen=$3
    printf 'asyncev:\n  role: master\n  generation_id: %s\n  async_all: true\n' \
        "$gen" >"$tmp/$name.yaml"
    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port "$port" \
        --config-file "$tmp/$name.yaml" "$plug" >"$tmp/$name-$proto.log" 2>&1 &
    eval "${name}_pid=$!"
}

# expect LOG WHAT PATTERN: waits up to 10 s for the fixed string PATTERN.
expect() {
    if ovs_wait_for grep -qF -- "$3" "$1" 10; then
        pass "$proto: $2"
    else
        fail "$proto: $2: no '$3' in $(basename "$1"): $(grep -E 'Event|role' "$1" | tail -3)"
    fi
}

run_case() {
    proto=$1
    local ver=$2 ga=$3 gb=$4
    local of="ovs-ofctl -O $proto" la="$tmp/a-$proto.log" lb="$tmp/b-$proto.log"
    echo "# $proto"
    ovs_mark_reconnect s1
    ovs-vsctl set bridge s1 protocols="$proto" -- clear bridge s1 flow_tables
    $of del-flows s1
    $of del-groups s1
    $of del-meters s1

    start_ofm a 6653 "$ga"
    expect "$la" "A is master" "role reply role=MASTER generation_id=$ga"
    start_ofm b 6654 "$gb"
    expect "$lb" "B is master" "role reply role=MASTER generation_id=$gb"
    expect "$la" "A hears it is slave now (EventOFPRoleStatus)" \
        "EventOFPRoleStatus role=SLAVE reason=MASTER_REQUEST generation_id=$gb"

    ovs-vsctl -- --id=@ft create Flow_Table flow_limit=10 \
        -- set bridge s1 flow_tables:0=@ft >/dev/null
    $of mod-table s1 0 vacancy:20,80
    for i in 1 2 3 4 5 6 7 8 9; do
        $of add-flow s1 "priority=$i,actions=drop"
    done
    local down="EventOFPTableStatus reason=VACANCY_DOWN table_id=0 config=0x8 vacancy=down=20,up=80,now=10"
    expect "$la" "A: table 0 vacancy down to 10% (EventOFPTableStatus)" "$down"
    expect "$lb" "B: table 0 vacancy down to 10% (EventOFPTableStatus)" "$down"
    $of del-flows s1
    local up="EventOFPTableStatus reason=VACANCY_UP table_id=0 config=0x8 vacancy=down=20,up=80,now=100"
    expect "$la" "A: table 0 vacancy back up to 100%" "$up"
    expect "$lb" "B: table 0 vacancy back up to 100%" "$up"

    $of add-group s1 group_id=7,type=all,bucket=actions=drop
    $of add-meter s1 meter=3,kbps,band=type=drop,rate=1000
    local group="EventOFPRequestForward request=OFPGroupMod" meter="EventOFPRequestForward request=OFPMeterMod"
    expect "$la" "A: ovs-ofctl's group mod forwarded (EventOFPRequestForward)" "$group"
    expect "$lb" "B: ovs-ofctl's group mod forwarded (EventOFPRequestForward)" "$group"
    expect "$la" "A: ovs-ofctl's meter mod forwarded" "$meter"
    expect "$lb" "B: ovs-ofctl's meter mod forwarded" "$meter"
    grep -qE "$group xid=[0-9]+ length=[0-9]+ command=0 group_id=7\$" "$la" \
        && grep -qE "$meter xid=[0-9]+ length=[0-9]+ command=0 meter_id=3\$" "$la" \
        && pass "$proto: the forwarded requests decode (add group 7, add meter 3)" \
        || fail "$proto: forwarded requests: $(grep -F RequestForward "$la")"
    grep -q "negotiated OpenFlow $ver " "$la" && grep -q "negotiated OpenFlow $ver " "$lb" \
        && pass "$proto: both negotiated OpenFlow $ver" \
        || fail "$proto: version $ver not negotiated: $(grep -h negotiated "$la" "$lb")"

    stop_both
    local bad
    bad=$(grep -hE "ERROR|WARNING|unexpected|malformed|switch error|Sanitizer|runtime error" \
        "$la" "$lb")
    [ -z "$bad" ] && pass "$proto: no error, nothing unexpected in either log" \
        || fail "$proto: $bad"
}

run_case OpenFlow14 1.4 10 11
run_case OpenFlow15 1.5 20 21

# Open vSwitch logs an error message a controller sent it.
if grep -q "OFPT_ERROR\|OFPBRC_" "$tmp/ovs/ovs-vswitchd.log"; then
    fail "the switch got an error from us: $(grep -m2 'OFPT_ERROR\|OFPBRC_' "$tmp/ovs/ovs-vswitchd.log")"
else
    pass "no error reached the switch"
fi
test_done
