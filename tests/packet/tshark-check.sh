#!/bin/sh
# Check of the packet library, through ofdump --build and --frame, against
# Wireshark's dissectors: frames ofdump builds must dissect without
# malformed-packet or bad-checksum warnings and with the expected field
# values, and frames scapy builds must decode to the values tshark shows;
# see tshark_check.py.
#
# Needs the Debian packages tshark and python3-scapy (the second part is
# skipped without scapy); exits 77 (skip) without tshark.

builddir=${abs_top_builddir:-.}
srcdir=${abs_top_srcdir:-${srcdir:-$(dirname "$0")/../..}}
ofdump=$builddir/sdk/tools/ofdump
if [ ! -x "$ofdump" ]; then
    echo "tshark-check: $ofdump not found (run 'make' first)" >&2
    exit 99
fi
if ! command -v tshark >/dev/null 2>&1; then
    echo "tshark-check: SKIP: tshark is not installed (apt-get install tshark)"
    exit 77
fi
# tshark reads its preferences from $HOME; keep the user's out of it.
HOME=$(mktemp -d) || exit 1
export HOME
trap 'rm -rf "$HOME"' EXIT

for py in /usr/bin/python3 python3; do
    if "$py" -c 'import scapy.all' 2>/dev/null; then
        "$py" "$srcdir/tests/packet/tshark_check.py" "$ofdump" "$@"
        exit $?
    fi
done
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" "$srcdir/tests/packet/tshark_check.py" "$ofdump" "$@"
