#! /bin/sh
# tests/ofdump.sh: runs the built ofdump on corpus messages, on streams of
# them, and on pcap captures written by tests/ofdump-pcap (Ethernet, Linux
# cooked, raw IPv4 and IPv6; small, reordered and retransmitted segments;
# a wrapping sequence number), and checks output and exit codes, including
# bad input (exit 1, with the file and offset in the message).
#
# Environment: abs_top_builddir (default .), OFM_CORPUS_DIR (set by make
# check; default ../shared/corpus/openflow from the source tree).
set -u

builddir=${abs_top_builddir:-.}
srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
corpus=${OFM_CORPUS_DIR:-$srcdir/../shared/corpus/openflow}
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
of13=$corpus/of13

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

# Every corpus message: decoding and encoding back through the tool gives
# the same bytes; encoding Ryu's JSON gives the corpus bytes.
for dir in of10 of13; do
    proto=1.3
    [ $dir = of10 ] && proto=1.0
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

# A stream of many messages: one line each, and --meta/--encode give the
# stream back (versions and xids included).
cat "$of13"/*.packet "$of10"/*.packet > "$tmp/stream"
n_msgs=$(find "$of13" "$of10" -name '*.packet' | wc -l)
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
expect_grep "^ofdump: $tmp/cap.pcap: offset [0-9]*: pcap record of [0-9]* bytes, but only [0-9]* left\$" \
    "$tmp/err" "truncated pcap"
expect_grep "^ofdump: $tmp/cap.pcap: 10\.0\.0\.2:6653 > 10\.0\.0\.1:40000: stream ends in the middle of a message at stream offset [0-9]*\$" \
    "$tmp/err" "truncated pcap"

# Bad input: a malformed message inside a capture names the packet and the
# stream offset.
"$pcapgen" -s 1460 "$tmp/cap.pcap" "$tmp/badstream" "$tmp/server"
expect_status 1 "bad message in pcap" "$ofdump" "$tmp/cap.pcap"
expect_grep "^ofdump: $tmp/cap.pcap: packet 4 (offset 234), 10\.0\.0\.1:40000 > 10\.0\.0\.2:6653, stream offset 32: action length 0 is shorter than its 8-byte header\$" \
    "$tmp/err" "bad message in pcap"

echo "ofdump.sh: $n_pass checks passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
