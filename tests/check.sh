#!/bin/bash
# Sets up a fresh Debian 12 machine and runs every test: the unit tests and
# the tests against a real Open vSwitch, once in a plain build and once
# built with AddressSanitizer and UndefinedBehaviorSanitizer, then each
# fuzzer for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
bash tests/setup.sh

status=0
run() {
    echo "=== $*"
    if ! "$@"; then
        status=1
    fi
}
show_failures() {
    # Print the logs of what failed, so CI output says why.
    for log in "$1"/tests/*.log "$1"/tests/*/*.log; do
        [ -f "$log" ] || continue
        trs=${log%.log}.trs
        if [ -f "$trs" ] && grep -q "^:test-result: FAIL\|^:test-result: ERROR" "$trs"; then
            echo "----- $log"
            tail -n 80 "$log"
        fi
    done
}

run make -C build -j"$(nproc)" check
[ $status = 0 ] || show_failures "$top/build"

# The SDK as a plugin author uses it: install, build a plugin out of tree
# with pkg-config, run it with the installed daemon.
run bash tests/sdk/oot.sh build

# The Debian packages: built from a copy of the tree in a scratch
# directory, lintian without errors, unpacked, an out-of-tree plugin built
# against libofm-dev and run with the packaged daemon.
run bash tests/deb.sh

# The release tarball: it builds and passes make check read-only, out of
# tree, with nothing beside it, and installs and uninstalls cleanly.
run make -C build -j"$(nproc)" distcheck

# The same tests, built with the sanitizers, in a separate build tree.
mkdir -p build-san
(cd build-san && { [ -f Makefile ] || ../configure -q --enable-sanitizers; })
run make -C build-san -j"$(nproc)" check
[ $status = 0 ] || show_failures "$top/build-san"

# Fuzz each parser for a bounded time: the OpenFlow decoder, JSON to
# message, and the packet library.
seconds=${OFM_FUZZ_SECONDS:-30}
run bash tests/fuzz/run-fuzz.sh fuzz-ofp "$seconds"
run bash tests/fuzz/run-fuzz.sh fuzz-ofp-json "$seconds"
run bash tests/fuzz/run-fuzz.sh fuzz-ofctl-rest "$seconds"
run bash tests/fuzz/run-fuzz.sh fuzz-wsgi-route "$seconds"
run bash tests/fuzz/run-fuzz.sh fuzz-stp "$seconds"
run make -C build fuzz-packet FUZZ_SECONDS="$seconds"

if [ $status = 0 ]; then
    echo "ALL TESTS PASSED"
else
    echo "SOME TESTS FAILED"
fi
exit $status
