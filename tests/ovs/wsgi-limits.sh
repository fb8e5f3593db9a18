#!/bin/bash
# wsgi.so's sizes with ofctl_rest.so on a real Open vSwitch bridge: the
# per-connection memory (connection-memory-bytes, 16 KiB by default) bounds
# the request's headers only, not bodies or replies.  An 8 KiB header line
# (what eventlet, Ryu's server, takes) is served, a larger header block
# than the memory gets 431; a body of 900 KB and a reply of some hundred KB
# (GET /stats/flow of 3000 flows) pass whole, several on one keep-alive
# connection; a smaller setting moves the header bound; a bad setting
# stops the start with its file:line:col.  GET /stats/switches follows
# the switch's disconnection and return.
test_name=wsgi-limits
. "$(dirname "$0")/ofm-test.sh"

ovs_start "$tmp/ovs" || exit 1
ovs_add_bridge s1 OpenFlow13 0000000000000001 || exit 1

port=8095
url=http://127.0.0.1:$port

# start CONFIG-FILE-OR-EMPTY: ofmanager with ofctl_rest.so, s1 connected.
start() {
    local conf=()
    [ -z "$1" ] || conf=(--config-file "$1")
    log=$tmp/ofmanager-$((++nstart)).log
    "$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --wsapi-port $port \
        "${conf[@]}" ofctl_rest.so >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
    if ovs_wait_connected s1 15 \
        && ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[1\\]'" 15; then
        pass "start $nstart: switch connected"
    else
        fail "start $nstart: switch did not connect: $(tail -5 "$log")"
        test_done
        exit 1
    fi
}
nstart=0

# status_with_header BYTES: the status of GET /stats/switches with a
# header line of BYTES bytes of value.
status_with_header() {
    local h
    h=$(head -c "$1" /dev/zero | tr '\0' a)
    curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $h" "$url/stats/switches"
}

expect() {
    local what=$1 want=$2 got=$3
    if [ "$got" = "$want" ]; then
        pass "$what"
    else
        fail "$what: wanted '$want', got '$got'"
    fi
}

start ""
# GET /stats/switches follows the switch's comings and goings (its text
# is kept between state changes).
for i in 1 2 3; do curl -s -o /dev/null "$url/stats/switches"; done
ovs_del_controller s1
ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[\\]'" 10 \
    && pass "switch gone: GET /stats/switches is []" \
    || fail "switch gone: GET /stats/switches is $(curl -s "$url/stats/switches")"
ovs_set_controller s1 tcp:127.0.0.1:6653 || exit 1
ovs_wait_for sh -c "curl -s $url/stats/switches | grep -qx '\\[1\\]'" 15 \
    && pass "switch back: GET /stats/switches is [1]" \
    || fail "switch back: GET /stats/switches is $(curl -s "$url/stats/switches")"
expect "8 KiB header line served" 200 "$(status_with_header 8190)"
expect "12 KB of headers served" 200 "$(status_with_header 12000)"
expect "20 KB of headers: 431" 431 "$(status_with_header 20000)"
expect "still serving" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$url/stats/switches")"

# A body of 900 KB: spaces, then the flow; the flow is on the bridge.
{ head -c 900000 /dev/zero | tr '\0' ' '
  printf '{"dpid": 1, "priority": 77, "match": {"in_port": 7}, "actions": []}'; } >"$tmp/body"
expect "900 KB body accepted" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$tmp/body" \
       "$url/stats/flowentry/add")"
ovs_wait_for sh -c "ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -q 'priority=77,in_port=7'" 5 \
    && pass "the 900 KB body's flow is on the bridge" \
    || fail "the 900 KB body's flow is missing: $(ovs-ofctl -O OpenFlow13 dump-flows s1)"

# A reply far larger than the connection's memory, three times on one
# connection.
for i in $(seq 1 3000); do
    echo "priority=100,ip,nw_dst=10.$((i / 256)).$((i % 256)).1,actions=drop"
done >"$tmp/flows"
ovs-ofctl -O OpenFlow13 add-flows s1 "$tmp/flows"
nflows=$(ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -c priority=)
curl -s -o "$tmp/r1" "$url/stats/flow/1" -o "$tmp/r2" "$url/stats/flow/1" \
    -o "$tmp/r3" "$url/stats/flow/1" -w '%{size_download} %{num_connects}\n' >"$tmp/sizes"
for r in 1 2 3; do
    got=$(jq '.["1"] | length' "$tmp/r$r" 2>/dev/null)
    expect "big reply $r ($(wc -c <"$tmp/r$r") bytes) lists the $nflows flows" "$nflows" "$got"
done
expect "one connection for the three" 1 "$(awk '{ n += $2 } END { print n }' "$tmp/sizes")"
[ "$(wc -c <"$tmp/r1")" -gt 200000 ] && pass "the reply is over 200 KB" \
    || fail "the reply is only $(wc -c <"$tmp/r1") bytes"
stop_ofm

# A smaller setting: 8 KiB, headers of 6 KB pass, of 10 KB do not.
printf 'wsgi:\n  connection-memory-bytes: 8192\n' >"$tmp/small.yaml"
start "$tmp/small.yaml"
expect "8 KiB memory: 6 KB of headers served" 200 "$(status_with_header 6000)"
expect "8 KiB memory: 10 KB of headers: 431" 431 "$(status_with_header 10000)"
expect "8 KiB memory: big reply whole" "$nflows" \
    "$(curl -s "$url/stats/flow/1" | jq '.["1"] | length')"
stop_ofm

# Out of range: a start-up error naming the place.
printf 'wsgi:\n  max-body-bytes: 1000\n  connection-memory-bytes: 100\n' >"$tmp/bad.yaml"
timeout 10 "$top/manager/ofmanager" --wsapi-port $port --config-file "$tmp/bad.yaml" \
    ofctl_rest.so >"$tmp/bad.log" 2>&1
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] \
    && grep -q "bad.yaml:3:[0-9]*: 100 is out of range \[4096, " "$tmp/bad.log" \
    && pass "connection-memory-bytes 100: exit $rc, $(grep -m1 -o "bad.yaml:.*" "$tmp/bad.log")" \
    || fail "connection-memory-bytes 100: exit $rc: $(cat "$tmp/bad.log")"

for f in "$tmp"/ofmanager-*.log; do
    if grep -q "Sanitizer\|runtime error" "$f"; then
        fail "sanitizer report in $f: $(grep -m3 "Sanitizer\|runtime error" "$f")"
    fi
done
test_done
