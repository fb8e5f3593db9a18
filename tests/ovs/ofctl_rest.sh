#!/bin/bash
# ofctl_rest.so against a real Open vSwitch, on an OpenFlow 1.3 bridge and
# an OpenFlow 1.0 bridge: GET /stats/switches, POST /stats/flowentry/add
# (the flow appears in ovs-ofctl dump-flows), GET and POST /stats/flow
# (the entry in Ryu's REST shape: match with dl_* names, actions as
# "OUTPUT:2" strings), delete_strict and clear (the flows go), and bad
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
url=http://127.0.0.1:$port

http() {
    local method=$1 path=$2 body=${3-}
    if [ -n "$body" ]; then
        curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" \
            -H 'Content-Type: application/json' --data-binary "$body" "$url$path"
    else
        curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" "$url$path"
    fi
}

expect_status() {
    local what=$1 want=$2 got=$3
    if [ "$got" = "$want" ]; then
        pass "$what"
    else
        fail "$what: wanted status $want, got $got: $(cat "$tmp/body")"
    fi
}

# Checks the jq expression 'expr' is true of the last body.
expect_json() {
    local what=$1 expr=$2
    if jq -e "$expr" "$tmp/body" >/dev/null 2>&1; then
        pass "$what"
    else
        fail "$what: $expr is not true of $(cat "$tmp/body")"
    fi
}

count_flows() {
    ovs-ofctl -O "$1" dump-flows s1 | grep -c "$2"
}

run_case() {
    local of=$1
    echo "# $of"
    ovs_add_bridge s1 "$of" 0000000000000001 || exit 1
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

    stop_ofm
    ovs-vsctl del-br s1
}

run_case OpenFlow13
run_case OpenFlow10
test_done
