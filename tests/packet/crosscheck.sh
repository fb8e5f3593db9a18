#!/bin/sh
# Cross-check of the packet library, through ofdump --frame and --build,
# against os-ken (Ryu's maintained fork): frames built by os-ken must decode
# to the JSON and text os-ken gives, and build back from that JSON to the
# same bytes; see crosscheck.py.
#
# Needs the Debian package python3-os-ken; exits 77 (skip) without it.
# Run from the build directory (as 'make check' does) or set
# abs_top_builddir / abs_top_srcdir.

builddir=${abs_top_builddir:-.}
srcdir=${abs_top_srcdir:-${srcdir:-$(dirname "$0")/../..}}
ofdump=$builddir/sdk/tools/ofdump
if [ ! -x "$ofdump" ]; then
    echo "crosscheck: $ofdump not found (run 'make' first)" >&2
    exit 99
fi

# Debian's python3 has os-ken; a python3 earlier on PATH may not.
for py in /usr/bin/python3 python3; do
    if "$py" -c 'import os_ken.lib.packet' 2>/dev/null; then
        exec "$py" "$srcdir/tests/packet/crosscheck.py" "$ofdump" "$@"
    fi
done
echo "crosscheck: SKIP: python3-os-ken is not installed (apt-get install python3-os-ken)"
exit 77
