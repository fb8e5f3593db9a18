#!/bin/bash
# The seed's chapter 2 run against a real Open vSwitch: one switch, three
# hosts, ofmanager with switch.so and monitor.so polling every second.
# Before any traffic the tables show no flows and zero counters; after h1
# pings h2 they show the seed's rows; and once the network is quiet, every
# printed counter equals what ovs-ofctl dump-flows / dump-ports report at
# that poll.  The JSON log holds the same numbers.  Once with the bridge on
# OpenFlow 1.3, once on OpenFlow 1.0 only.  OFM_KEEP_TMP=1 keeps the logs.
test_name=monitor
. "$(dirname "$0")/ofm-test.sh"

# Ryu's simple_monitor_13 tables.
FLOW_HEADER='datapath         in-port  eth-dst           out-port packets  bytes'
FLOW_RULE='---------------- -------- ----------------- -------- -------- --------'
PORT_HEADER='datapath         port     rx-pkts  rx-bytes rx-error tx-pkts  tx-bytes tx-error'
PORT_RULE='---------------- -------- -------- -------- -------- -------- -------- --------'

# The seed's tables after "h1 ping -c1 h2" (and h2's ARP check of h1 a few
# seconds later): rows of a poll, flow rows then port rows.
seed_poll() {
    cat <<'EOF'
0000000000000001        1 00:00:00:00:00:02        2        1       42
0000000000000001        2 00:00:00:00:00:01        1        2      140
0000000000000001        1        3      182        0        3      182        0
0000000000000001        2        3      182        0        3      182        0
0000000000000001        3        0        0        0        1       42        0
0000000000000001 fffffffe        0        0        0        1       42        0
EOF
}
# Before any traffic: no flow rows, every port at zero.
idle_poll() {
    local p
    for p in 1 2 3 fffffffe; do
        printf '0000000000000001 %8s        0        0        0        0        0        0\n' "$p"
    done
}

# The complete polls printed in LOG, one per line: "F|row|row...P|row...",
# the flow table then the port table of the same poll.  A header not
# followed by its dash line shows as "BAD".  The table still being written
# at the end of the log is left out.
polls() {
    awk -v fh="$FLOW_HEADER" -v fr="$FLOW_RULE" -v ph="$PORT_HEADER" -v pr="$PORT_RULE" '
        function flush() { if (kind != "") print kind rows; kind = ""; rows = "" }
        expect != "" {
            if ($0 != expect) { print "BAD after header: " $0; kind = "" }
            expect = ""
            next
        }
        $0 == fh { flush(); kind = "F"; expect = fr; next }
        $0 == ph { flush(); kind = "P"; expect = pr; next }
        kind != "" && length($1) == 16 && $1 ~ /^[0-9a-f]+$/ { rows = rows "|" $0; next }
        { flush() }
    ' "$1" | awk '/^F/ { f = $0; next } /^P/ && f != "" { print f $0 } { f = "" }'
}
# Poll N (1 = first; "last") of LOG as rows, one per line.
poll_rows() {
    local line
    if [ "$2" = last ]; then
        line=$(polls "$1" | tail -n 1)
    else
        line=$(polls "$1" | sed -n "$2p")
    fi
    printf '%s\n' "$line" | sed -e 's/^F//' -e 's/P|/|/' | tr '|' '\n' | sed '/^$/d'
}
n_polls() { polls "$1" | wc -l; }
# True if the last two polls of LOG are the same.
last_two_same() {
    [ "$(polls "$1" | tail -n 2 | wc -l)" = 2 ] && [ "$(polls "$1" | tail -n 2 | uniq | wc -l)" = 1 ]
}
last_poll_is() {
    [ "$(poll_rows "$1" last)" = "$(cat "$2")" ]
}
poll_after() {
    [ "$(n_polls "$1")" -gt "$2" ]
}

# What ovs-ofctl reports, as the monitor's rows: the priority-1 flows
# sorted by in-port and eth-dst, then every port by number.  Counters the
# switch does not support ("?") are all ones, as the switch sends them.
ovs_rows() {
    local proto=$1 in dst out np nb
    ovs-ofctl --no-names -O "$proto" dump-flows s1 | grep -E '(^| |,)priority=1(,| )' \
        | sed -E 's/.*n_packets=([0-9]+), n_bytes=([0-9]+),.*in_port=([0-9]+),dl_dst=([0-9a-f:]+) actions=(output:)?([0-9]+).*/\3 \4 \6 \1 \2/' \
        | while read -r in dst out np nb; do
            printf '%016x %8x %17s %8x %8s %8s\n' 1 "$in" "$dst" "$out" "$np" "$nb"
        done | LC_ALL=C sort
    ovs-ofctl --no-names -O "$proto" dump-ports s1 | awk '
        function v(k,   s) {
            if (!match($0, k "=[^,]*")) return "missing"
            s = substr($0, RSTART + length(k) + 1, RLENGTH - length(k) - 1)
            return s == "?" ? "18446744073709551615" : s
        }
        /^ *port / { p = $0; sub(/^ *port +/, "", p); sub(/:.*/, "", p)
                     rp = v("pkts"); rb = v("bytes"); re = v("errs"); next }
        /^ *tx pkts/ { print p, rp, rb, re, v("pkts"), v("bytes"), v("errs") }
    ' | while read -r p rp rb re tp tb te; do
        [ "$p" = LOCAL ] && p=4294967294
        printf '%016x %8x %8s %8s %8s %8s %8s %8s\n' 1 "$p" "$rp" "$rb" "$re" "$tp" "$tb" "$te"
    done | LC_ALL=C sort
}

