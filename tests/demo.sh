#!/bin/bash
# The live demo: sets up the machine, then runs the Ryu book's chapter 1
# on a real Open vSwitch: one switch, three hosts in network namespaces,
# ofmanager with switch.so as the controller.  h1 pings h2, the flow table
# is shown, and everything is torn down.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${OVS__ISOLATED:-}" ]; then
    bash "$here/setup.sh"
fi
top=$(cd "$here/.." && pwd)
. "$here/ovs/ovs-lib.sh"
OVS_FIXED_TAG=ofmdemo- ovs_isolate "$@"

tmp=$(mktemp -d /tmp/ofm-demo.XXXXXX)
ofm_pid=
ovs_at_cleanup 'if [ -n "$ofm_pid" ]; then kill -TERM "$ofm_pid"; wait "$ofm_pid"; fi; rm -rf "$tmp"'

echo "== Open vSwitch: bridge s1 (OpenFlow 1.3, userspace datapath), hosts h1 h2 h3"
ovs_start "$tmp/ovs"
ovs_add_bridge s1 OpenFlow13 0000000000000001
for i in 1 2 3; do
    ovs_add_host s1 h$i 00:00:00:00:00:0$i 10.0.0.$i/24 $i
done

echo "== ofmanager --verbose switch.so"
"$top/build/manager/ofmanager" --verbose switch.so >"$tmp/ofmanager.log" 2>&1 &
ofm_pid=$!
sleep 0.5
ovs_set_controller s1 tcp:127.0.0.1:6653
ovs_wait_connected s1 15
ovs_wait_for sh -c 'ovs-ofctl -O OpenFlow13 dump-flows s1 | grep -q priority=0' 10

echo "== h1 ping -c 1 h2"
ovs_netns_exec h1 ping -c 1 -W 5 10.0.0.2
sleep 0.5

echo "== ovs-ofctl -O OpenFlow13 dump-flows s1"
ovs-ofctl -O OpenFlow13 dump-flows s1

echo "== what ofmanager logged"
sed 's/^/  /' "$tmp/ofmanager.log"
echo "== tearing down"
