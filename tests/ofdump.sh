#! /bin/sh
# tests/ofdump.sh: runs the built ofdump on corpus messages, on streams of
# them, and on pcap captures written by tests/ofdump-pcap (Ethernet, Linux
# cooked, raw IPv4 and IPv6; small, reordered and retransmitted segments;
# a wrapping sequence number), and checks output and exit codes, including
# bad input (exit 1, with the file and offset in the message).  Then the
# same for Ethernet frames: --frame (hex arguments, raw and hex files, pcap
# captures; JSON and text) and --build (raw, --hex, --pcap, -o), round
# trips, and bad frames and bad JSON (byte offsets and JSON paths named).
# OpenFlow 1.2 to 1.5 and Nicira actions are checked against Open vSwitch
# both ways: ovs-ofctl ofp-print reads what ofdump encodes, and what
# ovs-ofctl sends to tests/ofctl-capture.py decodes and re-encodes.
#
# Environment: abs_top_builddir (default .), OFM_CORPUS_DIR (set by make
# check; default tests/corpus/openflow in the source tree).
set -u

builddir=${abs_top_builddir:-.}
srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
corpus=${OFM_CORPUS_DIR:-$srcdir/tests/corpus/openflow}
ofdump=$builddir/sdk/tools/ofdump
pcapgen=$builddir/tests/ofdump-pcap
for f in "$ofdump" "$pcapgen"; do
    if [ ! -x "$f" ]; then
        echo "ofdump.sh: $f not built" >&2
        exit 99
    fi
done
if [ ! -d "$corpus/of13" ]; then
    echo "ofdump.sh: no corpus in $corpus (set OFM_CORPUS_DIR)" >&2
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofdump-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n_fail=0
n_pass=0

pass() {
    n_pass=$((n_pass + 1))
}

fail() {
    echo "FAIL: $*" >&2
    n_fail=$((n_fail + 1))
}

# expect_status WANT DESCRIPTION COMMAND...: runs COMMAND (stdout to
# $tmp/out, stderr to $tmp/err) and checks its exit status.
expect_status() {
    want=$1
    what=$2
    shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then
        pass
    else
        fail "$what: exit status $got, expected $want"
        sed 's/^/    /' "$tmp/err" >&2
    fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -e "$1" "$2"; then
        pass
    else
        fail "$3: '$1' not in $2:"
        sed 's/^/    /' "$2" >&2
    fi
}

# expect_same FILE1 FILE2 DESCRIPTION
expect_same() {
    if cmp -s "$1" "$2"; then
        pass
    else
        fail "$3: $1 and $2 differ"
    fi
}

of10=$corpus/of10
of12=$corpus/of12
of13=$corpus/of13
of14=$corpus/of14
of15=$corpus/of15

# Usage.
expect_status 0 "--help" "$ofdump" --help
expect_grep '^Usage: ofdump' "$tmp/out" "--help"
expect_status 0 "--version" "$ofdump" --version
expect_grep '^ofdump (ofmanager) ' "$tmp/out" "--version"
expect_status 2 "no file" "$ofdump"
expect_status 2 "bad option" "$ofdump" --bogus "$of13/4-5-ofp_features_request.packet"
expect_status 2 "bad version" "$ofdump" -e -O 2.0 /dev/null
expect_status 1 "missing file" "$ofdump" "$tmp/nonexistent"
expect_grep "ofdump: $tmp/nonexistent: " "$tmp/err" "missing file"

# Single corpus messages: known JSON and text lines.
expect_status 0 "role request" "$ofdump" "$of13/4-19-ofp_role_request.packet"
echo '{"OFPRoleRequest":{"role":2,"generation_id":17294086455919964160}}' \
    > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "role request JSON"
expect_status 0 "text" "$ofdump" --text "$of10/1-2-ofp_flow_mod.packet"
echo 'OFPFlowMod (OF1.0, xid=0x0): match={dl_dst=f2:0b:a4:7d:f8:ea} cookie=0x0 command=0 idle_timeout=0 hard_timeout=0 priority=123 buffer_id=65535 out_port=65532 flags=0 actions=[Output(port=6 max_len=65535)]' \
    > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "1.0 flow mod text"

# One message of each of 1.2, 1.4 and 1.5, in JSON and text.
expect_status 0 "1.2 port mod" "$ofdump" "$of12/3-22-ofp_port_mod.packet"
echo '{"OFPPortMod":{"port_no":1,"hw_addr":"00-11-00-00-11-11","config":0,"mask":0,"advertise":4096}}' \
    > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "1.2 port mod JSON"
expect_status 0 "1.4 role status" "$ofdump" "$of14/5-65-ofp_role_status.packet"
expect_grep '^{"OFPRoleStatus":{"role":2,"reason":0,"generation_id":7,"properties":\[{"OFPRolePropExperimenter":' \
    "$tmp/out" "1.4 role status JSON"
expect_status 0 "1.5 flow removed" "$ofdump" --text "$of15/libofproto-OFP15-flow_removed.packet"
expect_grep '^OFPFlowRemoved (OF1.5, xid=0x0): ' "$tmp/out" "1.5 text"
expect_grep 'flow_count' "$tmp/out" "1.5 flow removed OXS stats"

