#! /bin/sh
# run-fuzz-wsgi.sh SECONDS: builds tests/fuzz/fuzz-wsgi-route.c with
# clang's fuzzer, address and undefined behaviour sanitizers, seeds it with
# templates and paths of the REST apps and runs it for SECONDS seconds.
# Exits nonzero if the build fails or the fuzzer finds a crash (its
# reproducer is left in the work directory).  Environment: CC, FUZZ_WORKDIR.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 SECONDS" >&2; exit 2; }
seconds=$1
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/fuzz-wsgi-route.XXXXXX")}
mkdir -p "$work/seeds" "$work/corpus"
: >"$work/config.h"
CC=${CC:-clang}
$CC -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I"$work" -I"$srcdir" -I"$srcdir/sdk/include" \
    "$srcdir/tests/fuzz/fuzz-wsgi-route.c" "$srcdir/plugins/wsgi/route.c" \
    "$srcdir/sdk/lib/packet/addr.c" -o "$work/fuzz-wsgi-route"
n=0
for seed in \
    '/simpleswitch/mactable/{dpid}
/simpleswitch/mactable/0000000000000010' \
    '/stats/port/{dpid}/{port:int}
/stats/port/1/0xfffffffe' \
    '/stats/flowentry/{cmd}
/stats/flowentry/modify_strict' \
    '/a/{x:str}/{y:dpid}
/a//18446744073709551616'; do
    n=$((n + 1))
    printf '%s' "$seed" >"$work/seeds/seed$n"
done
cd "$work"
if ./fuzz-wsgi-route -max_total_time="$seconds" -max_len=1024 corpus seeds; then
    echo "fuzz-wsgi-route: no crash in $seconds s ($work)"
else
    echo "fuzz-wsgi-route: crash, reproducer in $work" >&2
    exit 1
fi
