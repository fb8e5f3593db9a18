#!/bin/bash
# The seed's chapter 6 run against a real Open vSwitch: ofmanager with
# icmp_responder.so, one switch, a host h1 (the book's 0a:e4:1c:d1:3e:43,
# 192.0.2.99/24 on link) and a second host h2.  h1 pings 192.0.2.9 and gets
# every reply; arping (Debian package arping) resolves 0a:e4:1c:d1:3e:44;
# the log shows the book's packet-in and packet-out lines (the ARP reply
# and the echo reply's IPv4 checksum 14140 exactly as printed in the book),
# each echo reply's ICMP checksum is the request's plus 0x800; nothing
# reaches h2 while h1 talks to the responder, and h2 gets its own replies
# through its own port; addresses that are not the responder's get nothing.
# Then the same with another address and MAC from a YAML file, and with the
# bridge on OpenFlow 1.0.  A bad YAML value stops ofmanager at startup with
# the file, line and key.  OFM_KEEP_TMP=1 keeps the logs.
test_name=icmp
. "$(dirname "$0")/ofm-test.sh"
if ! command -v arping >/dev/null 2>&1; then
    echo "SKIP: arping is not installed (apt-get install arping)"
    exit 77
fi

H1_MAC=0a:e4:1c:d1:3e:43
H2_MAC=02:00:00:00:00:02

rx_packets() {
    ovs_netns_exec "$1" cat /sys/class/net/"$1"-eth0/statistics/rx_packets
}

# A fresh bridge s1 (datapath 1) on PROTO with h1 (port 1) and h2 (port 2)
# at H1_IP and H2_IP in a /24.
make_topology() {
    local proto=$1 h
    ovs-vsctl --if-exists del-br s1
    # Delete the veth pairs first: a deleted namespace takes its ends with
    # it only some time later.
    ip link del s1-eth1 2>/dev/null
    ip link del s1-eth2 2>/dev/null
    for h in h1 h2; do
        ip netns del "$(ovs_ns_name $h)" 2>/dev/null
    done
    ovs_add_bridge s1 "$proto" 0000000000000001 || return 1
    ovs_add_host s1 h1 "$H1_MAC" "$H1_IP/24" 1 || return 1
    ovs_add_host s1 h2 "$H2_MAC" "$H2_IP/24" 2 || return 1
}

# The text form of an ARP request from h1 for IP, and of its reply from
# IP at MAC, as the log shows them.
arp_in() {
    printf "packet-in ethernet(dst='ff:ff:ff:ff:ff:ff',ethertype=2054,src='%s'), arp(dst_ip='%s',dst_mac='00:00:00:00:00:00',hlen=6,hwtype=1,opcode=1,plen=4,proto=2048,src_ip='%s',src_mac='%s')" \
        "$H1_MAC" "$1" "$H1_IP" "$H1_MAC"
}
arp_out() {
    printf "packet-out ethernet(dst='%s',ethertype=2054,src='%s'), arp(dst_ip='%s',dst_mac='%s',hlen=6,hwtype=1,opcode=2,plen=4,proto=2048,src_ip='%s',src_mac='%s')" \
        "$H1_MAC" "$2" "$H1_IP" "$H1_MAC" "$1" "$2"
}

# "SEQ CSUM" of the ICMP lines of kind IN (packet-in, type 8) or OUT
# (packet-out, type 0) between h1 and IP at MAC in LOG, with the IPv4
# header checked against the form it must have (OUT_CSUM: the reply's
# IPv4 checksum, or [0-9]+).
echo_lines() {
    local log=$1 kind=$2 ip=$3 mac=$4 out_csum=$5 re
    local echo_re="icmp\\(code=0,csum=([0-9]+),data=echo\\(data=b'.*',id=[0-9]+,seq=([0-9]+)\\),type="
    if [ "$kind" = in ]; then
        re="^packet-in ethernet\\(dst='$mac',ethertype=2048,src='$H1_MAC'\\), ipv4\\(csum=[0-9]+,dst='$ip',flags=2,header_length=5,identification=[0-9]+,offset=0,option=None,proto=1,src='$H1_IP',tos=0,total_length=84,ttl=64,version=4\\), ${echo_re}8\\)\$"
    else
        re="^packet-out ethernet\\(dst='$H1_MAC',ethertype=2048,src='$mac'\\), ipv4\\(csum=$out_csum,dst='$H1_IP',flags=0,header_length=5,identification=0,offset=0,option=None,proto=1,src='$ip',tos=0,total_length=84,ttl=255,version=4\\), ${echo_re}0\\)\$"
    fi
    sed -E -n "s/$re/\\2 \\1/p" "$log"
}