# A packet-out whose frame is given as a packet (the packet library's
# JSON): ofdump serializes it into the message, and Open vSwitch's decoder
# reads the ARP request the JSON describes, padded to 60 bytes.
for v in 1.0 1.3 1.5; do
    case $v in
    1.0) port=65531 ovs=OpenFlow10 match= ;;
    1.3) port=4294967291 ovs=OpenFlow13 match= ;;
    1.5) port=4294967291 ovs=OpenFlow15
         match='"match": {"OFPMatch": {"oxm_fields": [{"OXMTlv": {"field": "in_port", "value": 4294967293}}]}}, ' ;;
    esac
    printf '{"OFPPacketOut": {%s"buffer_id": 4294967295, "actions": [{"OFPActionOutput": {"port": %s}}], "data": {"Packet": {"protocols": [{"ethernet": {"dst": "ff:ff:ff:ff:ff:ff", "src": "00:00:00:00:00:01", "ethertype": 2054}}, {"arp": {"opcode": 1, "src_mac": "00:00:00:00:00:01", "src_ip": "10.0.0.1", "dst_mac": "00:00:00:00:00:00", "dst_ip": "10.0.0.2"}}]}}}}\n' \
        "$match" "$port" > "$tmp/po.json"
    expect_status 0 "$v packet-out with a packet" "$ofdump" -e -O $v "$tmp/po.json"
    ovs-ofctl -O $ovs ofp-print "$(od -An -tx1 -v "$tmp/out" | tr -d ' \n')" \
        > "$tmp/ovs" 2>&1
    expect_grep 'actions=FLOOD data_len=60$' "$tmp/ovs" "$v packet-out: ovs-ofctl reads the frame's length"
    expect_grep '^arp,.*dl_src=00:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_op=1' \
        "$tmp/ovs" "$v packet-out: ovs-ofctl reads the ARP request"
done

