#! /bin/sh
# run-fuzz.sh TARGET SECONDS: builds a libFuzzer target of tests/fuzz/
# with clang's fuzzer, address and undefined behaviour sanitizers, seeds it
# and runs it for SECONDS seconds.  The targets: fuzz-ofp and fuzz-ofp-json
# (the OpenFlow codec, seeded from the corpus in tests/corpus: of10, of12,
# of13, of14, of15),
# fuzz-ofctl-rest (ofctl_rest's request bodies, seeded with bodies in Ryu's
# shapes, and its stats reply converters, seeded with the corpus replies), fuzz-stp (hostile BPDUs at a spanning tree bridge, seeded with
# configuration, TCN and RST BPDUs) and fuzz-wsgi-route (the wsgi path templates and route matcher,
# seeded with the REST apps' templates and paths).  Exits nonzero if the build fails or the fuzzer finds
# a crash (its reproducer is left in the work directory, printed at the
# end).
#
# Environment: CC (default clang), OFM_CORPUS_DIR (default
# tests/corpus/openflow in the source tree), FUZZ_WORKDIR (default
# a new directory under ${TMPDIR:-/tmp}), FUZZ_JOBS (default 1).
set -eu

usage() {
    echo "usage: $0 fuzz-ofp|fuzz-ofp-json|fuzz-ofctl-rest|fuzz-stp|fuzz-wsgi-route SECONDS" >&2
    exit 2
}
[ $# -eq 2 ] || usage
target=$1
seconds=$2
case $target in
    fuzz-ofp|fuzz-ofp-json|fuzz-ofctl-rest|fuzz-stp|fuzz-wsgi-route) ;;
    *) usage ;;
esac
case $seconds in
    ''|*[!0-9]*) usage ;;
esac

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${OFM_CORPUS_DIR:-$srcdir/tests/corpus/openflow}
if [ ! -d "$corpus" ]; then
    echo "$0: corpus directory $corpus not found (set OFM_CORPUS_DIR)" >&2
    exit 1
fi
work=${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/$target.XXXXXX")}
mkdir -p "$work/seeds" "$work/corpus"
: >"$work/config.h"
CC=${CC:-clang}

# What each target links: the codec with the buffer writer and jansson, or
# the plugin code it exercises.
codec="$srcdir/sdk/lib/json/ofp-json-*.c $srcdir/sdk/lib/util/buf.c $srcdir/sdk/lib/ofp/err.c
       $srcdir/sdk/lib/packet/[a-z]*.c"
# fuzz-ofp also runs the wire decoders of ofm/msg.h.
wire="$srcdir/sdk/lib/ofp/msg.c $srcdir/sdk/lib/ofp/stats.c $srcdir/sdk/lib/ofp/match.c
      $srcdir/sdk/lib/ofp/action.c $srcdir/sdk/lib/ofp/async.c"
max_len=65535
case $target in
    fuzz-ofp)
        sources="$codec $wire" libs="-ljansson -lm" ;;
    fuzz-ofp-json)
        sources=$codec libs="-ljansson -lm" ;;
    fuzz-ofctl-rest)
        sources="$srcdir/plugins/ofctl_rest/ofctl-conv.c $srcdir/plugins/ofctl_rest/ofctl-mod.c
                 $srcdir/plugins/ofctl_rest/ofctl-stats.c $srcdir/plugins/ofctl_rest/ofctl-conv14.c $codec" libs="-ljansson -lm"
        max_len=12000 ;;
    fuzz-wsgi-route)
        sources="$srcdir/plugins/wsgi/route.c $srcdir/sdk/lib/packet/addr.c" libs=
        max_len=1024 ;;
    fuzz-stp)
        sources="$srcdir/plugins/stp/stp-state.c $srcdir/sdk/lib/packet/[a-z]*.c
                 $srcdir/sdk/lib/util/buf.c" libs="-ljansson -lm"
        max_len=4096 ;;
