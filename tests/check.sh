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
failed=()
logdir=$top/build/check-logs
mkdir -p "$logdir"
run() {
    echo "=== $*"
    if ! "$@"; then
        status=1
        failed+=("$*")
    fi
}
# A fuzzer prints a line per new input: keep that in a file and show its
# last lines, so the end of the output is the summary below.
run_quiet() {  # run_quiet NAME COMMAND...
    local name=$1 log="$logdir/$1.log"
    shift
    echo "=== $* (output in $log)"
    if "$@" >"$log" 2>&1; then
        tail -n 4 "$log"
    else
        status=1
        failed+=("$*")
        quiet_failed+=("$log")
    fi
}
quiet_failed=()
failures=$logdir/failures.txt
: >"$failures"
show_failures() {
    # The logs of the tests that failed, now and again at the end, so CI
    # output says why whatever it cuts.
    for log in "$1"/tests/*.log "$1"/tests/*/*.log; do
        [ -f "$log" ] || continue
        trs=${log%.log}.trs
        if [ -f "$trs" ] && grep -q "^:test-result: FAIL\|^:test-result: ERROR" "$trs"; then
            {
                echo "----- $log"
                grep -E "^(FAIL|ERROR)" "$log" | head -n 20
                echo "----- last lines of $log"
                tail -n 40 "$log"
            } | tee -a "$failures"
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
echo "=== make distcheck"
if ! make -C build -j"$(nproc)" distcheck; then
    status=1
    failed+=("make distcheck")
    for sub in "$top"/build/ofmanager-*/_build/sub; do
        [ -d "$sub" ] && show_failures "$sub"
    done
fi

# The same tests, built with the sanitizers, in a separate build tree.
mkdir -p build-san
(cd build-san && { [ -f Makefile ] || ../configure -q --enable-sanitizers; })
run make -C build-san -j"$(nproc)" check
[ $status = 0 ] || show_failures "$top/build-san"

# Fuzz each parser for a bounded time: the OpenFlow decoder, JSON to
# message, and the packet library.
seconds=${OFM_FUZZ_SECONDS:-30}
for target in fuzz-ofp fuzz-ofp-json fuzz-ofctl-rest fuzz-wsgi-route fuzz-stp; do
    run_quiet "$target" bash tests/fuzz/run-fuzz.sh "$target" "$seconds"
done
run_quiet fuzz-packet make -C build fuzz-packet FUZZ_SECONDS="$seconds"

for log in "${quiet_failed[@]}"; do
    echo "----- last lines of $log"
    tail -n 30 "$log"
done
if [ -s "$failures" ]; then
    echo "===== the tests that failed"
    cat "$failures"
fi
for step in "${failed[@]}"; do
    echo "FAILED: $step"
done
if [ $status = 0 ]; then
    echo "ALL TESTS PASSED"
else
    echo "SOME TESTS FAILED"
fi
exit $status
