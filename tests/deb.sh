#!/bin/bash
# Builds the Debian packages (debian/) from a copy of the tree in a scratch
# directory (dpkg-buildpackage writes beside the source), fails on any
# lintian error, unpacks them with dpkg -x into a scratch root, builds
# tests/sdk/hello.c against that SDK and runs it with that daemon and its
# switch.so while ofbench's fake switches connect.
#
# Usage: deb.sh
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ofm-deb.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "deb: FAIL: $*" >&2
    [ -f "$work/ofmanager.log" ] && tail -n 30 "$work/ofmanager.log" >&2
    exit 1
}

# The tracked files only: no build directories, no generated files.
src=$work/ofmanager-0.1.0
mkdir -p "$src"
(cd "$srcdir" && git ls-files -z | tar --null -T - -cf -) | tar -C "$src" -xf -
(cd "$src" && dpkg-buildpackage -us -uc -b -j2) >"$work/build.log" 2>&1 \
    || { tail -n 40 "$work/build.log" >&2; fail "dpkg-buildpackage"; }
for p in ofmanager libofm-dev; do
    deb=$(ls "$work"/${p}_*.deb)
    echo "deb: built $(basename "$deb"), $(stat -c %s "$deb") bytes"
done
lintian "$work"/*.changes >"$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
! grep -q "^E:" "$work/lintian.log" || fail "lintian reports errors"
echo "deb: lintian: $(grep -c '^E:' "$work/lintian.log") errors, $(grep -c '^W:' "$work/lintian.log") warnings"

root=$work/root
for deb in "$work"/ofmanager_*.deb "$work"/libofm-dev_*.deb; do
    dpkg -x "$deb" "$root"
done
pc=$(find "$root" -name ofmanager.pc | head -n 1)
[ -n "$pc" ] || fail "no ofmanager.pc in libofm-dev"
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$root
plugindir=$(pkg-config --variable=plugindir ofmanager)
export LD_LIBRARY_PATH=$(pkg-config --variable=libdir ofmanager)
[ -f "$plugindir/switch.so" ] || fail "no switch.so in $plugindir"
[ -f "$root/lib/systemd/system/ofmanager.service" ] || fail "no unit"
[ -f "$root/etc/logrotate.d/ofmanager" ] || fail "no logrotate snippet"

. "$srcdir/tests/sdk/hello-run.sh"
hello_run "$root/usr/sbin" "$root/usr/bin" "$plugindir" "$work"
echo "deb: PASS: the packaged ofmanager ran hello.so ($seen packet-ins) built against libofm-dev"