esac
# shellcheck disable=SC2086
$CC -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I"$work" -I"$srcdir" -I"$srcdir/sdk/include" -I"$srcdir/plugins/stp" \
    "$srcdir/tests/fuzz/$target.c" $sources $libs -o "$work/$target"

# Seeds, written at fuzz time, never checked in: the corpus (binary
# messages or their JSON), or a few inputs of the shapes the REST apps see.
seed() {
    n=$((n + 1))
    printf '%s' "$1" >"$work/seeds/seed$n"
}
n=0
case $target in
    fuzz-ofp)
        for f in "$corpus"/of*/*.packet; do
            if [ -f "$f" ]; then cp "$f" "$work/seeds/"; fi
        done
        # A 1.3 flow mod with Nicira ct, nat, reg_load and ct_clear actions
        # (as ovs-ofctl encodes them), which the corpus lacks.
        /usr/bin/python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes.fromhex(sys.argv[2]))' \
            "$work/seeds/nx-actions" \
            040e00c000000006000000000000000000000000000000000000000000000005ffffffffffffffffffffffff000000000001000a80000a0208000000000000000004008000000000ffff00380000232000230001000000000005030000000000ffff00200000232000240000000100330a0000010a000009006400c800000000ffff0018000023200023000000010004000fff0000000000ffff0018000023200007000f000100040000000000000005ffff001000002320002b000000000000
        # Learn (its three spec kinds), multipath, bundle, bundle_load,
        # stack push and pop; controller2, reg_load2, dec_ttl_cnt_ids; a 1.0
        # flow mod with Nicira vendor actions (a ct with nested actions).
        for hex in 010e010800000006003820ef00000000000000000000000000000000000008000000000000000000000000000000000000000000000000000000000000000005ffffffffffff0000ffff001000002320000efff803000000ffff0018000023200007000f000100040000000000000005ffff00500000232000230001000000000005030000000000ffff0018000023200007001f0001d6040000000000000001ffff00200000232000240000000100330a0000010a000009006400c800000000ffff00380000232000100000000a80000000000000000000000001000000000000300000040600000000020600001010000000020000000000010008000500000000000800020000 \
            040e014800000000000000000000000000000000000000000000000000000064ffffffffffffffffffffffff000000000001000f80000a0208008000140106000004010800000000ffff005800002320001000b4012c0001000000000000006400010a0000b4012c20100800000006020000000500010204000100010404000328050000000108040003080500010a04000100010c040003100500010e040001ffff002000002320000a00010400000000030005000000000000011b00010404ffff002800002320000c000100000000000000020002000000000000000000000002000300000000ffff003000002320000d000100000000000000020005011b000100040000000000020003000400050006000000000000ffff001800002320001b0000000104040020000000000000ffff001800002320001c0008000106040008000000000000 \
            040e00c800000000000000000000000000000000000000000000000000000064ffffffffffffffffffffffff000000000001000f80000a0208008000140106000004008800000000ffff0038000023200025000000000000000000080400000000010008000100000002000502000000000300070a0b0c000004000400000000ffff001800002320002100013f08c0a80a00ffffff000000ffff00180000232000210001010800000001000000010000ffff00180000232000150003000000000001000200030000; do
            n=$((n + 1))
            /usr/bin/python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes.fromhex(sys.argv[2]))' \
                "$work/seeds/nx-actions$n" "$hex"
        done ;;
    fuzz-ofp-json)
        for f in "$corpus"/of*/*.packet.json; do
            if [ -f "$f" ]; then cp "$f" "$work/seeds/$(basename "$f")"; fi
        done
        # A packet-out whose frame is a packet in the packet library's JSON.
        seed '{"OFPPacketOut": {"buffer_id": 4294967295, "actions": [], "data": {"Packet": {"protocols": [{"ethernet": {"dst": "ff:ff:ff:ff:ff:ff", "ethertype": 2048}}, {"ipv4": {"proto": 17, "dst": "10.0.0.2"}}, {"udp": {"dst_port": 53}}, "AQID"]}}}}'
        # The Nicira actions with variable parts, in Ryu's JSON.
        seed '{"OFPFlowMod": {"buffer_id": 4294967295, "command": 0, "priority": 100, "match": {"OFPMatch": {"type": 1, "oxm_fields": []}}, "instructions": [{"OFPInstructionActions": {"type": 4, "actions": [{"NXActionLearn": {"table_id": 1, "priority": 1, "cookie": 100, "specs": [{"NXFlowSpecMatch": {"src": 2048, "dst": ["eth_type_nxm", 0], "n_bits": 16}}, {"NXFlowSpecLoad": {"src": ["reg5", 1], "dst": ["reg6", 3], "n_bits": 5}}, {"NXFlowSpecOutput": {"src": ["in_port_nxm", 0], "dst": "", "n_bits": 16}}]}}, {"NXActionBundleLoad": {"algorithm": 1, "slave_type": 2, "ofs_nbits": 31, "dst": "reg0", "slaves": [1, 2, 3]}}, {"NXActionMultipath": {"fields": 1, "basis": 50, "max_link": 3, "ofs_nbits": 31, "dst": "reg1"}}, {"NXActionStackPush": {"start": 0, "field": "reg2", "end": 32}}]}}]}}'
        seed '{"OFPFlowMod": {"buffer_id": 4294967295, "command": 0, "priority": 100, "match": {"OFPMatch": {"type": 1, "oxm_fields": []}}, "instructions": [{"OFPInstructionActions": {"type": 4, "actions": [{"NXActionController2": {"max_len": 1024, "controller_id": 1, "reason": 2, "userdata": [10, 11, 12], "pause": true}}, {"NXActionRegLoad2": {"dst": "tun_ipv4_src", "value": "192.168.10.0", "mask": "255.255.255.0"}}, {"NXActionDecTtlCntIds": {"cnt_ids": [1, 2, 3]}}, {"NXActionBundle": {"slave_type": 2, "dst": 0, "slaves": [4]}}]}}]}}' ;;
    fuzz-ofctl-rest)
        seed '{"dpid": 1, "cookie": 1, "cookie_mask": 1, "table_id": 0, "idle_timeout": 30, "hard_timeout": 30, "priority": 11111, "flags": 1, "match": {"in_port": 1}, "actions": [{"type": "OUTPUT", "port": 2}]}'
        seed '{"dpid": 1, "match": {"dl_dst": "aa:bb:cc:11:22:33/ff:ff:ff:00:00:00", "dl_type": 2048, "nw_src": "10.0.0.0/24", "nw_proto": 6, "tp_dst": 80, "dl_vlan": "0x1003/0x1fff"}}'
        seed '{"actions": [{"type": "GOTO_TABLE", "table_id": 1}, {"type": "WRITE_METADATA", "metadata": 1, "metadata_mask": 1}, {"type": "WRITE_ACTIONS", "actions": [{"type": "OUTPUT", "port": "CONTROLLER"}]}, {"type": "SET_FIELD", "field": "vlan_vid", "value": 4102}, {"type": "METER", "meter_id": 1}]}'
        seed '{"match": {"in_port": 1, "nw_src": "10.0.0.0/8"}, "actions": [{"type": "SET_VLAN_VID", "vlan_vid": 5}, {"type": "SET_DL_SRC", "dl_src": "aa:bb:cc:dd:ee:ff"}, {"type": "ENQUEUE", "port": 1, "queue_id": 3}]}'
        seed '{"match": {"ipv6_src": "2001:db8::/32", "eth_type": 34525, "metadata": "0x10/0xff"}}'
        seed '{"dpid": 1, "type": "FF", "group_id": "0x10", "buckets": [{"watch_port": 3, "watch_group": 9, "weight": 0, "actions": [{"type": "OUTPUT", "port": 2}, {"type": "SET_FIELD", "field": "eth_dst", "value": "aa:bb:cc:dd:ee:ff"}]}]}'
        seed '{"dpid": 1, "meter_id": "CONTROLLER", "flags": ["KBPS", "BURST", "STATS"], "bands": [{"type": "DROP", "rate": 1000, "burst_size": 10}, {"type": "DSCP_REMARK", "rate": "2000", "prec_level": 1}, {"type": "EXPERIMENTER", "experimenter": 5}]}'
        seed '{"dpid": 1, "port_no": "LOCAL", "hw_addr": "aa:bb:cc:dd:ee:01", "config": 1, "mask": 101, "advertise": 2056}'
        seed '{"dpid": 1, "role": "MASTER"}'
        seed '{"dpid": 1, "experimenter": 8992, "exp_type": 5, "data_type": "base64", "data": "AQID"}'
        # Stats replies as the switch sends them, for the reply converters.
        for f in "$corpus"/of*/*reply*.packet "$corpus"/of10/*features.packet; do
            if [ -f "$f" ]; then cp "$f" "$work/seeds/"; fi
        done ;;
    fuzz-wsgi-route)
        seed '/simpleswitch/mactable/{dpid}
/simpleswitch/mactable/0000000000000010'
        seed '/stats/port/{dpid}/{port:int}
/stats/port/1/0xfffffffe'
        seed '/stats/flowentry/{cmd}
/stats/flowentry/modify_strict'
        seed '/a/{x:str}/{y:dpid}
/a//18446744073709551616' ;;
    fuzz-stp)
        # Records (port, length, frame): 802.3 frames to 01:80:c2:00:00:00
        # with LLC 42 42 03 and a BPDU (configuration from a better root,
        # TCN, RST), then time steps (port 0).
        /usr/bin/python3 - "$work/seeds" <<'PY'
import struct, sys
def frame(bpdu):
    body = b"\x42\x42\x03" + bpdu
    return bytes.fromhex("0180c2000000000000000002") + struct.pack("!H", len(body)) + body
def cfg(version=0, kind=0, flags=0, tail=b""):
    return (struct.pack("!HBBB", 0, version, kind, flags)
            + struct.pack("!H6sI", 0x1000, b"\0\0\0\0\0\1", 20000)
            + struct.pack("!H6sH", 0x8000, b"\0\0\0\0\0\3", 0x8002)
            + struct.pack("!HHHH", 0, 6 * 256, 256, 4 * 256) + tail)
def rec(port, data):
    return bytes([port, len(data)]) + data
tick = rec(0, b"\x00")
seeds = {
    "config": rec(2, frame(cfg())) + tick * 4 + rec(2, frame(cfg(flags=1))) + tick * 20,
    "tcn": rec(1, frame(b"\0\0\0\x80")) + tick + rec(3, frame(b"\0\0\0\x80")),
    "rst": rec(3, frame(cfg(2, 2, 0x7d, b"\0"))) + tick * 30,
}
for name, data in seeds.items():
    open(sys.argv[1] + "/" + name, "wb").write(data)
PY
        ;;
esac
# No seeds means no corpus: fail rather than fuzz from nothing.
if [ -z "$(ls -A "$work/seeds")" ]; then
    echo "$0: no seed messages in $corpus/of10 to $corpus/of15" >&2
    exit 1
fi

# Parallel jobs only on request: libFuzzer's job mode logs to files.
jobs=
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
    jobs="-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS"
fi

echo "$0: running $target for $seconds s in $work"
status=0
# shellcheck disable=SC2086
(cd "$work" && ASAN_OPTIONS=detect_leaks=1 \
    "./$target" -max_total_time="$seconds" $jobs -max_len="$max_len" \
    -timeout=10 -print_final_stats=1 corpus seeds) || status=$?
if [ $status -ne 0 ]; then
    echo "$0: $target failed; reproducers in $work:" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null >&2 || :
fi
exit $status
