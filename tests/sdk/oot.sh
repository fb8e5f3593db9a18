#!/bin/bash
# Installs the build in a scratch root, builds tests/sdk/hello.c out of tree
# with nothing but the installed headers, libofm and pkg-config (as a
# plugin author would), then runs the installed ofmanager with hello.so and
# the installed switch.so while ofbench's fake switches connect.
#
# Usage: oot.sh BUILDDIR
set -euo pipefail
builddir=$(cd "${1:?usage: oot.sh BUILDDIR}" && pwd)
srcdir=$(cd "$(dirname "$0")/../.." && pwd)

root=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$root"
}
trap cleanup EXIT
fail() {
    echo "sdk-oot: FAIL: $*" >&2
    [ -f "$root/ofmanager.log" ] && tail -n 30 "$root/ofmanager.log" >&2
    exit 1
}

make -s -C "$builddir" install DESTDIR="$root" >"$root/install.log" 2>&1 \
    || { cat "$root/install.log" >&2; fail "make install"; }
pc=$(find "$root" -name ofmanager.pc | head -n 1)
[ -n "$pc" ] || fail "ofmanager.pc was not installed"
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$root
# With a sysroot, pkg-config gives the paths inside the scratch root.
bindir=$(pkg-config --variable=prefix ofmanager)/bin
sbindir=$(pkg-config --variable=prefix ofmanager)/sbin
plugindir=$(pkg-config --variable=plugindir ofmanager)
export LD_LIBRARY_PATH=$(pkg-config --variable=libdir ofmanager)
[ -x "$sbindir/ofmanager" ] || fail "no ofmanager in $sbindir"
[ -z "$(find "$plugindir" -name '*.la')" ] || fail ".la files installed in $plugindir"
[ -f "$plugindir/switch.so" ] || fail "no switch.so in $plugindir"

# The systemd unit and the logrotate snippet, checked by systemd itself
# (with ExecStart pointing into the scratch root, which systemd requires
# to exist).
unit=$(find "$root" -name ofmanager.service | head -n 1)
[ -n "$unit" ] || fail "ofmanager.service was not installed"
[ -n "$(find "$root" -path '*/logrotate.d/ofmanager')" ] || fail "no logrotate snippet"
grep -q "^ExecReload=/bin/kill -HUP" "$unit" || fail "ofmanager.service does not reload with SIGHUP"
if command -v systemd-analyze >/dev/null; then
    sed "s|^ExecStart=|ExecStart=$root|" "$unit" >"$root/ofmanager.service"
    systemd-analyze verify --man=no "$root/ofmanager.service" \
        || fail "systemd-analyze verify ofmanager.service"
    echo "sdk-oot: systemd-analyze verify: ofmanager.service is clean"
fi

# Each installed header stands alone and compiles as C11 and as C++20
# (plugin.h and the others offer extern "C").
incdir=$(pkg-config --variable=includedir ofmanager)
n_hdr=0
for h in "$incdir"/ofm/*.h; do
    [ -f "$h" ] || continue
    name=ofm/$(basename "$h")
    printf '#include <%s>\n' "$name" >"$root/hdr.c"
    cc -std=c11 -Wall -Wextra -Werror -fsyntax-only \
        $(pkg-config --cflags ofmanager) -x c "$root/hdr.c" \
        || fail "$name does not compile alone as C11"
    g++ -std=c++20 -Wall -Wextra -Werror -fsyntax-only \
        $(pkg-config --cflags ofmanager) -x c++ "$root/hdr.c" \
        || fail "$name does not compile alone as C++20"
    n_hdr=$((n_hdr + 1))
done
[ "$n_hdr" -ge 10 ] || fail "only $n_hdr headers installed in $incdir/ofm"
echo "sdk-oot: $n_hdr installed headers compile alone as C11 and C++20"

. "$srcdir/tests/sdk/hello-run.sh"
hello_run "$sbindir" "$bindir" "$plugindir" "$root"
echo "sdk-oot: PASS: installed ofmanager ran hello.so (2 datapaths ready, $seen packet-ins) and switch.so"
