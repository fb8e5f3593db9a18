#! /bin/sh
# run-fuzz.sh TARGET SECONDS: builds a libFuzzer target of tests/fuzz/
# (fuzz-ofp or fuzz-ofp-json) with clang's fuzzer, address and undefined
# behaviour sanitizers, seeds it from the OpenFlow corpus in tests/corpus and runs it
# for SECONDS seconds.  Exits nonzero if the build fails or the fuzzer finds
# a crash (its reproducer is left in the work directory, printed at the
# end).
#
# Environment: CC (default clang), OFM_CORPUS_DIR (default
# tests/corpus/openflow in the source tree), FUZZ_WORKDIR (default
# a new directory under ${TMPDIR:-/tmp}), FUZZ_JOBS (default 1).
set -eu

usage() {
    echo "usage: $0 fuzz-ofp|fuzz-ofp-json SECONDS" >&2
    exit 2
}
[ $# -eq 2 ] || usage
target=$1
seconds=$2
case $target in
    fuzz-ofp|fuzz-ofp-json) ;;
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
CC=${CC:-clang}

# The codec and what it links: the buffer writer and jansson.
$CC -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I"$srcdir/sdk/include" \
    "$srcdir/tests/fuzz/$target.c" \
    "$srcdir"/sdk/lib/json/ofp-json-*.c "$srcdir/sdk/lib/util/buf.c" \
    -ljansson -o "$work/$target"

# Seeds: the corpus (binary messages or their JSON), copied at fuzz
# time, never checked in.
if [ "$target" = fuzz-ofp ]; then
    for f in "$corpus"/of*/*.packet; do
        if [ -f "$f" ]; then cp "$f" "$work/seeds/"; fi
    done
else
    for f in "$corpus"/of*/*.packet.json; do
        if [ -f "$f" ]; then cp "$f" "$work/seeds/$(basename "$f")"; fi
    done
fi
# No seeds means no corpus: fail rather than fuzz from nothing.
if [ -z "$(ls -A "$work/seeds")" ]; then
    echo "$0: no seed messages in $corpus/of10, $corpus/of13" >&2
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
    "./$target" -max_total_time="$seconds" $jobs -max_len=65535 \
    -timeout=10 -print_final_stats=1 corpus seeds) || status=$?
if [ $status -ne 0 ]; then
    echo "$0: $target failed; reproducers in $work:" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null >&2 || :
fi
exit $status