# A fresh bridge s1 (datapath 1) and hosts h1..h3, so counters start at 0.
make_topology() {
    local proto=$1 i
    for i in 1 2 3; do
        ovs_del_host s1 h$i $i
    done
    ovs-vsctl --if-exists del-br s1
    ovs_add_bridge s1 "$proto" 0000000000000001 || return 1
    ovs_add_hosts s1 3 || return 1
    # The bridge's own port is up, as under Mininet, so flooding reaches it
    # (it sends nothing itself: no address, IPv6 off).
    ovs_sw_exec ip link set s1 up
}

# True if the last poll of LOG has N rows.
last_poll_has() {
    [ "$(poll_rows "$1" last | wc -l)" = "$2" ]
}

# Checks that every counter of a poll of a quiet network equals what
# ovs-ofctl reports: waits for two polls alike, asks ovs-ofctl, then for a
# third poll still alike, and compares.  Leaves the poll in $tmp/got.
compare_with_ovs() {
    local proto=$1 log=$2 what=$3
    local tries=0 ok=0 n
    while [ $tries -lt 10 ] && [ $ok = 0 ]; do
        tries=$((tries + 1))
        ovs_wait_for last_two_same "$log" 20 || continue
        n=$(n_polls "$log")
        poll_rows "$log" "$n" >"$tmp/got"
        ovs_rows "$proto" >"$tmp/ofctl"
        ovs_wait_for poll_after "$log" "$n" 5 || continue
        poll_rows "$log" $((n + 1)) >"$tmp/next"
        cmp -s "$tmp/got" "$tmp/next" && ok=1
    done
    if [ $ok = 0 ]; then
        fail "$proto: the network never got quiet$what"
        return 1
    elif diff -u "$tmp/ofctl" "$tmp/got" >"$tmp/diff"; then
        pass "$proto: every printed counter equals ovs-ofctl's ($(wc -l <"$tmp/got") rows)$what"
    else
        fail "$proto: printed tables differ from ovs-ofctl (- ovs-ofctl, + printed)$what:"$'\n'"$(head -40 "$tmp/diff")"
    fi
}

run_case() {
    local proto=$1
    local log="$tmp/ofmanager-$proto.log" json="$tmp/monitor-$proto.json"
    echo "# $proto"
    make_topology "$proto" || { fail "$proto: cannot build the topology"; return; }
    printf 'monitor:\n  interval: 1\n  json: %s\n' "$json" >"$tmp/monitor.yaml"

    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 \
        --config-file "$tmp/monitor.yaml" switch.so monitor.so >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || fail "$proto: set-controller"

    if ovs_wait_connected s1 15 \
        && ovs_wait_for grep -qxF "register datapath: 0000000000000001" "$log" 15 \
        && ovs_wait_for grep -qxF "send stats request: 0000000000000001" "$log" 15 \
        && ovs_wait_for poll_after "$log" 0 15; then
        pass "$proto: datapath registered and polled"
    else
        fail "$proto: no poll: $(tail -5 "$log")"
        stop_ofm
        return
    fi

    # Before any traffic.
    idle_poll >"$tmp/want"
    poll_rows "$log" 1 >"$tmp/got"
    if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
        pass "$proto: first poll: no flows, all counters 0"
    else
        fail "$proto: first poll differs:"$'\n'"$(cat "$tmp/diff")"
    fi

    if ovs_netns_exec h1 ping -c1 -W5 10.0.0.2 >"$tmp/ping" 2>&1; then
        pass "$proto: h1 pings h2"
    else
        fail "$proto: h1 pings h2: $(cat "$tmp/ping")"
    fi

    # h2 checks h1's address about 5 s after using it (ARP probe): then the
    # counters reach the seed's and the network is quiet.
    seed_poll >"$tmp/seed"
    if ovs_wait_for last_poll_is "$log" "$tmp/seed" 30; then
        pass "$proto: the tables show the seed's rows"
    else
        poll_rows "$log" last >"$tmp/got"
        fail "$proto: the last poll is not the seed's:"$'\n'"$(diff -u "$tmp/seed" "$tmp/got")"
    fi

    compare_with_ovs "$proto" "$log" ""

    check_json "$proto" "$json" "$tmp/got"

    # A flow table whose stats reply takes several messages (OVS splits
    # replies near 64 kB; REPLY_MORE): the tables show it whole.
    local i
    for i in $(seq 0 1499); do
        printf 'priority=1,in_port=3,dl_dst=02:00:00:00:%02x:%02x,actions=output:1\n' \
            $((i >> 8)) $((i & 255))
    done >"$tmp/bulk"
    ovs-ofctl -O "$proto" add-flows s1 "$tmp/bulk"
    if ovs_wait_for last_poll_has "$log" 1506 15; then
        pass "$proto: 1502 flows of a multipart reply in the table"
    else
        fail "$proto: the table never showed 1502 flows ($(poll_rows "$log" last | wc -l) rows)"
    fi
    compare_with_ovs "$proto" "$log" " (1502 flows)"

    # Disconnect: the datapath is unregistered.
    ovs_del_controller s1
    if ovs_wait_for grep -qxF "unregister datapath: 0000000000000001" "$log" 15; then
        pass "$proto: datapath unregistered on disconnect"
    else
        fail "$proto: no 'unregister datapath' line"
    fi
    stop_ofm
    if grep -q "ERROR\|AddressSanitizer\|runtime error\|LeakSanitizer" "$log"; then
        fail "$proto: errors in the log: $(grep -m3 'ERROR\|Sanitizer\|runtime error' "$log")"
    else
        pass "$proto: clean log"
    fi
}

