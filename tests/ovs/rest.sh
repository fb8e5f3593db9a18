#!/bin/bash
# The seed's REST chapter (simple_switch_rest_13) against a real Open
# vSwitch: ofmanager with switch_rest.so (which loads wsgi.so), two PUTs
# of the MAC table, the table in the replies, the two priority-1 flows on
# the bridge, then h1 pings h2 and only the ARP request reaches the
# controller.  Then bad requests, each a 4xx with the server still
# serving.  Once with dpid 1, once with dpid 0000000000000010 (which
# Ryu's int(dpid) gets wrong).
test_name=rest
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1

url=http://127.0.0.1:8080

# Prints "STATUS BODY" of a request: METHOD PATH [BODY] (ofm-test.sh's
# http prints the status only).
http_show() {
    local status
    status=$(http "$@")
    printf '%s %s' "$status" "$(cat "$tmp/body")"
}

expect() {
    local what=$1 want=$2 got=$3
    if [ "$got" = "$want" ]; then
        pass "$what"
    else
        fail "$what: wanted '$want', got '$got'"
    fi
}

run_case() {
    local dpid=$1 dec=$2
    echo "# dpid $dpid"
    ovs_add_bridge s1 OpenFlow13 "$dpid" || exit 1
    ovs_add_hosts s1 3 || exit 1
    local log="$tmp/ofmanager-$dpid.log"
    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 switch_rest.so \
        >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
    if wait_switch_up s1 "$log" "-O OpenFlow13"; then
        pass "$dpid: switch connected, table-miss installed"
    else
        fail "$dpid: switch did not come up: $(tail -5 "$log")"
    fi
    grep -qxF "wsgi starting up on http://0.0.0.0:8080/" "$log" \
        && pass "$dpid: wsgi start line" || fail "$dpid: no wsgi start line"

    expect "$dpid: GET empty table" "200 {}" "$(http_show GET /simpleswitch/mactable/$dpid)"
    expect "$dpid: PUT h1" '200 {"00:00:00:00:00:01":1}' \
        "$(http_show PUT /simpleswitch/mactable/$dpid '{"mac": "00:00:00:00:00:01", "port": 1}')"
    expect "$dpid: PUT h2" '200 {"00:00:00:00:00:01":1,"00:00:00:00:00:02":2}' \
        "$(http_show PUT /simpleswitch/mactable/$dpid '{"mac": "00:00:00:00:00:02", "port": 2}')"
    expect "$dpid: GET by decimal dpid" '200 {"00:00:00:00:00:01":1,"00:00:00:00:00:02":2}' \
        "$(http_show GET /simpleswitch/mactable/$dec)"
    grep -qE "^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4} [0-9:]{8}\] \"PUT /simpleswitch/mactable/$dpid HTTP/1\.1\" 200 [0-9]+ [0-9.]+$" "$log" \
        && pass "$dpid: access-log line" \
        || fail "$dpid: no access-log line: $(grep -m2 'HTTP/1' "$log")"

    ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -c priority=1, | grep -qx 2" 5
    ovs-ofctl --no-names -O OpenFlow13 dump-flows s1 \
        | grep -v -E '^(OFPST_FLOW|NXST_FLOW)' \
        | sed -E -e 's/^ +//' -e 's/(cookie|duration|table|n_packets|n_bytes|idle_age|hard_age|reset_counts)=[^, ]*,? ?//g' \
        | LC_ALL=C sort >"$tmp/flows"
    printf '%s\n' "priority=0 actions=CONTROLLER:65535" \
        "priority=1,in_port=1,dl_dst=00:00:00:00:00:02 actions=output:2" \
        "priority=1,in_port=2,dl_dst=00:00:00:00:00:01 actions=output:1" \
        | LC_ALL=C sort >"$tmp/want"
    if diff -u "$tmp/want" "$tmp/flows" >"$tmp/diff"; then
        pass "$dpid: flow table is the table-miss and the two PUT entries"
    else
        fail "$dpid: flow table differs: $(cat "$tmp/diff")"
    fi

    if ovs_netns_exec h1 ping -c1 -W5 10.0.0.2 >"$tmp/ping" 2>&1; then
        pass "$dpid: h1 pings h2"
    else
        fail "$dpid: h1 pings h2: $(cat "$tmp/ping")"
    fi
    sleep 0.5
    local pins
    pins=$(grep "^packet in $dec " "$log" | sort -u)
    expect "$dpid: only the ARP request reached the controller" \
        "packet in $dec 00:00:00:00:00:01 ff:ff:ff:ff:ff:ff 1" "$pins"

    # GET /metrics: Prometheus text, every sample line well formed, and
    # the counters move.
    curl -s "$url/metrics" >"$tmp/metrics1"
    if awk '/^#/ { if ($2 != "HELP" && $2 != "TYPE") exit 1; next }
            !/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})? [0-9]+(\.[0-9]+)?$/ { exit 1 }
            { n++ } END { exit n == 0 }' "$tmp/metrics1"; then
        pass "$dpid: /metrics parses as Prometheus text"
    else
        fail "$dpid: /metrics malformed: $(head -20 "$tmp/metrics1")"
    fi
    grep -qx "ofm_switches_connected 1" "$tmp/metrics1" \
        && grep -q "^ofm_switch_ports{dpid=\"$dpid\",version=\"0x04\"} 4$" "$tmp/metrics1" \
        && pass "$dpid: /metrics counts the switch and its ports" \
        || fail "$dpid: /metrics: $(grep -v '^#' "$tmp/metrics1" | head -5)"
    local ok1 ok2
    ok1=$(awk '/^ofm_http_responses_total\{code="2xx"\}/ { print $2 }' "$tmp/metrics1")
    curl -s -o /dev/null "$url/simpleswitch/mactable/$dpid"
    ok2=$(curl -s "$url/metrics" | awk '/^ofm_http_responses_total\{code="2xx"\}/ { print $2 }')
    [ -n "$ok1" ] && [ "$ok2" -gt "$ok1" ] && pass "$dpid: /metrics counters move ($ok1 -> $ok2)" \
        || fail "$dpid: /metrics counters did not move ($ok1 -> $ok2)"

    # Bad requests: 4xx each, with the field named, and the server serves on.
    local p=/simpleswitch/mactable/$dpid
    expect "$dpid: not JSON -> 400" 400 "$(http_show PUT $p '{"mac": ' | cut -d' ' -f1)"
    grep -q '"field":"body"' "$tmp/body" && pass "$dpid: not JSON names the body" \
        || fail "$dpid: not JSON: $(cat "$tmp/body")"
    expect "$dpid: port a string -> 400 naming port" \
        '400 {"error":"port: expected an integer from 1 to 4294967040","field":"port"}' \
        "$(http_show PUT $p '{"mac": "00:00:00:00:00:03", "port": "3"}')"
    expect "$dpid: port out of range -> 400" 400 \
        "$(http_show PUT $p '{"mac": "00:00:00:00:00:03", "port": 4294967296}' | cut -d' ' -f1)"
    expect "$dpid: bad mac -> 400 naming mac" 400 \
        "$(http_show PUT $p '{"mac": "00:00:00:00:00", "port": 3}' | cut -d' ' -f1)"
    grep -q '"field":"mac"' "$tmp/body" && pass "$dpid: bad mac names mac" \
        || fail "$dpid: bad mac: $(cat "$tmp/body")"
    expect "$dpid: body an array -> 400" 400 "$(http_show PUT $p '[1]' | cut -d' ' -f1)"
    expect "$dpid: empty body -> 400" 400 "$(http_show PUT $p | cut -d' ' -f1)"
    expect "$dpid: unknown dpid -> 404" 404 \
        "$(http_show GET /simpleswitch/mactable/00000000000000ff | cut -d' ' -f1)"
    expect "$dpid: bad dpid -> 400" 400 \
        "$(http_show GET /simpleswitch/mactable/zz | cut -d' ' -f1)"
    expect "$dpid: bad path -> 404" 404 "$(http_show GET /simpleswitch/nothing | cut -d' ' -f1)"
    local allow
    allow=$(curl -s -o /dev/null -D - -X DELETE "$url$p" | tr -d '\r' \
        | awk -F': ' 'tolower($1) == "allow" { print $2 }')
    expect "$dpid: wrong method -> 405 with Allow" "GET, PUT" "$allow"
    head -c 2000000 /dev/zero | tr '\0' ' ' >"$tmp/big"
    expect "$dpid: 2 MB body -> 413" 413 "$(http_show PUT $p @"$tmp/big" | cut -d' ' -f1)"
    expect "$dpid: still serving" '200 {"00:00:00:00:00:01":1,"00:00:00:00:00:02":2}' \
        "$(http_show GET $p)"

    # Keep-alive: several requests on one connection.
    local n
    n=$(curl -s -v "$url$p" "$url$p" "$url$p" 2>&1 | grep -c "Re-using existing connection")
    [ "$n" -ge 2 ] && pass "$dpid: keep-alive ($n reuses)" || fail "$dpid: no keep-alive"

    stop_ofm
    grep -q "ERROR\|AddressSanitizer\|runtime error" "$log" \
        && fail "$dpid: errors in the log: $(grep -m3 'ERROR\|Sanitizer\|runtime error' "$log")" \
        || pass "$dpid: clean log"
    for i in 1 2 3; do ovs_del_host s1 h$i $i; done
    ovs-vsctl del-br s1
}

run_case 0000000000000001 1
run_case 0000000000000010 16

# A busy port is a start-up error.
/usr/bin/python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 8080)); s.listen(); time.sleep(30)' &
busy=$!
sleep 0.5
timeout 10 "$top/manager/ofmanager" --wsapi-host 127.0.0.1 switch_rest.so >"$tmp/busy.log" 2>&1
rc=$?
kill "$busy" 2>/dev/null
wait "$busy" 2>/dev/null
[ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q "cannot listen on 127.0.0.1 port 8080" "$tmp/busy.log" \
    && pass "busy port: exit $rc, reason given" \
    || fail "busy port: exit $rc: $(cat "$tmp/busy.log")"

test_done