# Every corpus message: decoding and encoding back through the tool gives
# the same bytes; encoding Ryu's JSON gives the corpus bytes.
for dir in of10 of12 of13 of14 of15; do
    case $dir in
        of10) proto=1.0 ;; of12) proto=1.2 ;; of13) proto=1.3 ;;
        of14) proto=1.4 ;; of15) proto=1.5 ;;
    esac
    for f in "$corpus/$dir"/*.packet; do
        if "$ofdump" "$f" > "$tmp/json" 2> "$tmp/err" \
            && "$ofdump" -e -O $proto "$tmp/json" > "$tmp/bin" 2>> "$tmp/err" \
            && cmp -s "$f" "$tmp/bin" \
            && "$ofdump" -e -O $proto "$f.json" > "$tmp/bin" 2>> "$tmp/err" \
            && cmp -s "$f" "$tmp/bin"; then
            pass
        else
            fail "round trip of $f"
            sed 's/^/    /' "$tmp/err" >&2
        fi
    done
done

# Nicira actions in Ryu's JSON (NXAction*) inside OpenFlow 1.3 flow mods:
# encoded by ofdump, the bytes read back by Open vSwitch's own decoder
# (ovs-ofctl ofp-print), which must print the actions the JSON names; and
# the bytes decode back to JSON that encodes to the same bytes.
nx() {
    printf '{"NXAction%s": {"experimenter": 8992, "type": 65535, "len": %s, "subtype": %s%s}}' "$1" "$2" "$3" "$4"
}
nx_flow_mod() {
    printf '{"OFPFlowMod": {"buffer_id": 4294967295, "command": 0, "cookie": 0, "cookie_mask": 0, "flags": 0, "hard_timeout": 0, "idle_timeout": 0, "out_group": 4294967295, "out_port": 4294967295, "priority": 100, "table_id": 0, "match": {"OFPMatch": {"type": 1, "length": 15, "oxm_fields": [{"OXMTlv": {"field": "eth_type", "mask": null, "value": 2048}}, {"OXMTlv": {"field": "ip_proto", "mask": null, "value": 6}}]}}, "instructions": [{"OFPInstructionActions": {"type": 4, "len": 8, "actions": [%s]}}]}}\n' "$1"
}
nx_flow_mod "$(nx Resubmit 16 1 ', "in_port": 8080'),$(nx ResubmitTable 16 14 ', "in_port": 65528, "table_id": 3'),$(nx Note 16 8 ', "note": [170, 187, 204, 221, 0, 0]'),$(nx FinTimeout 16 19 ', "fin_idle_timeout": 30, "fin_hard_timeout": 60'),$(nx CTClear 16 43 ''),$(nx SetTunnel64 24 9 ', "tun_id": 10'),$(nx Controller 16 20 ', "max_len": 1024, "controller_id": 1, "reason": 0'),$(nx OutputTrunc 16 39 ', "port": 1, "max_len": 100'),$(nx Sample 24 29 ', "probability": 3, "collector_set_id": 1, "obs_domain_id": 2, "obs_point_id": 3'),$(nx Exit 16 17 '')" \
    > "$tmp/nx1.json"
nx_flow_mod "$(nx Conjunction 16 34 ', "clause": 1, "n_clauses": 2, "id": 11259375')" \
    > "$tmp/nx2.json"
check_nx() {
    json=$1
    want=$2
    if ! "$ofdump" -e -O 1.3 "$json" > "$tmp/nx.bin" 2> "$tmp/err"; then
        fail "encoding $json"
        sed 's/^/    /' "$tmp/err" >&2
        return
    fi
    hex=$(od -An -tx1 -v "$tmp/nx.bin" | tr -d ' \n')
    ovs-ofctl -O OpenFlow13 ofp-print "$hex" > "$tmp/ovs" 2>&1
    if grep -q -F "actions=$want" "$tmp/ovs"; then pass; else
        fail "ovs-ofctl reads $json otherwise than actions=$want:"
        sed 's/^/    /' "$tmp/ovs" >&2
    fi
    if "$ofdump" "$tmp/nx.bin" > "$tmp/nx.out" 2> "$tmp/err" \
        && "$ofdump" -e -O 1.3 "$tmp/nx.out" > "$tmp/nx2.bin" 2>> "$tmp/err" \
        && cmp -s "$tmp/nx.bin" "$tmp/nx2.bin" \
        && grep -q '"NXAction' "$tmp/nx.out" \
        && ! grep -q NXActionUnknown "$tmp/nx.out"; then
        pass
    else
        fail "NX actions of $json do not decode and encode back"
        sed 's/^/    /' "$tmp/err" "$tmp/nx.out" >&2
    fi
}
check_nx "$tmp/nx1.json" 'resubmit:8080,resubmit(,3),note:aa.bb.cc.dd.00.00,fin_timeout(idle_timeout=30,hard_timeout=60),ct_clear,set_tunnel64:0xa,controller(reason=no_match,max_len=1024,id=1),output(port=1,max_len=100),sample(probability=3,collector_set_id=1,obs_domain_id=2,obs_point_id=3),exit'
check_nx "$tmp/nx2.json" 'conjunction(11259375,2/2)'
# Learn with its three kinds of flow spec (immediate and field sources),
# multipath, bundle, bundle_load, stack push and pop; controller2 with all
# its properties, reg_load2 (an address with a mask, a register) and
# dec_ttl with controller ids.
nx_flow_mod "$(nx Learn 88 16 ', "idle_timeout": 180, "hard_timeout": 300, "priority": 1, "cookie": 100, "flags": 1, "table_id": 10, "fin_idle_timeout": 180, "fin_hard_timeout": 300, "specs": [{"NXFlowSpecMatch": {"src": 2048, "dst": ["eth_type_nxm", 0], "n_bits": 16}}, {"NXFlowSpecMatch": {"src": ["reg1", 1], "dst": ["reg2", 3], "n_bits": 5}}, {"NXFlowSpecLoad": {"src": 0, "dst": ["reg4", 3], "n_bits": 5}}, {"NXFlowSpecLoad": {"src": ["reg5", 1], "dst": ["reg6", 3], "n_bits": 5}}, {"NXFlowSpecOutput": {"src": ["reg7", 1], "dst": "", "n_bits": 5}}]'),$(nx Multipath 32 10 ', "fields": 1, "basis": 1024, "algorithm": 3, "max_link": 5, "arg": 0, "ofs_nbits": 283, "dst": "reg2"'),$(nx Bundle 40 12 ', "algorithm": 1, "fields": 0, "basis": 0, "slave_type": 2, "n_slaves": 2, "ofs_nbits": 0, "dst": 0, "slaves": [2, 3]'),$(nx BundleLoad 48 13 ', "algorithm": 1, "fields": 0, "basis": 0, "slave_type": 2, "n_slaves": 5, "ofs_nbits": 283, "dst": "reg0", "slaves": [2, 3, 4, 5, 6]'),$(nx StackPush 24 27 ', "start": 0, "field": "reg2", "end": 32'),$(nx StackPop 24 28 ', "start": 8, "field": "reg3", "end": 8')" \
    > "$tmp/nx3.json"
nx_flow_mod "$(nx Controller2 48 37 ', "max_len": 1024, "controller_id": 1, "reason": 2, "userdata": [10, 11, 12], "pause": true'),$(nx RegLoad2 24 33 ', "dst": "tun_ipv4_src", "value": "192.168.10.0", "mask": "255.255.255.0"'),$(nx RegLoad2 24 33 ', "dst": "reg0", "value": 1, "mask": 1'),$(nx DecTtlCntIds 24 21 ', "cnt_ids": [1, 2, 3]')" \
    > "$tmp/nx4.json"
check_nx "$tmp/nx3.json" 'learn(table=10,idle_timeout=180,hard_timeout=300,fin_idle_timeout=180,fin_hard_timeout=300,priority=1,send_flow_rem,cookie=0x64,eth_type=0x800,NXM_NX_REG2[3..7]=NXM_NX_REG1[1..5],load:0->NXM_NX_REG4[3..7],load:NXM_NX_REG5[1..5]->NXM_NX_REG6[3..7],output:NXM_NX_REG7[1..5]),multipath(symmetric_l4,1024,iter_hash,6,0,NXM_NX_REG2[4..31]),bundle(eth_src,0,hrw,ofport,members:2,3),bundle_load(eth_src,0,hrw,ofport,NXM_NX_REG0[4..31],members:2,3,4,5,6),push:NXM_NX_REG2[],pop:NXM_NX_REG3[8..15]'
check_nx "$tmp/nx4.json" 'controller(reason=invalid_ttl,max_len=1024,id=1,userdata=0a.0b.0c,pause),set_field:192.168.10.0/24->tun_src,set_field:0x1/0x1->reg0,dec_ttl(1,2,3)'

# The other direction: Open vSwitch encodes (ovs-ofctl talking to
# tests/ofctl-capture.py, a stand-in switch on 127.0.0.1), ofdump decodes
# to the JSON the flows name, and encodes that JSON back to the very bytes
# Open vSwitch wrote (xids kept with --meta).
ovs_capture() {
    what=$1 wire=$2 want=$3
    shift 3
    rm -f "$tmp/cap.port" "$tmp/cap.bin"
    /usr/bin/python3 "$srcdir/tests/ofctl-capture.py" "$wire" "$tmp/cap.bin" \
        "$tmp/cap.port" 2> "$tmp/cap.err" &
    cap_pid=$!
    i=0
    while [ ! -s "$tmp/cap.port" ] && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if ! timeout 20 ovs-ofctl "$@" "tcp:127.0.0.1:$(cat "$tmp/cap.port" 2>/dev/null)" \
            "$flow" > "$tmp/ovs" 2>&1; then
        fail "$what: ovs-ofctl $*:"
        sed 's/^/    /' "$tmp/ovs" "$tmp/cap.err" >&2
        kill "$cap_pid" 2> /dev/null
        wait "$cap_pid" 2> /dev/null
        return
    fi
    wait "$cap_pid"
    if "$ofdump" "$tmp/cap.bin" > "$tmp/cap.json" 2> "$tmp/err" \
        && grep -q -F "$want" "$tmp/cap.json"; then pass; else
        fail "$what: decoding Open vSwitch's bytes: no $want in:"
        sed 's/^/    /' "$tmp/err" "$tmp/cap.json" >&2
    fi
    if "$ofdump" --meta "$tmp/cap.bin" > "$tmp/cap.meta" 2> "$tmp/err" \
        && "$ofdump" --encode "$tmp/cap.meta" > "$tmp/cap2.bin" 2>> "$tmp/err" \
        && cmp -s "$tmp/cap.bin" "$tmp/cap2.bin"; then pass; else
        fail "$what: Open vSwitch's bytes do not re-encode byte for byte"
        sed 's/^/    /' "$tmp/err" >&2
    fi
}
flow='priority=5,tcp,actions=resubmit:8080,resubmit(,3),note:aa.bb,fin_timeout(idle_timeout=30),ct_clear,controller(max_len=1024,id=1),output(port=1,max_len=100),sample(probability=3,collector_set_id=1,obs_domain_id=2,obs_point_id=3),exit'
ovs_capture "OF1.3 NX actions" 4 \
    '{"NXActionResubmitTable":{"type":65535,"len":16,"experimenter":8992,"subtype":14,"in_port":8080,"table_id":255}},{"NXActionResubmitTable":{"type":65535,"len":16,"experimenter":8992,"subtype":14,"in_port":65528,"table_id":3}},{"NXActionNote":{"type":65535,"len":16,"experimenter":8992,"subtype":8,"note":[170,187,0,0,0,0]}},{"NXActionFinTimeout":{"type":65535,"len":16,"experimenter":8992,"subtype":19,"fin_idle_timeout":30,"fin_hard_timeout":0}},{"NXActionCTClear":' \
    -O OpenFlow13 add-flow
flow='priority=5,actions=load:0x5->NXM_NX_REG0[0..15],move:NXM_NX_REG1[0..7]->NXM_NX_REG2[8..15],output:NXM_NX_REG3[0..15]'
ovs_capture "OF1.3 NX reg_load, reg_move, output_reg" 4 \
    '[{"NXActionRegLoad":{"type":65535,"len":24,"experimenter":8992,"subtype":7,"ofs_nbits":15,"dst":"reg0","value":5}},{"NXActionRegMove":{"type":65535,"len":24,"experimenter":8992,"subtype":6,"n_bits":8,"src_ofs":0,"dst_ofs":8,"src_field":"reg1","dst_field":"reg2"}},{"NXActionOutputReg":{"type":65535,"len":24,"experimenter":8992,"subtype":15,"ofs_nbits":15,"src":"reg3","max_len":65535}}]' \
    -O OpenFlow13 add-flow
flow='priority=5,ip,actions=ct(commit,zone=5,table=3,nat(src=10.0.0.1-10.0.0.9:100-200)),ct(zone=NXM_NX_REG0[0..15]),ct_clear'
ovs_capture "OF1.3 NX ct with nat" 4 \
    '{"NXActionCT":{"type":65535,"len":56,"experimenter":8992,"subtype":35,"flags":1,"zone_src":"","zone_ofs_nbits":5,"recirc_table":3,"alg":0,"actions":[{"NXActionNAT":{"type":65535,"len":32,"experimenter":8992,"subtype":36,"flags":1,"range_ipv4_min":"10.0.0.1","range_ipv4_max":"10.0.0.9","range_ipv6_min":"","range_ipv6_max":"","range_proto_min":100,"range_proto_max":200}}]}},{"NXActionCT":{"type":65535,"len":24,"experimenter":8992,"subtype":35,"flags":0,"zone_src":"reg0","zone_ofs_nbits":15,"recirc_table":255,"alg":0,"actions":[]}},{"NXActionCTClear":' \
    -O OpenFlow13 add-flow
flow='priority=5,actions=conjunction(7,1/2)'
ovs_capture "OF1.3 NX conjunction" 4 \
    '{"NXActionConjunction":{"type":65535,"len":16,"experimenter":8992,"subtype":34,"clause":0,"n_clauses":2,"id":7}}' \
    -O OpenFlow13 add-flow
# The remaining Nicira actions as Open vSwitch encodes them; the JSON is
# what Ryu's (os-ken's) own decoder makes of the same bytes.
flow='priority=5,actions=learn(table=1,hard_timeout=10,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0x5->NXM_NX_REG1[0..7],load:NXM_NX_REG2[]->NXM_NX_REG3[],output:NXM_OF_IN_PORT[])'
ovs_capture "OF1.3 NX learn" 4 \
    '{"NXActionLearn":{"type":65535,"len":96,"experimenter":8992,"subtype":16,"idle_timeout":0,"hard_timeout":10,"priority":32768,"cookie":0,"flags":0,"table_id":1,"fin_idle_timeout":0,"fin_hard_timeout":0,"specs":[{"NXFlowSpecMatch":{"src":["vlan_tci",0],"dst":["vlan_tci",0],"n_bits":12}},{"NXFlowSpecMatch":{"src":["eth_src_nxm",0],"dst":["eth_dst_nxm",0],"n_bits":48}},{"NXFlowSpecLoad":{"src":5,"dst":["reg1",0],"n_bits":8}},{"NXFlowSpecLoad":{"src":["reg2",0],"dst":["reg3",0],"n_bits":32}},{"NXFlowSpecOutput":{"src":["in_port_nxm",0],"dst":"","n_bits":16}}]}}' \
    -O OpenFlow13 add-flow
flow='priority=5,actions=multipath(eth_src,50,modulo_n,1,0,NXM_NX_REG0[]),bundle(eth_src,0,active_backup,ofport,members:1,2),bundle_load(eth_src,0,hrw,ofport,NXM_NX_REG0[],members:1,2,3)'
ovs_capture "OF1.3 NX multipath, bundle, bundle_load" 4 \
    '[{"NXActionMultipath":{"type":65535,"len":32,"experimenter":8992,"subtype":10,"fields":0,"basis":50,"algorithm":0,"max_link":0,"arg":0,"ofs_nbits":31,"dst":"reg0"}},{"NXActionBundle":{"type":65535,"len":40,"experimenter":8992,"subtype":12,"algorithm":0,"fields":0,"basis":0,"slave_type":2,"n_slaves":2,"ofs_nbits":0,"dst":0,"slaves":[1,2]}},{"NXActionBundleLoad":{"type":65535,"len":40,"experimenter":8992,"subtype":13,"algorithm":1,"fields":0,"basis":0,"slave_type":2,"n_slaves":3,"ofs_nbits":31,"dst":"reg0","slaves":[1,2,3]}}]' \
    -O OpenFlow13 add-flow
flow='priority=5,actions=push:NXM_NX_REG0[],pop:NXM_NX_REG1[0..7],controller(max_len=100,id=3,reason=no_match,userdata=01.02.03.04.05.06.07.08.09),controller(reason=invalid_ttl,userdata=01.02.03,pause)'
ovs_capture "OF1.3 NX stack push and pop, controller2" 4 \
    '[{"NXActionStackPush":{"type":65535,"len":24,"experimenter":8992,"subtype":27,"start":0,"field":"reg0","end":32}},{"NXActionStackPop":{"type":65535,"len":24,"experimenter":8992,"subtype":28,"start":0,"field":"reg1","end":8}},{"NXActionController2":{"type":65535,"len":56,"experimenter":8992,"subtype":37,"max_len":100,"controller_id":3,"reason":0,"userdata":[1,2,3,4,5,6,7,8,9]}},{"NXActionController2":{"type":65535,"len":40,"experimenter":8992,"subtype":37,"reason":2,"userdata":[1,2,3],"pause":true}}]' \
    -O OpenFlow13 add-flow
# A masked set_field to a variable-length field is reg_load2 in Open
# vSwitch (tun_metadata0 has no name in Ryu's tables: field_168).
flow='priority=5,ip,ct_state=+trk+new,actions=set_field:0x1/0xff->tun_metadata0,resubmit(,3,ct)'
ovs_capture "OF1.3 NX reg_load2, resubmit_table_ct" 4 \
    '[{"NXActionRegLoad2":{"type":65535,"len":16,"experimenter":8992,"subtype":33,"dst":"field_168","value":"AQ==","mask":"/w=="}},{"NXActionResubmitTableCT":{"type":65535,"len":16,"experimenter":8992,"subtype":44,"in_port":65528,"table_id":3}}]' \
    -O OpenFlow13 add-flow
flow='priority=7,importance=9,ip,nw_dst=10.0.0.1,actions=output:2'
ovs_capture "OF1.4 flow mod" 5 '"flags":0,"importance":9,' \
    -O OpenFlow14 add-flow
flow='priority=7,importance=9,ip,nw_dst=10.0.0.1,actions=meter:3,output:2'
ovs_capture "OF1.5 meter action" 6 \
    '"actions":[{"OFPActionMeter":{"type":29,"len":8,"meter_id":3}},' \
    -O OpenFlow15 add-flow
flow='group_id=5,type=select,bucket=bucket_id:1,weight:10,actions=output:1,bucket=bucket_id:2,weight:20,watch_port:3,actions=output:2'
ovs_capture "OF1.5 group mod" 6 \
    '"bucket_id":2,"actions":[{"OFPActionOutput":{"type":0,"len":16,"port":2,"max_len":0}}],"properties":[{"OFPGroupBucketPropWeight":{"type":0,"length":8,"weight":20}},{"OFPGroupBucketPropWatch":{"type":1,"length":8,"watch":3}}]' \
    -O OpenFlow15 add-group

# A stream of many messages: one line each, and --meta/--encode give the
# stream back (versions and xids included).
cat "$of13"/*.packet "$of10"/*.packet "$of12"/*.packet "$of14"/*.packet \
    "$of15"/*.packet > "$tmp/stream"
n_msgs=$(find "$of13" "$of10" "$of12" "$of14" "$of15" -name '*.packet' | wc -l)
expect_status 0 "stream" "$ofdump" "$tmp/stream"
if [ "$(wc -l < "$tmp/out")" -eq "$n_msgs" ]; then pass; else
    fail "stream: $(wc -l < "$tmp/out") lines for $n_msgs messages"; fi
cp "$tmp/out" "$tmp/stream.json"
expect_status 0 "stream --meta" "$ofdump" --meta "$tmp/stream"
expect_grep '^{"file":"[^"]*stream","offset":0,"version":4,"xid":0,"msg":{' \
    "$tmp/out" "--meta"
cp "$tmp/out" "$tmp/meta.json"
expect_status 0 "encode --meta" "$ofdump" --encode "$tmp/meta.json"
expect_same "$tmp/out" "$tmp/stream" "--meta round trip"
expect_status 0 "--pretty" "$ofdump" --pretty "$of13/4-17-ofp_barrier_request.packet"
printf '{\n  "OFPBarrierRequest": {}\n}\n' > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "--pretty"
expect_status 0 "--xid" "$ofdump" -e --xid=0x1234 "$of13/4-17-ofp_barrier_request.packet.json"
printf '\004\024\000\010\000\000\022\064' > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "--xid"

# Bad input: a truncated stream.
head -c 100 "$of13/4-2-ofp_flow_mod.packet" > "$tmp/cut"
expect_status 1 "truncated stream" "$ofdump" "$tmp/cut"
expect_grep "^ofdump: $tmp/cut: offset 0: message of 280 bytes, but only 100 left\$" \
    "$tmp/err" "truncated stream"

# Bad input: a zero-length action in the middle of a stream; the messages
# around it are still printed.
cp "$of13/4-1-ofp_packet_out.packet" "$tmp/bad"
printf '\000\000' | dd of="$tmp/bad" bs=1 seek=26 conv=notrunc 2> /dev/null
cat "$of13/4-17-ofp_barrier_request.packet" "$tmp/bad" \
    "$of13/4-18-ofp_barrier_reply.packet" > "$tmp/badstream"
expect_status 1 "bad action" "$ofdump" "$tmp/badstream"
expect_grep "^ofdump: $tmp/badstream: offset 32: action length 0 is shorter than its 8-byte header\$" \
    "$tmp/err" "bad action"
if [ "$(wc -l < "$tmp/out")" -eq 2 ]; then pass; else
    fail "bad action: the good messages around it were not printed"; fi

# Bad input: JSON that does not encode, and JSON that does not parse.
echo '{"OFPFlowMod": {"priority": 70000}}' > "$tmp/bad.json"
expect_status 1 "bad JSON value" "$ofdump" -e -O 1.3 "$tmp/bad.json"
expect_grep "^ofdump: $tmp/bad.json: message 1: OFPFlowMod: 'priority' is 70000, more than 16 bits\$" \
    "$tmp/err" "bad JSON value"
printf '{"OFPHello": {}}\n{"OFPHello": \n' > "$tmp/bad2.json"
expect_status 1 "bad JSON text" "$ofdump" -e "$tmp/bad2.json"
expect_grep "^ofdump: $tmp/bad2.json: line 3 column 0: unexpected token near end of file\$" \
    "$tmp/err" "bad JSON text"

# pcap captures: client messages then server messages, cut in small
# segments, reordered, with a retransmission; the server's sequence
# numbers wrap.  The output is the JSON of each direction's stream.
cat "$of13/4-5-ofp_features_request.packet" "$of13/4-2-ofp_flow_mod.packet" \
    "$of13/4-55-ofp_table_features_request.packet" > "$tmp/client"
cat "$of13/4-10-ofp_hello.packet" "$of13/4-6-ofp_features_reply.packet" \
    "$of13/4-12-ofp_flow_stats_reply.packet" > "$tmp/server"
"$ofdump" "$tmp/client" > "$tmp/want"
"$ofdump" "$tmp/server" >> "$tmp/want"
for link in eth sll raw4 raw6; do
    for opts in "-s 1460" "-s 7 -r" "-s 100 -r -b"; do
        # shellcheck disable=SC2086
        "$pcapgen" -l $link $opts "$tmp/cap.pcap" "$tmp/client" "$tmp/server"
        expect_status 0 "pcap $link $opts" "$ofdump" "$tmp/cap.pcap"
        expect_same "$tmp/out" "$tmp/want" "pcap $link $opts"
        # The same capture in pcapng (Wireshark's, tshark's and dumpcap's
        # default format), as editcap writes it.
        editcap -F pcapng "$tmp/cap.pcap" "$tmp/cap.pcapng"
        expect_status 0 "pcapng $link $opts" "$ofdump" "$tmp/cap.pcapng"
        expect_same "$tmp/out" "$tmp/want" "pcapng $link $opts"
    done
done
"$pcapgen" -l eth -s 50 -r "$tmp/cap.pcap" "$tmp/client" "$tmp/server"
expect_status 0 "pcap --text" "$ofdump" --text "$tmp/cap.pcap"
expect_grep '^10\.0\.0\.1:40000 > 10\.0\.0\.2:6653: OFPFeaturesRequest (OF1\.3, xid=0x0)$' \
    "$tmp/out" "pcap --text"
expect_grep '^10\.0\.0\.2:6653 > 10\.0\.0\.1:40000: OFPHello (OF1\.3, xid=0x0): elements=' \
    "$tmp/out" "pcap --text"
"$pcapgen" -l raw6 -s 50 "$tmp/cap.pcap" "$tmp/client" "$tmp/server"
expect_status 0 "pcap --meta" "$ofdump" --meta "$tmp/cap.pcap"
expect_grep '"flow":"\[fd00::1\]:40000 > \[fd00::2\]:6653","stream_offset":8,' \
    "$tmp/out" "pcap --meta"

# A TCP stream that is not OpenFlow is ignored.
printf 'GET / HTTP/1.0\r\nHost: example\r\n\r\n' > "$tmp/http"
"$pcapgen" "$tmp/cap.pcap" "$tmp/http" "$tmp/server"
expect_status 0 "non-OpenFlow stream" "$ofdump" "$tmp/cap.pcap"
"$ofdump" "$tmp/server" > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "non-OpenFlow stream"

# Bad input: a capture cut in the middle of a record and of a message.
"$pcapgen" -s 50 -c 10 "$tmp/cap.pcap" "$tmp/client" "$tmp/server"
expect_status 1 "truncated pcap" "$ofdump" "$tmp/cap.pcap"
expect_grep "^ofdump: $tmp/cap.pcap: offset [0-9]*: truncated dump file; tried to read [0-9]* captured bytes, only got [0-9]*\$" \
    "$tmp/err" "truncated pcap"
expect_grep "^ofdump: $tmp/cap.pcap: 10\.0\.0\.2:6653 > 10\.0\.0\.1:40000: stream ends in the middle of a message at stream offset [0-9]*\$" \
    "$tmp/err" "truncated pcap"

# Bad input: a malformed message inside a capture names the packet and the
# stream offset.
"$pcapgen" -s 1460 "$tmp/cap.pcap" "$tmp/badstream" "$tmp/server"
expect_status 1 "bad message in pcap" "$ofdump" "$tmp/cap.pcap"
expect_grep "^ofdump: $tmp/cap.pcap: packet 4 (offset 234), 10\.0\.0\.1:40000 > 10\.0\.0\.2:6653, stream offset 32: action length 0 is shorter than its 8-byte header\$" \
    "$tmp/err" "bad message in pcap"

# ---- Ethernet frames: --frame and --build. ----

# The ARP request of the Ryu book's icmp_responder run (chapter 6), as the
# host sends it (42 bytes) and padded to 60 as it reaches the controller.
arp_hex=ffffffffffff0ae41cd13e43080600010800060400010ae41cd13e43c0000263000000000000c0000209
arp_pad=${arp_hex}000000000000000000000000000000000000
arp_json='{"Packet":{"protocols":[{"ethernet":{"dst":"ff:ff:ff:ff:ff:ff","ethertype":2054,"src":"0a:e4:1c:d1:3e:43"}},{"arp":{"dst_ip":"192.0.2.9","dst_mac":"00:00:00:00:00:00","hlen":6,"hwtype":1,"opcode":1,"plen":4,"proto":2048,"src_ip":"192.0.2.99","src_mac":"0a:e4:1c:d1:3e:43"}}]}}'
arp_text="ethernet(dst='ff:ff:ff:ff:ff:ff',ethertype=2054,src='0a:e4:1c:d1:3e:43'), arp(dst_ip='192.0.2.9',dst_mac='00:00:00:00:00:00',hlen=6,hwtype=1,opcode=1,plen=4,proto=2048,src_ip='192.0.2.99',src_mac='0a:e4:1c:d1:3e:43')"
# An ICMP echo request of 'ping' (56 bytes of data) to 192.0.2.9, and its
# text as os-ken prints it.
ping_hex=0ae41cd13e440ae41cd13e43080045000054a6b0400040010f8cc0000263c000020908009d260bad0001c1a66467000000005e4a0c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637
ping_text_file=$tmp/ping.txt
cat > "$ping_text_file" <<'END'
ethernet(dst='0a:e4:1c:d1:3e:44',ethertype=2048,src='0a:e4:1c:d1:3e:43'), ipv4(csum=3980,dst='192.0.2.9',flags=2,header_length=5,identification=42672,offset=0,option=None,proto=1,src='192.0.2.99',tos=0,total_length=84,ttl=64,version=4), icmp(code=0,csum=40230,data=echo(data=b'\xc1\xa6dg\x00\x00\x00\x00^J\x0c\x00\x00\x00\x00\x00\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !"#$%&\'()*+,-./01234567',id=2989,seq=1),type=8)
END

# A hex argument, with or without padding, colons or 0x: the same JSON.
echo "$arp_json" > "$tmp/want"
expect_status 0 "--frame hex" "$ofdump" --frame "$arp_hex"
expect_same "$tmp/out" "$tmp/want" "--frame hex JSON"
expect_status 0 "--frame padded" "$ofdump" -f "$arp_pad"
expect_same "$tmp/out" "$tmp/want" "--frame padded JSON (zero padding left out)"
expect_status 0 "--frame colons" "$ofdump" -f "0x$(echo "$arp_hex" | sed 's/../&:/g; s/:$//')"
expect_same "$tmp/out" "$tmp/want" "--frame with 0x and colons"
echo "$arp_text" > "$tmp/want"
expect_status 0 "--frame --text" "$ofdump" --frame --text "$arp_hex"
expect_same "$tmp/out" "$tmp/want" "--frame --text (the seed's packet-in line)"
expect_status 0 "--frame --text ping" "$ofdump" -f -t "$ping_hex"
expect_same "$tmp/out" "$ping_text_file" "--frame --text of a ping"
expect_status 0 "--frame --pretty" "$ofdump" -f -p "$arp_hex"
expect_grep '^        "arp": {$' "$tmp/out" "--frame --pretty"

# Files: raw bytes, hex text (as xxd -p wraps it), standard input; several
# frames, one line each, in order.
unhex() {
    _h=$1
    while [ -n "$_h" ]; do
        # shellcheck disable=SC2059
        printf "\\$(printf %03o "0x${_h%"${_h#??}"}")"
        _h=${_h#??}
    done
}
unhex "$arp_pad" > "$tmp/arp.bin"
unhex "$ping_hex" > "$tmp/ping.bin"
printf '%s' "$ping_hex" | fold -w 60 > "$tmp/ping.hex"
"$ofdump" -f "$ping_hex" > "$tmp/ping.json"
{ echo "$arp_json"; cat "$tmp/ping.json" "$tmp/ping.json"; echo "$arp_json"; } > "$tmp/want"
cp "$tmp/arp.bin" "$tmp/stdin.bin"
expect_status 0 "--frame files" "$ofdump" -f "$tmp/arp.bin" "$tmp/ping.bin" "$tmp/ping.hex" - \
    < "$tmp/stdin.bin"
expect_same "$tmp/out" "$tmp/want" "--frame raw, hex and stdin files"

# --build: JSON to bytes, raw (stdout or -o), hex lines, pcap.
echo "$arp_json" > "$tmp/arp.json"
expect_status 0 "--build raw" "$ofdump" --build - < "$tmp/arp.json"
expect_same "$tmp/out" "$tmp/arp.bin" "--build: the padded request"
expect_status 0 "--build -o" "$ofdump" -b -o "$tmp/built.bin" "$tmp/ping.json"
expect_same "$tmp/built.bin" "$tmp/ping.bin" "--build -o: the ping, byte for byte"
printf '%s\n%s\n' "$arp_pad" "$ping_hex" > "$tmp/want"
cat "$tmp/arp.json" "$tmp/ping.json" > "$tmp/two.json"
expect_status 0 "--build --hex" "$ofdump" -b -x "$tmp/two.json"
expect_same "$tmp/out" "$tmp/want" "--build --hex: one line per frame"
# Lengths, checksums and next-header fields left out are computed.
sed -e 's/"csum":[0-9]*,//g' -e 's/"total_length":84,//' -e 's/"ethertype":2048,//' \
    -e 's/"proto":1,//' "$tmp/ping.json" > "$tmp/ping-auto.json"
expect_status 0 "--build computes" "$ofdump" -b -x "$tmp/ping-auto.json"
echo "$ping_hex" > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "--build computes lengths and checksums"
expect_status 0 "--build --pcap" "$ofdump" -b --pcap -o "$tmp/two.pcap" "$tmp/two.json"
expect_status 0 "--frame pcap" "$ofdump" -f "$tmp/two.pcap"
expect_same "$tmp/out" "$tmp/two.json" "--frame of a pcap: a line per record"
expect_status 0 "--frame pcap stdin" "$ofdump" -f - < "$tmp/two.pcap"
expect_same "$tmp/out" "$tmp/two.json" "--frame of a pcap on stdin"
# Wireshark reads the capture (when installed) and sees the frames.
if command -v tshark > /dev/null 2>&1; then
    HOME=$tmp tshark -n -r "$tmp/two.pcap" -T fields -e arp.dst.proto_ipv4 \
        -e icmp.type > "$tmp/out" 2> "$tmp/err"
    printf '192.0.2.9\t\n\t8\n' > "$tmp/want"
    expect_same "$tmp/out" "$tmp/want" "tshark reads --build --pcap"
fi

# Bad frames: the JSON is still printed, the problem is named with its byte
# offset, the exit status is 1.
expect_status 1 "truncated frame" "$ofdump" -f "$(echo "$ping_hex" | cut -c1-60)"
expect_grep '^ofdump: argument 1: offset 14: truncated or malformed ipv4 header; the 16 bytes from here are shown as the payload$' \
    "$tmp/err" "truncated frame"
expect_grep '^{"Packet":{"protocols":\[{"ethernet":{.*}},"RQAAVKaw[^"]*"\]}}$' \
    "$tmp/out" "truncated frame"
expect_status 1 "short frame" "$ofdump" -f 0a0b0c
expect_grep '^ofdump: argument 1: offset 0: 3 bytes, too few for an Ethernet header (14)$' \
    "$tmp/err" "short frame"
expect_grep '^{"Packet":{"protocols":\["CgsM"\]}}$' "$tmp/out" "short frame"
# A TCP header cut short, second in a capture: the record is named.
tcp_hex=0ae41cd13e440ae41cd13e4308004500002800010000400600000a0000010a000002
tcp_hex=${tcp_hex}04d2005000000001000000005002
# (--build would pad it to 60 bytes: its record is appended by hand.)
"$ofdump" -b --pcap -o "$tmp/cut.pcap" "$tmp/arp.json"
{ unhex 00000001000000000000003000000030; unhex "$tcp_hex"; } >> "$tmp/cut.pcap"
expect_status 1 "bad frame in pcap" "$ofdump" -f "$tmp/cut.pcap"
expect_grep "^ofdump: $tmp/cut.pcap: packet 2 (offset 100): frame offset 34: truncated or malformed tcp header; the 14 bytes from here are shown as the payload\$" \
    "$tmp/err" "bad frame in pcap"
if [ "$(wc -l < "$tmp/out")" -eq 2 ]; then pass; else
    fail "bad frame in pcap: not one line per record"; fi
expect_status 1 "bad hex" "$ofdump" -f "ff:ff:f:ff"
expect_grep '^ofdump: argument 1: character 7: a byte needs two hex digits$' "$tmp/err" "bad hex"
"$pcapgen" -l sll "$tmp/sll.pcap" "$of13/4-10-ofp_hello.packet" "$of13/4-10-ofp_hello.packet"
expect_status 1 "--frame non-Ethernet pcap" "$ofdump" -f "$tmp/sll.pcap"
expect_grep "^ofdump: $tmp/sll.pcap: link type 113 (LINUX_SLL) is not Ethernet (1)\$" \
    "$tmp/err" "--frame non-Ethernet pcap"
head -c 70 "$tmp/two.pcap" > "$tmp/cutrec.pcap"
expect_status 1 "--frame truncated pcap" "$ofdump" -f "$tmp/cutrec.pcap"
expect_grep "^ofdump: $tmp/cutrec.pcap: offset 24: truncated dump file; tried to read 60 captured bytes, only got 30\$" \
    "$tmp/err" "--frame truncated pcap"
expect_status 1 "--frame missing file" "$ofdump" -f "$tmp/nonexistent.bin"
expect_grep "^ofdump: $tmp/nonexistent.bin: " "$tmp/err" "--frame missing file"

# Bad JSON for --build: the frame and the JSON path are named; the good
# frames around it are still written.
{
    cat "$tmp/arp.json"
    echo '{"Packet":{"protocols":[{"ethernet":{}},{"arp":{"dst_ip":"192.0.2.300"}}]}}'
    cat "$tmp/arp.json"
} > "$tmp/bad.json"
expect_status 1 "--build bad value" "$ofdump" -b -x "$tmp/bad.json"
expect_grep "^ofdump: $tmp/bad.json: frame 2: \\\$\\.Packet\\.protocols\\[1\\]\\.arp: 'dst_ip' must be an IPv4 address\$" \
    "$tmp/err" "--build bad value"
printf '%s\n%s\n' "$arp_pad" "$arp_pad" > "$tmp/want"
expect_same "$tmp/out" "$tmp/want" "--build: good frames around a bad one"
echo '[{"ethernet": {}}, {"ipv4": {"option": "!!"}}]' > "$tmp/bad.json"
expect_status 1 "--build bad bytes" "$ofdump" -b "$tmp/bad.json"
expect_grep "^ofdump: $tmp/bad.json: frame 1: \\\$\\[1\\]\\.ipv4: 'option' must be base64 bytes\$" \
    "$tmp/err" "--build bad bytes"
{ cat "$tmp/arp.json"; printf '{"Packet": \n'; } > "$tmp/bad.json"
expect_status 1 "--build bad JSON text" "$ofdump" -b -x "$tmp/bad.json"
expect_grep "^ofdump: $tmp/bad.json: line 3 column 0: " "$tmp/err" "--build bad JSON text"

# Options that do not go together.
expect_status 2 "--frame --encode" "$ofdump" -f -e "$arp_hex"
expect_status 2 "--frame --build" "$ofdump" -f -b "$arp_hex"
expect_status 2 "--frame --meta" "$ofdump" -f -m "$arp_hex"
expect_status 2 "--hex without --build" "$ofdump" -x "$tmp/arp.bin"
expect_status 2 "--hex --pcap" "$ofdump" -b -x --pcap "$tmp/two.json"
expect_status 2 "--build --text" "$ofdump" -b -t "$tmp/two.json"
expect_status 1 "-o unwritable" "$ofdump" -o "$tmp/nonexistent/x" -f "$arp_hex"
expect_grep "^ofdump: $tmp/nonexistent/x: " "$tmp/err" "-o unwritable"

echo "ofdump.sh: $n_pass checks passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
