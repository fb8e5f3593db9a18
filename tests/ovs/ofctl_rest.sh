#!/bin/bash
# ofctl_rest.so against a real Open vSwitch, on an OpenFlow 1.3 bridge and
# an OpenFlow 1.0 bridge: GET /stats/switches, POST /stats/flowentry/add
# (the flow appears in ovs-ofctl dump-flows), GET and POST /stats/flow
# (the entry in Ryu's REST shape: match with dl_* names, actions as
# "OUTPUT:2" strings), delete_strict and clear (the flows go), every
# other endpoint of Ryu's ofctl_rest (groups, meters with the {group_id}
# and {meter_id} path forms and meterentry/modify, ports, queues, role,
# features, experimenter) checked against ovs-ofctl, a client that leaves
# before the switch answers (its request dropped, not answered), and bad
# requests (4xx, the server still serving).
#
# Compared with Ryu by reading ryu/app/ofctl_rest.py and ryu/lib/ofctl_v1_0.py
# / ofctl_v1_3.py (os-ken's copy): the reply is {"<decimal dpid>": [flows]},
# each flow with priority, cookie, idle/hard_timeout, byte/packet_count,
# duration_*, table_id, match, actions (1.3 adds length and flags); a flow
# entry POST answers 200 with an empty body; an unknown dpid is 404.
# Where Ryu logs and ignores an unknown match field or action type, or
# answers 500 on a body that is not a dict, ofctl_rest.so answers 400.
test_name=ofctl_rest
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1

port=8091
ovs_add_veth rv1 rv2 || exit 1
url=http://127.0.0.1:$port

count_flows() {
    ovs-ofctl -O "$1" dump-flows s1 | grep -c "$2"
}