# The JSON log: one valid object per line and poll; its last poll has the
# counters of the last printed tables, and rates of 0 (the network is quiet).
check_json() {
    local proto=$1 json=$2 rows=$3
    # jq is installed by tests/setup.sh: without it the checks fail.
    if ! command -v jq >/dev/null 2>&1; then
        fail "$proto: JSON log: jq is not installed (tests/setup.sh installs it)"
        return
    fi
    # Complete lines only: the monitor is still writing.
    local lines
    head -n "$(wc -l <"$json")" "$json" >"$tmp/json-snap"
    json=$tmp/json-snap
    lines=$(wc -l <"$json")
    if [ "$lines" -ge 3 ] && jq -e -c . "$json" >/dev/null 2>&1 \
        && [ "$(jq -s 'length' "$json")" = "$lines" ]; then
        pass "$proto: JSON log: $lines valid objects, one per line"
    else
        fail "$proto: JSON log: $lines lines, $(jq -s 'length' "$json" 2>&1) objects: $(jq -c . "$json" 2>&1 >/dev/null | head -3)"
        return
    fi
    local last
    last=$(tail -n 1 "$json")
    jq -r '.datapath as $d
        | (.flows | map(select(.priority == 1)) | sort_by(.match.in_port, .match.eth_dst)[]
           | "\($d) \(.match.in_port) \(.match.eth_dst) \(.out_port) \(.packet_count) \(.byte_count)"),
          (.ports[] | "\($d) \(.port_no) \(.rx_packets) \(.rx_bytes) \(.rx_errors) \(.tx_packets) \(.tx_bytes) \(.tx_errors)")' \
        <<<"$last" | while read -r d a b c e f g h; do
            if [ -n "$h" ]; then
                printf '%s %8x %8s %8s %8s %8s %8s %8s\n' "$d" "$a" "$b" "$c" "$e" "$f" "$g" "$h"
            else
                printf '%s %8x %17s %8x %8s %8s\n' "$d" "$a" "$b" "$c" "$e" "$f"
            fi
        done >"$tmp/json-rows"
    if diff -u "$rows" "$tmp/json-rows" >"$tmp/diff"; then
        pass "$proto: JSON log has the printed counters"
    else
        fail "$proto: JSON log differs from the tables (- tables, + JSON):"$'\n'"$(cat "$tmp/diff")"
    fi
    local flows_all durations rates
    flows_all=$(jq '.flows | length' <<<"$last")
    if [ "$flows_all" = 3 ]; then
        pass "$proto: JSON log has every flow, table-miss included"
    else
        fail "$proto: JSON log has $flows_all flows, wanted 3"
    fi
    # Port durations exist in 1.3 only.
    durations=$(jq -c '[.ports[] | .duration_sec != null] | unique' <<<"$last")
    local want_d='[true]'
    [ "$proto" = OpenFlow10 ] && want_d='[false]'
    if [ "$durations" = "$want_d" ]; then
        pass "$proto: JSON port durations as the version has them"
    else
        fail "$proto: JSON port durations present: $durations, wanted $want_d"
    fi
    rates=$(jq -c '[.elapsed > 0] + [.ports[] | .rx_bytes_per_sec, .tx_bytes_per_sec, .rx_packets_per_sec, .tx_packets_per_sec] | unique' <<<"$last")
    if [ "$rates" = '[true,0]' ]; then
        pass "$proto: JSON rates are 0 on a quiet network"
    else
        fail "$proto: JSON rates: $rates, wanted all 0 and elapsed > 0"
    fi
}

ovs_start "$tmp/ovs" || exit 1
run_case OpenFlow13
run_case OpenFlow10

test_done