# run_case NAME PROTO IP MAC [YAML]: the whole run with the responder at
# IP and MAC (from YAML if given, else the defaults).
run_case() {
    local name=$1 proto=$2 ip=$3 mac=$4 yaml=${5:-}
    local log="$tmp/ofmanager-$name.log" conf=()
    echo "# $name"
    make_topology "$proto" || { fail "$name: cannot build the topology"; return; }
    if [ -n "$yaml" ]; then
        printf '%s\n' "$yaml" >"$tmp/$name.yaml"
        conf=(--config-file "$tmp/$name.yaml")
    fi

    "$top/manager/ofmanager" --verbose --ofp-tcp-listen-port 6653 "${conf[@]}" \
        icmp_responder.so >"$log" 2>&1 &
    ofm_pid=$!
    ovs_set_controller s1 tcp:127.0.0.1:6653 || fail "$name: set-controller"
    if ovs_wait_connected s1 15 \
        && ovs_wait_for sh -c "ovs-ofctl -O $proto dump-flows s1 | grep -q 'priority=0.*actions=CONTROLLER:65535'" 15; then
        pass "$name: switch connected, table-miss flow to the controller installed"
    else
        fail "$name: switch did not come up: $(tail -5 "$log")"
        stop_ofm
        return
    fi

    local h2_before
    h2_before=$(rx_packets h2)
    if ovs_netns_exec h1 ping -c 3 -i 0.3 -W 3 "$ip" >"$tmp/ping" 2>&1 \
        && grep -q "3 packets transmitted, 3 received" "$tmp/ping"; then
        pass "$name: h1 pings $ip: 3 of 3 replies"
    else
        fail "$name: h1 pings $ip: $(cat "$tmp/ping")"
    fi
    if ovs_netns_exec h1 ip neigh show "$ip" | grep -q "lladdr $mac"; then
        pass "$name: h1 learned $ip at $mac"
    else
        fail "$name: h1's neighbour entry: $(ovs_netns_exec h1 ip neigh show "$ip")"
    fi
    if ovs_netns_exec h1 arping -c 2 -w 5 -i h1-eth0 "$ip" >"$tmp/arping" 2>&1 \
        && grep -qi "from $mac ($ip)" "$tmp/arping"; then
        pass "$name: arping resolves $ip to $mac"
    else
        fail "$name: arping $ip: $(cat "$tmp/arping")"
    fi

    # The log: the ARP exchange in the book's words, then one echo reply
    # per request, each checksum the request's plus 0x800 (type 8 -> 0).
    if grep -qxF "$(arp_in "$ip")" "$log" && grep -qxF "$(arp_out "$ip" "$mac")" "$log"; then
        pass "$name: ARP request and reply logged as packet-in / packet-out"
    else
        fail "$name: ARP lines not logged:"$'\n'"  want $(arp_in "$ip")"$'\n'"  want $(arp_out "$ip" "$mac")"$'\n'"$(grep -m4 'packet-' "$log")"
    fi
    local out_csum='[0-9]+'
    [ "$ip" = 192.0.2.9 ] && out_csum=14140
    echo_lines "$log" in "$ip" "$mac" "$out_csum" | sort -n >"$tmp/in"
    echo_lines "$log" out "$ip" "$mac" "$out_csum" | sort -n >"$tmp/out"
    local seq csum ocsum want ok=1
    while read -r seq csum; do
        ocsum=$(awk -v s="$seq" '$1 == s { print $2; exit }' "$tmp/out")
        want=$((csum + 0x800))
        want=$(((want & 0xffff) + (want >> 16)))
        [ "$ocsum" = "$want" ] || ok=0
    done <"$tmp/in"
    if [ "$(wc -l <"$tmp/in")" -eq 3 ] && [ "$(wc -l <"$tmp/out")" -eq 3 ] && [ $ok = 1 ]; then
        pass "$name: 3 echo requests and 3 replies logged (reply IPv4 checksum $out_csum, ICMP checksums = request + 0x800)"
    else
        fail "$name: echo lines: requests [$(tr '\n' ' ' <"$tmp/in")] replies [$(tr '\n' ' ' <"$tmp/out")]"$'\n'"$(grep -m4 'ethertype=2048' "$log")"
    fi

    # Out of the port it came in on only: h2 got nothing so far.
    local h2_after
    h2_after=$(rx_packets h2)
    if [ "$h2_after" = "$h2_before" ]; then
        pass "$name: nothing reached h2 (replies leave by the request's port)"
    else
        fail "$name: h2 received $((h2_after - h2_before)) frames"
    fi
    if ovs_netns_exec h2 ping -c 1 -W 3 "$ip" >"$tmp/ping2" 2>&1; then
        pass "$name: h2 pings $ip through port 2"
    else
        fail "$name: h2 pings $ip: $(cat "$tmp/ping2")"
    fi

    # Addresses that are not the responder's get nothing.
    local other=${ip%.*}.$(( ${ip##*.} + 1 ))
    if ovs_netns_exec h1 ping -c 1 -W 1 "$other" >/dev/null 2>&1; then
        fail "$name: $other answered"
    elif grep -qF "$(arp_in "$other")" "$log" \
        && grep -q "port 1: no reply: ARP request for another address" "$log" \
        && ! grep -qF "arp(dst_ip='$H1_IP',dst_mac='$H1_MAC',hlen=6,hwtype=1,opcode=2,plen=4,proto=2048,src_ip='$other'" "$log"; then
        pass "$name: $other gets no answer (logged: no reply)"
    else
        fail "$name: $other: no packet-in or no 'no reply' line"
    fi

    stop_ofm
    if grep -q "ERROR\|WARNING\|AddressSanitizer\|runtime error\|LeakSanitizer" "$log"; then
        fail "$name: errors in the log: $(grep -m3 'ERROR\|WARNING\|Sanitizer\|runtime error' "$log")"
    else
        pass "$name: clean log"
    fi
}

ovs_start "$tmp/ovs" || exit 1

H1_IP=192.0.2.99 H2_IP=192.0.2.98
run_case of13 OpenFlow13 192.0.2.9 0a:e4:1c:d1:3e:44
H1_IP=198.51.100.1 H2_IP=198.51.100.2
run_case of13-yaml OpenFlow13 198.51.100.7 02:00:5e:10:00:01 \
    "$(printf 'icmp_responder:\n  ip: 198.51.100.7\n  mac: 02:00:5e:10:00:01')"
H1_IP=192.0.2.99 H2_IP=192.0.2.98
run_case of10 OpenFlow10 192.0.2.9 0a:e4:1c:d1:3e:44

# A bad value stops ofmanager at startup, naming the file, line and key.
echo "# bad YAML"
printf 'icmp_responder:\n  mac: 02:00:5e:10:00:01\n  ip: 192.0.2.300\n' >"$tmp/bad.yaml"
"$top/manager/ofmanager" --ofp-tcp-listen-port 6653 --config-file "$tmp/bad.yaml" \
    icmp_responder.so >"$tmp/bad.log" 2>&1 &
bad_pid=$!
if ovs_wait_for sh -c "! kill -0 $bad_pid 2>/dev/null" 10 \
    && ! wait "$bad_pid" \
    && grep -qF "$tmp/bad.yaml:3:7: icmp_responder: 'ip' must be a unicast IPv4 address such as 192.0.2.9, not '192.0.2.300'" "$tmp/bad.log"; then
    pass "bad YAML: ofmanager stops and names $tmp/bad.yaml:3:7 and 'ip'"
else
    kill "$bad_pid" 2>/dev/null
    fail "bad YAML: $(cat "$tmp/bad.log")"
fi

test_done