run_case() {
    local of=$1
    echo "# $of"
    ovs_add_bridge s1 "$of" 0000000000000001 || exit 1
    ovs_add_port s1 rv1 1 || exit 1
    local log="$tmp/ofmanager-$of.log"
    "$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --wsapi-port $port \
        ofctl_rest.so >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
    if ovs_wait_connected s1 15 \
        && ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[1\\]'" 15; then
        pass "$of: GET /stats/switches lists dpid 1"
    else
        fail "$of: switch not listed: $(tail -5 "$log")"
    fi

    local add='{"dpid": 1, "priority": 11111, "idle_timeout": 0,
                "match": {"in_port": 1, "dl_type": 2048, "nw_dst": "10.0.0.2"},
                "actions": [{"type": "OUTPUT", "port": 2}]}'
    expect_status "$of: POST flowentry/add" 200 "$(http POST /stats/flowentry/add "$add")"
    if ovs_wait_for sh -c "ovs-ofctl -O $of dump-flows s1 | grep -q 'priority=11111,ip,in_port=1,nw_dst=10.0.0.2 actions=output:2'" 5; then
        pass "$of: the flow is on the bridge"
    else
        fail "$of: flow not on the bridge: $(ovs-ofctl -O $of dump-flows s1)"
    fi

    expect_status "$of: GET /stats/flow/1" 200 "$(http GET /stats/flow/1)"
    expect_json "$of: flow in Ryu's shape" \
        '.["1"] | length == 1 and (.[0] | .priority == 11111 and .actions == ["OUTPUT:2"]
         and .match == {"in_port": 1, "dl_type": 2048, "nw_dst": "10.0.0.2"}
         and .table_id == 0 and has("packet_count") and has("duration_sec"))'
    if [ "$of" = OpenFlow13 ]; then
        expect_json "$of: 1.3 entries carry length and flags" '.["1"][0] | has("length") and has("flags")'
    fi
    expect_status "$of: POST /stats/flow/1 with a filter" 200 \
        "$(http POST /stats/flow/1 '{"match": {"in_port": 3}}')"
    expect_json "$of: the filter leaves none" '.["1"] == []'
    expect_status "$of: POST /stats/flow/1 by priority" 200 \
        "$(http POST /stats/flow/1 '{"priority": 11111}')"
    expect_json "$of: the priority filter keeps it" '.["1"] | length == 1'

    # Bad requests: each a 4xx, then the server still serves.
    expect_status "$of: not JSON" 400 "$(http POST /stats/flowentry/add '{"dpid": 1,')"
    expect_status "$of: unknown match field" 400 \
        "$(http POST /stats/flowentry/add '{"dpid": 1, "match": {"dl_dstt": "00:00:00:00:00:01"}}')"
    expect_json "$of: the error names the field" '.error | test("dl_dstt")'
    expect_status "$of: unknown action" 400 \
        "$(http POST /stats/flowentry/add '{"dpid": 1, "actions": [{"type": "OUTPT"}]}')"
    expect_status "$of: wrong type" 400 \
        "$(http POST /stats/flowentry/add '{"dpid": 1, "priority": "high"}')"
    expect_status "$of: unknown dpid" 404 "$(http POST /stats/flowentry/add '{"dpid": 99}')"
    expect_status "$of: unknown dpid in path" 404 "$(http GET /stats/flow/99)"
    expect_status "$of: unknown command" 404 "$(http POST /stats/flowentry/frob '{"dpid": 1}')"
    expect_status "$of: wrong method" 405 "$(http PUT /stats/switches)"
    expect_status "$of: still serving" 200 "$(http GET /stats/switches)"

    expect_status "$of: POST flowentry/delete_strict" 200 \
        "$(http POST /stats/flowentry/delete_strict "$add")"
    if ovs_wait_for sh -c "[ \$(ovs-ofctl -O $of dump-flows s1 | grep -c priority=11111) = 0 ]" 5; then
        pass "$of: delete_strict removed it"
    else
        fail "$of: flow still there after delete_strict"
    fi
    http POST /stats/flowentry/add '{"dpid": 1, "priority": 5, "match": {"in_port": 2}, "actions": [{"type": "OUTPUT", "port": 1}]}' >/dev/null
    http POST /stats/flowentry/add '{"dpid": 1, "priority": 6, "match": {"in_port": 1}, "actions": []}' >/dev/null
    ovs_wait_for sh -c "ovs-ofctl -O $of dump-flows s1 | grep -q priority=6" 5
    expect_status "$of: DELETE flowentry/clear" 200 "$(http DELETE /stats/flowentry/clear/1)"
    if ovs_wait_for sh -c "[ \$(ovs-ofctl -O $of dump-flows s1 | grep -c priority=) = 0 ]" 5; then
        pass "$of: clear removed every flow"
    else
        fail "$of: flows left after clear: $(ovs-ofctl -O $of dump-flows s1)"
    fi


    # --- The other stats endpoints.  Each is compared with the Ryu
    # function named (ryu/lib/ofctl_v1_0.py, ofctl_v1_3.py, ofctl_utils.py;
    # status codes from ryu/app/ofctl_rest.py stats_method/command_method).
    # desc: get_desc_stats() gives the OFPDescStats fields under the dpid.
    expect_status "$of: GET /stats/desc/1" 200 "$(http GET /stats/desc/1)"
    local mfr
    mfr=$(ovs-ofctl -O "$of" dump-desc s1 | sed -n 's/^Manufacturer: //p')
    expect_json "$of: desc is the switch's (mfr_desc \"$mfr\")" \
        ".[\"1\"] | .mfr_desc == \"$mfr\" and has(\"hw_desc\") and has(\"sw_desc\")
         and has(\"serial_num\") and has(\"dp_desc\")"
    # table: get_table_stats(); 1.0 adds name, wildcards, max_entries.
    expect_status "$of: GET /stats/table/1" 200 "$(http GET /stats/table/1)"
    local ntables
    ntables=$(ovs-ofctl -O "$of" show s1 | sed -n 's/.*n_tables:\([0-9]*\).*/\1/p')
    if [ "$of" = OpenFlow13 ]; then
        expect_json "$of: one entry per table ($ntables)" \
            ".[\"1\"] | length == $ntables and (.[0] | .table_id == 0
             and has(\"active_count\") and has(\"lookup_count\") and has(\"matched_count\"))"
    else
        expect_json "$of: 1.0 table entries carry name and wildcards" \
            '.["1"] | length >= 1 and (.[0] | .table_id == 0 and (.wildcards | type == "array")
             and has("name") and has("max_entries"))'
    fi
    # port: get_port_stats(); port_no by name for reserved ports ("LOCAL").
    expect_status "$of: GET /stats/port/1" 200 "$(http GET /stats/port/1)"
    expect_json "$of: port stats of port 1 and LOCAL" \
        '.["1"] | (map(.port_no) | index(1) != null and index("LOCAL") != null)
         and (.[0] | has("rx_packets") and has("tx_bytes") and has("collisions"))'
    expect_status "$of: GET /stats/port/1/1" 200 "$(http GET /stats/port/1/1)"
    expect_json "$of: only port 1" '.["1"] | length == 1 and .[0].port_no == 1'
    expect_status "$of: GET /stats/port/1/ALL" 200 "$(http GET /stats/port/1/ALL)"
    expect_json "$of: ALL is every port" '.["1"] | length >= 2'
    expect_status "$of: bad port in path" 400 "$(http GET /stats/port/1/eth0)"
    expect_json "$of: the error names port" '.field == "port"'
    # portdesc: get_port_desc() (1.0: from a features request).
    expect_status "$of: GET /stats/portdesc/1" 200 "$(http GET /stats/portdesc/1)"
    local mac
    mac=$(ovs-vsctl get interface rv1 mac_in_use | tr -d '"')
    expect_json "$of: port rv1 with its hw_addr $mac" \
        ".[\"1\"] | map(select(.name == \"rv1\")) | length == 1
         and (.[0] | .port_no == 1 and .hw_addr == \"$mac\" and has(\"config\") and has(\"state\"))"

    if [ "$of" = OpenFlow13 ]; then
        # groupentry: mod_group_entry(); groupdesc: get_group_desc();
        # group: get_group_stats().
        expect_status "$of: POST groupentry/add" 200 \
            "$(http POST /stats/groupentry/add '{"dpid": 1, "type": "ALL", "group_id": 7,
               "buckets": [{"actions": [{"type": "OUTPUT", "port": 1}]}]}')"
        if ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-groups s1 | grep -q 'group_id=7,type=all,bucket=actions=output:1'" 5; then
            pass "$of: the group is on the bridge"
        else
            fail "$of: group not on the bridge: $(ovs-ofctl -O OpenFlow13 dump-groups s1)"
        fi
        expect_status "$of: GET /stats/groupdesc/1" 200 "$(http GET /stats/groupdesc/1)"
        expect_json "$of: groupdesc in Ryu's shape" \
            '.["1"] == [{"group_id": 7, "type": "ALL", "buckets": [{"weight": 0,
              "watch_port": 4294967295, "watch_group": 4294967295, "actions": ["OUTPUT:1"]}]}]'
        # A second group, so that the {group_id} path form has one to
        # leave out; a flow pointing at group 7 gives it a reference, as
        # ovs-ofctl dump-group-stats counts it.
        expect_status "$of: POST groupentry/add group 8" 200 \
            "$(http POST /stats/groupentry/add '{"dpid": 1, "type": "SELECT", "group_id": 8,
               "buckets": [{"weight": 5, "actions": [{"type": "OUTPUT", "port": 1}]}]}')"
        expect_status "$of: POST flowentry/add to group 7" 200 \
            "$(http POST /stats/flowentry/add '{"dpid": 1, "priority": 7, "match": {"in_port": 5},
               "actions": [{"type": "GROUP", "group_id": 7}]}')"
        ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-group-stats s1 | grep -q 'group_id=7,.*ref_count=1'" 5
        refs=$(ovs-ofctl -O OpenFlow13 dump-group-stats s1 | sed -n 's/.*group_id=7,.*ref_count=\([0-9]*\).*/\1/p')
        expect_status "$of: GET /stats/group/1" 200 "$(http GET /stats/group/1)"
        expect_json "$of: group stats of both groups" \
            '.["1"] | map(.group_id) | sort == [7, 8]'
        expect_status "$of: GET /stats/group/1/7" 200 "$(http GET /stats/group/1/7)"
        expect_json "$of: group stats of group 7 alone, ref_count $refs as ovs-ofctl" \
            ".[\"1\"] | length == 1 and (.[0] | .group_id == 7 and .ref_count == ${refs:-x}
             and (.bucket_stats | length == 1) and has(\"duration_sec\"))"
        expect_status "$of: GET /stats/group/1/ALL" 200 "$(http GET /stats/group/1/ALL)"
        expect_json "$of: ALL is every group" '.["1"] | length == 2'
        # Ryu's get_group_desc() passes {group_id} on to ofctl only for
        # OpenFlow 1.5 and later: on 1.3 the path form lists every group.
        expect_status "$of: GET /stats/groupdesc/1/8" 200 "$(http GET /stats/groupdesc/1/8)"
        expect_json "$of: groupdesc/1/8 on 1.3 lists both, as Ryu" \
            '.["1"] | (map(.group_id) | sort == [7, 8]) and (map(select(.group_id == 8))
              == [{"group_id": 8, "type": "SELECT", "buckets": [{"weight": 5,
              "watch_port": 4294967295, "watch_group": 4294967295, "actions": ["OUTPUT:1"]}]}])'
        expect_status "$of: GET /stats/group/1/nine" 400 "$(http GET /stats/group/1/nine)"
        expect_status "$of: POST flowentry/delete_strict to group 7" 200 \
            "$(http POST /stats/flowentry/delete_strict '{"dpid": 1, "priority": 7, "match": {"in_port": 5}}')"
        expect_status "$of: POST groupentry/delete group 8" 200 \
            "$(http POST /stats/groupentry/delete '{"dpid": 1, "group_id": 8}')"
        expect_status "$of: POST groupentry/modify" 200 \
            "$(http POST /stats/groupentry/modify '{"dpid": 1, "type": "INDIRECT", "group_id": 7,
               "buckets": [{"actions": [{"type": "OUTPUT", "port": 2}]}]}')"
        if ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-groups s1 | grep -q 'group_id=7,type=indirect,bucket=actions=output:2'" 5; then
            pass "$of: the group was modified"
        else
            fail "$of: group not modified: $(ovs-ofctl -O OpenFlow13 dump-groups s1)"
        fi
        expect_status "$of: unknown group type" 400 \
            "$(http POST /stats/groupentry/add '{"dpid": 1, "type": "MANY", "group_id": 8}')"
        expect_json "$of: the error names type" '.error | test("type")'
        expect_status "$of: unknown group command" 404 \
            "$(http POST /stats/groupentry/frob '{"dpid": 1, "group_id": 8}')"
        expect_status "$of: POST groupentry/delete" 200 \
            "$(http POST /stats/groupentry/delete '{"dpid": 1, "group_id": 7}')"
        if ovs_wait_for sh -c "! ovs-ofctl -O OpenFlow13 dump-groups s1 | grep -q group_id=7" 5; then
            pass "$of: the group is gone"
        else
            fail "$of: group still there after delete"
        fi

        # meterentry: mod_meter_entry(); meterconfig: get_meter_config();
        # meter: get_meter_stats().
        expect_status "$of: POST meterentry/add" 200 \
            "$(http POST /stats/meterentry/add '{"dpid": 1, "flags": "KBPS", "meter_id": 3,
               "bands": [{"type": "DROP", "rate": 1000}]}')"
        if ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-meters s1 | grep -q 'meter=3 kbps'" 5; then
            pass "$of: the meter is on the bridge"
        else
            fail "$of: meter not on the bridge: $(ovs-ofctl -O OpenFlow13 dump-meters s1 2>&1)"
        fi
        expect_status "$of: GET /stats/meterconfig/1" 200 "$(http GET /stats/meterconfig/1)"
        # OVS gives a band without a burst size its rate as burst size.
        expect_json "$of: meterconfig in Ryu's shape" \
            '.["1"] == [{"meter_id": 3, "flags": ["KBPS"],
              "bands": [{"type": "DROP", "rate": 1000, "burst_size": 1000}]}]'
        expect_status "$of: POST meterentry/add meter 4" 200 \
            "$(http POST /stats/meterentry/add '{"dpid": 1, "flags": ["PKTPS", "BURST"], "meter_id": 4,
               "bands": [{"type": "DROP", "rate": 50, "burst_size": 10}]}')"
        if ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-meters s1 | grep -q 'meter=4 pktps burst'" 5; then
            pass "$of: meter 4 is on the bridge"
        else
            fail "$of: meter 4 not on the bridge: $(ovs-ofctl -O OpenFlow13 dump-meters s1 2>&1)"
        fi
        expect_status "$of: GET /stats/meter/1/3" 200 "$(http GET /stats/meter/1/3)"
        expect_json "$of: meter stats of meter 3 alone" \
            '.["1"] | length == 1 and (.[0] | .meter_id == 3 and has("flow_count")
             and (.band_stats | length == 1))'
        expect_status "$of: GET /stats/meter/1" 200 "$(http GET /stats/meter/1)"
        expect_json "$of: meter stats of both meters" '.["1"] | map(.meter_id) | sort == [3, 4]'
        expect_status "$of: GET /stats/meterconfig/1/4" 200 "$(http GET /stats/meterconfig/1/4)"
        expect_json "$of: meterconfig of meter 4 alone" \
            '.["1"] == [{"meter_id": 4, "flags": ["PKTPS", "BURST"],
              "bands": [{"type": "DROP", "rate": 50, "burst_size": 10}]}]'
        # meterentry/modify: mod_meter_entry() with OFPMC_MODIFY.
        expect_status "$of: POST meterentry/modify" 200 \
            "$(http POST /stats/meterentry/modify '{"dpid": 1, "flags": "KBPS", "meter_id": 3,
               "bands": [{"type": "DROP", "rate": 2000, "burst_size": 300}]}')"
        if ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-meters s1 | grep -q 'type=drop rate=2000'" 5; then
            pass "$of: meter 3 was modified on the bridge"
        else
            fail "$of: meter 3 not modified: $(ovs-ofctl -O OpenFlow13 dump-meters s1 2>&1)"
        fi
        expect_status "$of: GET /stats/meterconfig/1/3" 200 "$(http GET /stats/meterconfig/1/3)"
        expect_json "$of: meterconfig of meter 3 as modified" \
            '.["1"] == [{"meter_id": 3, "flags": ["KBPS"],
              "bands": [{"type": "DROP", "rate": 2000, "burst_size": 300}]}]'
        expect_status "$of: meterentry/modify with a bad flag" 400 \
            "$(http POST /stats/meterentry/modify '{"dpid": 1, "flags": "FAST", "meter_id": 3}')"
        expect_json "$of: the error names flags" '.error | test("flags")'
        expect_status "$of: POST meterentry/delete meter 4" 200 \
            "$(http POST /stats/meterentry/delete '{"dpid": 1, "meter_id": 4}')"
        expect_status "$of: unknown band type" 400 \
            "$(http POST /stats/meterentry/add '{"dpid": 1, "meter_id": 4, "bands": [{"type": "BURN"}]}')"
        expect_json "$of: the error names bands" '.error | test("bands")'
        expect_status "$of: POST meterentry/delete" 200 \
            "$(http POST /stats/meterentry/delete '{"dpid": 1, "meter_id": 3}')"
        if ovs_wait_for sh -c "! ovs-ofctl -O OpenFlow13 dump-meters s1 | grep -q meter=3" 5; then
            pass "$of: the meter is gone"
        else
            fail "$of: meter still there after delete"
        fi

        # role: ofctl_utils.get_role() and set_role().
        expect_status "$of: GET /stats/role/1" 200 "$(http GET /stats/role/1)"
        expect_json "$of: role reply in Ryu's shape" \
            '.["1"][0] | .role == "EQUAL" and (.generation_id | type == "number")'
        expect_status "$of: POST /stats/role MASTER" 200 \
            "$(http POST /stats/role '{"dpid": 1, "role": "MASTER"}')"
        expect_status "$of: GET /stats/role/1 again" 200 "$(http GET /stats/role/1)"
        expect_json "$of: now MASTER" '.["1"][0].role == "MASTER"'
        expect_status "$of: bad role" 400 "$(http POST /stats/role '{"dpid": 1, "role": "BOSS"}')"
        expect_json "$of: the error names role" '.error | test("role")'
        expect_status "$of: POST /stats/role EQUAL" 200 \
            "$(http POST /stats/role '{"dpid": 1, "role": "EQUAL"}')"
    else
        # ofctl_v1_0 has none of these: stats_method()/command_method()
        # catch the AttributeError and answer 501.
        local path
        for path in /stats/group/1 /stats/groupdesc/1 /stats/meter/1 \
                    /stats/meterconfig/1 /stats/role/1; do
            expect_status "$of: GET $path is 501" 501 "$(http GET $path)"
        done
        expect_status "$of: groupentry/add is 501" 501 \
            "$(http POST /stats/groupentry/add '{"dpid": 1, "group_id": 1}')"
        expect_status "$of: meterentry/add is 501" 501 \
            "$(http POST /stats/meterentry/add '{"dpid": 1, "meter_id": 1}')"
        expect_status "$of: POST /stats/role is 501" 501 \
            "$(http POST /stats/role '{"dpid": 1, "role": "MASTER"}')"
    fi
    # aggregateflow: get_aggregate_flow_stats() (GET, and POST with the
    # flow filters of get_flow_stats()).
    http POST /stats/flowentry/add '{"dpid": 1, "priority": 7, "match": {"in_port": 1}, "actions": []}' >/dev/null
    ovs_wait_for sh -c "ovs-ofctl -O $of dump-flows s1 | grep -q priority=7" 5
    local nflows
    nflows=$(ovs-ofctl -O "$of" dump-flows s1 | grep -c priority=)
    expect_status "$of: GET /stats/aggregateflow/1" 200 "$(http GET /stats/aggregateflow/1)"
    expect_json "$of: aggregate in Ryu's shape" \
        ".[\"1\"] | length == 1 and (.[0] | .flow_count == $nflows and has(\"packet_count\") and has(\"byte_count\"))"
    expect_status "$of: POST /stats/aggregateflow/1 filtered" 200 \
        "$(http POST /stats/aggregateflow/1 '{"match": {"in_port": 3}}')"
    expect_json "$of: the filter leaves none" '.["1"][0].flow_count == 0'
    # queue: get_queue_stats(); no queue is configured, so none.
    expect_status "$of: GET /stats/queue/1" 200 "$(http GET /stats/queue/1)"
    expect_json "$of: no queue stats" '.["1"] == []'
    expect_status "$of: GET /stats/queue/1/1/0" 200 "$(http GET /stats/queue/1/1/0)"
    expect_status "$of: bad queue id" 400 "$(http GET /stats/queue/1/1/zero)"
    # queuedesc is OpenFlow 1.4: neither ofctl_v1_0 nor ofctl_v1_3 has
    # get_queue_desc, so stats_method() answers 501.
    expect_status "$of: GET /stats/queuedesc/1 is 501" 501 "$(http GET /stats/queuedesc/1)"
    expect_status "$of: GET /stats/queuedesc/1/1/0 is 501" 501 "$(http GET /stats/queuedesc/1/1/0)"
    # portdesc/modify: mod_port_behavior(), hw_addr and advertise filled
    # in from the port (ofctl_rest.py mod_port_behavior).
    expect_status "$of: POST portdesc/modify" 200 \
        "$(http POST /stats/portdesc/modify '{"dpid": 1, "port_no": 1, "config": 1, "mask": 1}')"
    if ovs_wait_for sh -c "ovs-ofctl -O $of show s1 | grep -A1 '^ 1(rv1)' | grep -q 'config: *PORT_DOWN'" 5; then
        pass "$of: ovs-ofctl show shows port 1 down"
    else
        fail "$of: port config not changed: $(ovs-ofctl -O $of show s1)"
    fi
    expect_status "$of: GET /stats/portdesc/1 after modify" 200 "$(http GET /stats/portdesc/1)"
    expect_json "$of: portdesc shows config 1" '.["1"] | map(select(.port_no == 1)) | .[0].config == 1'
    http POST /stats/portdesc/modify '{"dpid": 1, "port_no": 1, "config": 0, "mask": 1}' >/dev/null
    expect_status "$of: portdesc/modify of no such port" 404 \
        "$(http POST /stats/portdesc/modify '{"dpid": 1, "port_no": 42, "config": 1, "mask": 1}')"
    expect_status "$of: portdesc/frob" 404 \
        "$(http POST /stats/portdesc/frob '{"dpid": 1, "port_no": 1}')"
    expect_status "$of: portdesc/modify without port_no" 400 \
        "$(http POST /stats/portdesc/modify '{"dpid": 1}')"
    expect_json "$of: the error names port_no" '.field == "port_no"'
    if [ "$of" = OpenFlow13 ]; then
        # tablefeatures: get_table_features(), one entry per table.
        expect_status "$of: GET /stats/tablefeatures/1" 200 "$(http GET /stats/tablefeatures/1)"
        expect_json "$of: table features of $ntables tables" \
            ".[\"1\"] | length == $ntables and (.[0] | .table_id == 0 and has(\"max_entries\")
             and (.properties | map(.type) | index(\"INSTRUCTIONS\") != null))"
        # queueconfig: get_queue_config() of port 1, no queue.
        expect_status "$of: GET /stats/queueconfig/1/1" 200 "$(http GET /stats/queueconfig/1/1)"
        expect_json "$of: queue config of port 1" '.["1"] == [{"port": 1, "queues": []}]'
        # groupfeatures / meterfeatures: get_group_features(),
        # get_meter_features(), against ovs-ofctl's view.
        expect_status "$of: GET /stats/groupfeatures/1" 200 "$(http GET /stats/groupfeatures/1)"
        expect_json "$of: group features in Ryu's shape" \
            '.["1"] | length == 1 and (.[0] | (.types | index("ALL") != null)
             and (.max_groups | length == 4) and (.actions | length == 4) and has("capabilities"))'
        local maxm
        maxm=$(ovs-ofctl -O OpenFlow13 meter-features s1 | sed -n 's/^max_meter:\([0-9]*\).*/\1/p')
        expect_status "$of: GET /stats/meterfeatures/1" 200 "$(http GET /stats/meterfeatures/1)"
        expect_json "$of: meter features max_meter $maxm" \
            ".[\"1\"] | length == 1 and (.[0] | .max_meter == ${maxm:-0}
             and (.band_types | index(\"DROP\") != null) and has(\"max_bands\"))"
        # experimenter: send_experimenter(); Ryu answers 200 whatever the
        # switch then says.
        expect_status "$of: POST /stats/experimenter/1" 200 \
            "$(http POST /stats/experimenter/1 '{"experimenter": 8992, "exp_type": 0, "data_type": "ascii", "data": "hi"}')"
        expect_status "$of: bad data_type" 400 \
            "$(http POST /stats/experimenter/1 '{"experimenter": 1, "data_type": "hex", "data": "00"}')"
        expect_json "$of: the error names data_type" '.error | test("data_type")'
    else
        for path in /stats/tablefeatures/1 /stats/queueconfig/1 /stats/groupfeatures/1 \
                    /stats/meterfeatures/1; do
            expect_status "$of: GET $path is 501" 501 "$(http GET $path)"
        done
        expect_status "$of: experimenter is 501" 501 \
            "$(http POST /stats/experimenter/1 '{"experimenter": 1}')"
    fi
    # A client that goes away while its request waits for the switch: the
    # switch is frozen (SIGSTOP) so the stats reply cannot come, curl
    # gives up after 0.3 s (before the 1 s stats timeout), and the request
    # must be dropped then, not answered; the late reply after SIGCONT
    # finds nothing waiting.  Under ASan a use after free here aborts.
    local vsd gone_path=/stats/queue/1/1/77
    vsd=$(cat "$OVS_DIR/ovs-vswitchd.pid")
    kill -STOP "$vsd"
    curl -s -o /dev/null --max-time 0.3 "$url$gone_path"
    if ovs_wait_for grep -q "GET $gone_path: client went away before the reply" "$log" 3; then
        pass "$of: a suspended request whose client left is dropped"
    else
        fail "$of: no drop logged for $gone_path: $(tail -3 "$log")"
    fi
    kill -CONT "$vsd"
    sleep 1.5
    if grep -q "\"GET $gone_path HTTP/1.1\"" "$log"; then
        fail "$of: the dropped request was answered: $(grep "$gone_path" "$log")"
    else
        pass "$of: the dropped request got no answer"
    fi
    expect_status "$of: GET /stats/flow/1 after the client left" 200 "$(http GET /stats/flow/1)"
    expect_json "$of: flows still listed" '.["1"] | length >= 1'
    expect_status "$of: unknown dpid for desc" 404 "$(http GET /stats/desc/99)"
    expect_status "$of: still serving after all" 200 "$(http GET /stats/switches)"

    stop_ofm
    # In a sanitizer build a leak or a bad access shows up in the log,
    # at exit if not before.
    if grep -q "Sanitizer\|runtime error" "$log"; then
        fail "$of: sanitizer report: $(grep -m3 "Sanitizer\|runtime error\|^    #[0-4] " "$log")"
    else
        pass "$of: no sanitizer report in ofmanager's log"
    fi
    ovs-vsctl del-br s1
}

run_case OpenFlow13
run_case OpenFlow10
test_done
