#! /bin/sh
# run-fuzz-ofctl.sh SECONDS: builds tests/fuzz/fuzz-ofctl-rest.c with
# clang's fuzzer, address and undefined behaviour sanitizers, seeds it with
# REST bodies in Ryu's shapes and runs it for SECONDS seconds.  Exits
# nonzero if the build fails or the fuzzer finds a crash (its reproducer
# is left in the work directory).  Environment: CC (clang), FUZZ_WORKDIR.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 SECONDS" >&2; exit 2; }
seconds=$1
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/fuzz-ofctl-rest.XXXXXX")}
mkdir -p "$work/seeds" "$work/corpus"
: >"$work/config.h"
CC=${CC:-clang}
$CC -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I"$work" -I"$srcdir/sdk/include" \
    "$srcdir/tests/fuzz/fuzz-ofctl-rest.c" \
    "$srcdir/plugins/ofctl_rest/ofctl-conv.c" \
    "$srcdir"/sdk/lib/json/ofp-json-*.c "$srcdir/sdk/lib/util/buf.c" \
    -ljansson -o "$work/fuzz-ofctl-rest"
n=0
for body in \
    '{"dpid": 1, "cookie": 1, "cookie_mask": 1, "table_id": 0, "idle_timeout": 30, "hard_timeout": 30, "priority": 11111, "flags": 1, "match": {"in_port": 1}, "actions": [{"type": "OUTPUT", "port": 2}]}' \
    '{"dpid": 1, "match": {"dl_dst": "aa:bb:cc:11:22:33/ff:ff:ff:00:00:00", "dl_type": 2048, "nw_src": "10.0.0.0/24", "nw_proto": 6, "tp_dst": 80, "dl_vlan": "0x1003/0x1fff"}}' \
    '{"actions": [{"type": "GOTO_TABLE", "table_id": 1}, {"type": "WRITE_METADATA", "metadata": 1, "metadata_mask": 1}, {"type": "WRITE_ACTIONS", "actions": [{"type": "OUTPUT", "port": "CONTROLLER"}]}, {"type": "SET_FIELD", "field": "vlan_vid", "value": 4102}, {"type": "METER", "meter_id": 1}]}' \
    '{"match": {"in_port": 1, "nw_src": "10.0.0.0/8"}, "actions": [{"type": "SET_VLAN_VID", "vlan_vid": 5}, {"type": "SET_DL_SRC", "dl_src": "aa:bb:cc:dd:ee:ff"}, {"type": "ENQUEUE", "port": 1, "queue_id": 3}]}' \
    '{"match": {"ipv6_src": "2001:db8::/32", "eth_type": 34525, "metadata": "0x10/0xff"}}'; do
    n=$((n + 1))
    printf '%s' "$body" >"$work/seeds/seed$n.json"
done
cd "$work"
if ./fuzz-ofctl-rest -max_total_time="$seconds" -max_len=4096 corpus seeds; then
    echo "fuzz-ofctl-rest: no crash in $seconds s ($work)"
else
    echo "fuzz-ofctl-rest: crash, reproducer in $work" >&2
    exit 1
fi
