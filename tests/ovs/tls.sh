#!/bin/bash
# TLS with mutual authentication against a real Open vSwitch (issue 16):
# three bridges connect over TLS with certificates from a CA made here;
# hosts ping across one through switch.so; each bridge connects once and
# stays connected.  Clients without a certificate, with a self-signed or
# an expired one, and a plain-TCP client sending HELLO get no OpenFlow
# HELLO and are logged with their address; the bridges stay up.  Bad key,
# cert or CA files make ofmanager exit non-zero naming the file.  Last, a
# bridge listening with pssl: is reached through an ssl: entry of
# --ofp-switch-address-list, by address and by name; a switch whose
# certificate (signed by the same CA) is for another name or address is
# refused, one log line each naming the entry and the reason.
test_name=tls
. "$(dirname "$0")/ofm-test.sh"
. "$here/tls-certs.sh"

ofm=$top/manager/ofmanager
pki=$tmp/pki
make_test_pki "$pki" && pass "test CA and certificates made" || { fail "openssl could not make the test PKI"; test_done; exit; }

# Start-up errors, each naming the file.
for bad in "--ctl-privkey $tmp/missing.key --ctl-cert $pki/ctl.pem --ca-certs $pki/ca.pem:missing.key" \
           "--ctl-privkey $pki/ctl.key --ctl-cert $tmp/missing.pem --ca-certs $pki/ca.pem:missing.pem" \
           "--ctl-privkey $pki/ctl.key --ctl-cert $pki/ctl.pem --ca-certs $tmp/missing-ca.pem:missing-ca.pem" \
           "--ctl-privkey $pki/sw.key --ctl-cert $pki/ctl.pem --ca-certs $pki/ca.pem:sw.key"; do
    file=${bad##*:} args=${bad%:*}
    # shellcheck disable=SC2086
    timeout 5 "$ofm" $args --ofp-ssl-listen-port 6655 switch.so >"$tmp/bad.out" 2>&1
    st=$?
    if [ "$st" != 0 ] && [ "$st" != 124 ] && grep -q "$file" "$tmp/bad.out"; then
        pass "bad TLS files ($file): exit $st naming the file"
    else
        fail "bad TLS files ($file): exit $st, output: $(head -c 200 "$tmp/bad.out")"
    fi
done

ovs_start "$tmp/ovs" || exit 1
ovs-vsctl set-ssl "$pki/sw.key" "$pki/sw.pem" "$pki/ca.pem" || exit 1
for b in 1 2 3; do
    ovs_add_bridge s$b OpenFlow13 000000000000000$b || exit 1
done
ovs_add_hosts s1 2 || exit 1

log=$tmp/ofmanager.log
"$ofm" --verbose --ofp-tcp-listen-port 6653 --ofp-ssl-listen-port 6654 \
    --ctl-privkey "$pki/ctl.key" --ctl-cert "$pki/ctl.pem" --ca-certs "$pki/ca.pem" \
    switch.so >"$log" 2>&1 &
ofm_pid=$!
for b in 1 2 3; do
    ovs_set_controller s$b ssl:127.0.0.1:6654 || exit 1
done
for b in 1 2 3; do
    ovs_wait_connected s$b 15 && pass "s$b connected over TLS" || fail "s$b did not connect over TLS: $(tail -3 "$log")"
done
n=$(grep -c "TLS connection with 127.0.0.1:[0-9]*: peer certificate subject /CN=ofmanager test sw (TLSv1\.[23]," "$log")
[ "$n" = 3 ] && pass "the switches' certificate subject logged on connect (3 times)" \
    || fail "subject logged $n times: $(grep 'TLS connection' "$log" | head -3)"
ovs_netns_exec h1 ping -c3 -W5 10.0.0.2 >"$tmp/ping" 2>&1 \
    && pass "h1 pings h2 through switch.so over TLS" || fail "h1 pings h2: $(cat "$tmp/ping")"

# Refused clients: none gets an OpenFlow HELLO (version 4, type 0).
printf '\x04\x00\x00\x08\x00\x00\x00\x01' >"$tmp/hello.bin"
refused() {
    local what=$1; shift
    local before
    before=$(wc -l <"$log")
    timeout 5 "$@" <"$tmp/hello.bin" >"$tmp/client.out" 2>/dev/null
    if od -An -tx1 "$tmp/client.out" | tr -d ' \n' | grep -q '^04000008\|04000010'; then
        fail "$what: got an OpenFlow HELLO"
    else
        pass "$what: no OpenFlow HELLO"
    fi
    if ovs_wait_for sh -c "tail -n +$((before + 1)) '$log' | grep -q '127.0.0.1:[0-9]*.*\(certificate\|TLS\|SSL\|handshake\)'" 5; then
        pass "$what: logged with the peer address and a reason"
    else
        fail "$what: no log line: $(tail -n +$((before + 1)) "$log" | head -3)"
    fi
}
refused "client without a certificate" openssl s_client -quiet -connect 127.0.0.1:6654 -CAfile "$pki/ca.pem"
refused "self-signed client" openssl s_client -quiet -connect 127.0.0.1:6654 -CAfile "$pki/ca.pem" -cert "$pki/self.pem" -key "$pki/self.key"
refused "expired client" openssl s_client -quiet -connect 127.0.0.1:6654 -CAfile "$pki/ca.pem" -cert "$pki/expired.pem" -key "$pki/expired.key"
refused "plain TCP client sending HELLO" bash -c 'cat >/dev/tcp/127.0.0.1/6654'

sleep 2
for b in 1 2 3; do
    n=$(grep -F "|rconn|" "$OVS_DIR/ovs-vswitchd.log" | grep -cF "s$b<->ssl:127.0.0.1:6654: connected")
    [ "$n" = 1 ] && pass "s$b connected once, never dropped" || fail "s$b connected $n times"
done
n=$(grep -c "datapath .* connected from" "$log")
[ "$n" = 3 ] && pass "ofmanager logged 3 connects" || fail "ofmanager logged $n connects"
grep -q "disconnected" "$log" && fail "a TLS switch was disconnected: $(grep disconnected "$log" | head -3)" || pass "no TLS switch disconnected"

# An ssl: entry of --ofp-switch-address-list: s1 listens (pssl:), the
# manager connects to it with the same certificates, hosts ping.
stop_ofm
ovs-vsctl set-controller s1 pssl:6761:127.0.0.1 || exit 1
ovs-ofctl -O OpenFlow13 del-flows s1
log2=$tmp/ofmanager-active.log
"$ofm" --verbose --ofp-tcp-listen-port 6663 --ofp-ssl-listen-port 6664 \
    --ctl-privkey "$pki/ctl.key" --ctl-cert "$pki/ctl.pem" --ca-certs "$pki/ca.pem" \
    --ofp-switch-address-list ssl:127.0.0.1:6761 switch.so >"$log2" 2>&1 &
ofm_pid=$!
if ovs_wait_for grep -q "datapath 0000000000000001 connected from 127.0.0.1:6761" "$log2" 15; then
    pass "ssl: entry: listening bridge reached over TLS"
else
    fail "ssl: entry: not reached: $(tail -3 "$log2")"
fi
grep -q "TLS connection with 127.0.0.1:6761: peer certificate subject /CN=ofmanager test sw" "$log2" \
    && pass "ssl: entry: the switch's certificate subject logged" \
    || fail "ssl: entry: no subject line: $(grep TLS "$log2" | head -3)"
for i in 1 2; do ovs_netns_exec h$i ip neigh flush all; done
ovs_netns_exec h1 ping -c2 -W5 10.0.0.2 >"$tmp/ping2" 2>&1 \
    && pass "ssl: entry: h1 pings h2" || fail "ssl: entry: ping: $(cat "$tmp/ping2")"

# The switch's certificate must be for the name or address connected to.
# s1 again, by name this time ("localhost" is in its certificate); and a
# TLS server with a certificate the CA signed for another switch
# (other-switch.example, 192.0.2.7), reached by name and by address: both
# refused in the handshake, each logged once over several tries.
stop_ofm
openssl s_server -quiet -accept 127.0.0.1:6762 -cert "$pki/other.pem" \
    -key "$pki/other.key" -CAfile "$pki/ca.pem" </dev/null >"$tmp/s_server.out" 2>&1 &
s_server_pid=$!
ovs_at_cleanup "kill $s_server_pid 2>/dev/null"
ovs_wait_for sh -c "ss -ltn | grep -q '127.0.0.1:6762 '" 5 || fail "openssl s_server did not listen"
log3=$tmp/ofmanager-names.log
"$ofm" --verbose --ofp-tcp-listen-port 6663 --ofp-ssl-listen-port 6664 \
    --ctl-privkey "$pki/ctl.key" --ctl-cert "$pki/ctl.pem" --ca-certs "$pki/ca.pem" \
    --ofp-switch-connect-interval 0.5 \
    --ofp-switch-address-list ssl:localhost:6762,ssl:127.0.0.1:6762,ssl:localhost:6761 \
    switch.so >"$log3" 2>&1 &
ofm_pid=$!
if ovs_wait_for grep -q "datapath 0000000000000001 connected from localhost:6761" "$log3" 15; then
    pass "ssl:localhost entry: the certificate for localhost accepted"
else
    fail "ssl:localhost entry: not reached: $(grep -v DEBUG "$log3" | tail -3)"
fi
sleep 4                                 # several tries of the wrong ones
n=$(grep -c "cannot connect to switch at ssl:localhost:6762: TLS handshake failed: .*(hostname mismatch: the switch's certificate is not for localhost)" "$log3")
[ "$n" = 1 ] && pass "certificate for another name: refused, logged once" \
    || fail "name mismatch logged $n times: $(grep -m3 6762 "$log3")"
n=$(grep -c "cannot connect to switch at ssl:127.0.0.1:6762: TLS handshake failed: .*(IP address mismatch: the switch's certificate is not for 127.0.0.1)" "$log3")
[ "$n" = 1 ] && pass "certificate for another address: refused, logged once" \
    || fail "address mismatch logged $n times: $(grep -m3 6762 "$log3")"
grep -q "datapath .*6762" "$log3" && fail "a switch with a wrong certificate became a datapath" \
    || pass "no datapath from the wrong certificate"
n=$(grep -c "connected to switch at ssl:.*6762" "$log3")
[ "$n" = 0 ] && pass "the wrong certificate is never reported connected" || fail "reported connected $n times"
grep -q "datapath 0000000000000001 disconnected" "$log3" && fail "s1 dropped meanwhile" \
    || pass "s1 stays connected beside the refused entries"
for i in 1 2; do ovs_netns_exec h$i ip neigh flush all; done
ovs_netns_exec h1 ping -c2 -W5 10.0.0.2 >"$tmp/ping3" 2>&1 \
    && pass "ssl:localhost entry: h1 pings h2" || fail "ssl:localhost entry: ping: $(cat "$tmp/ping3")"
test_done
