# tests/ovs/ofm-test.sh: the frame of every ofmanager test against Open
# vSwitch.  A test sets 'test_name' and sources this file with no
# arguments (it sees the test's own):
#
#     test_name=switch
#     . "$(dirname "$0")/ofm-test.sh"
#
# It skips (77) unless run as root, loads the harness (ovs-lib.sh), re-runs
# the test inside the switch's network namespace (ovs_isolate: ofmanager on
# 127.0.0.1 is then the controller ovs-vswitchd reaches), and gives it:
#   $here, $top     the test's directory and the build tree
#   $tmp            a scratch directory, removed at exit unless
#                   OFM_KEEP_TMP=1
#   $ofm_pid        the ofmanager the test started (stop_ofm stops it; it
#                   is stopped at exit anyway)
#   pass MSG, fail MSG, and test_done, which prints the count and returns
#   the test's status
#   wait_switch_up BRIDGE LOG OFCTL_FLAGS, true once BRIDGE is connected,
#   the ofmanager writing LOG has moved it onto main mode and its
#   table-miss entry (priority 0) is on the bridge.
#   http METHOD PATH [BODY], for REST tests: curl to $url, the reply body in
#   $tmp/body, prints the status; expect_status WHAT WANT GOT and
#   expect_json WHAT JQ_EXPR (of $tmp/body) pass or fail.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${abs_top_builddir:-$(cd "$here/../.." && pwd)}
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: needs root for network namespaces and Open vSwitch"
    exit 77
fi
. "$here/ovs-lib.sh"
ovs_isolate "$@" || exit 1

tmp=$(mktemp -d "/tmp/ofm-${test_name:?set test_name before sourcing ofm-test.sh}.XXXXXX")
ofm_pid=
stop_ofm() {
    if [ -n "$ofm_pid" ]; then
        kill -TERM "$ofm_pid" 2>/dev/null
        wait "$ofm_pid" 2>/dev/null
        ofm_pid=
    fi
}
# shellcheck disable=SC2016
ovs_at_cleanup 'stop_ofm; [ -n "${OFM_KEEP_TMP:-}" ] || rm -rf "$tmp"'
fails=0 passes=0
pass() { passes=$((passes + 1)); echo "ok - $1"; }
fail() { fails=$((fails + 1)); echo "FAIL - $1"; }
test_done() {
    echo "$passes passed, $fails failed"
    [ "$fails" = 0 ]
}
wait_switch_up() {
    ovs_wait_connected "$1" 15 \
        && ovs_wait_for grep -q "move onto main mode" "$2" 15 \
        && ovs_wait_for sh -c "ovs-ofctl $3 dump-flows $1 | grep -q priority=0" 10
}
http() {
    local method=$1 path=$2 body=${3-}
    if [ -n "$body" ]; then
        curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" \
            -H 'Content-Type: application/json' --data-binary "$body" "$url$path"
    else
        curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" "$url$path"
    fi
}
expect_status() {
    if [ "$3" = "$2" ]; then
        pass "$1"
    else
        fail "$1: wanted status $2, got $3: $(head -c 2000 "$tmp/body")"
    fi
}
expect_json() {
    if jq -e "$2" "$tmp/body" >/dev/null 2>&1; then
        pass "$1"
    else
        fail "$1: $2 is not true of $(head -c 2000 "$tmp/body")"
    fi
}
