# shellcheck shell=bash
#
# ovs-lib.sh - run private Open vSwitch topologies in network namespaces.
#
# Source this file from a bash test script (it never changes the caller's
# shell options and defines only ovs_* / _ovs_* names).  Requires root,
# iproute2, Open vSwitch (ovsdb-server, ovs-vswitchd, ovs-vsctl, ovs-ofctl,
# ovs-appctl) and, for working TCP/UDP between hosts, ethtool.
#
# Design
# ------
# * Every run has a TAG (default "ovst<PID>-", see ovs_start).  All network
#   namespaces of the run are named "<TAG><name>": "<TAG>sw" for the switch,
#   "<TAG>h1" ... for the hosts.
# * ovsdb-server and ovs-vswitchd run inside the run's own switch namespace
#   "<TAG>sw".  This is required, not cosmetic: the userspace (netdev)
#   datapath creates a tap device named "ovs-netdev" plus one tap per bridge
#   in the namespace it runs in, so two userspace vswitchd in one namespace
#   collide ("ovs-netdev: creating tap device failed: Device or resource
#   busy").  In its own namespace each run may use any bridge and port names
#   and even the same controller TCP port as a parallel run.
# * Consequence: 127.0.0.1 for ovs-vswitchd is the loopback of "<TAG>sw".
#   A controller must listen there: either start it with `ovs_sw_exec CMD`,
#   or call `ovs_isolate "$@"` at the top of the test script, which re-runs
#   the whole script inside "<TAG>sw" (then everything the script starts,
#   including the controller, shares the switch's loopback).
# * All OVS state (conf.db, db.sock, pidfiles, control sockets, logs,
#   <bridge>.mgmt) lives in the run directory DIR.  ovs_start exports
#   OVS_RUNDIR/OVS_DBDIR/OVS_LOGDIR/OVS_SYSCONFDIR=DIR, so plain `ovs-vsctl`,
#   `ovs-ofctl BR`, `ovs-appctl` in the test talk to this private instance
#   (they work from any namespace: they use unix sockets).  Nothing under
#   /var/run/openvswitch is used or needed.
# * Hosts: namespace "<TAG><host>", one interface "<host>-eth0".  Switch-side
#   veth ends are named "<bridge>-eth<ofport>" (mininet style) and live in
#   "<TAG>sw".  Interface names must fit in 15 characters.
# * IPv6 is disabled in every namespace of the run before any interface is
#   created, so hosts send nothing on their own (no DAD/RS/MLD): only frames
#   the test provokes reach the switch and the controller.
# * Cleanup: ovs_start installs EXIT/INT/TERM/HUP traps that call
#   ovs_cleanup (set OVS_NO_TRAP=1 to opt out and call it yourself).  Use
#   ovs_at_cleanup to register extra commands instead of your own EXIT trap.
#   Runs that were SIGKILLed are removed by ovs_cleanup_stale, which
#   ovs_start calls automatically for its prefix.
#
# Tunables (environment):
#   OVS_PREFIX      tag prefix, default "ovst" (tag = PREFIX + PID + "-")
#   OVS_FIXED_TAG   use this exact tag instead (e.g. "demo-" for a demo with
#                   predictable namespace names).  Only one run per fixed tag:
#                   ovs_start removes leftovers with the same tag first.
#   OVS_NO_TRAP     1 = ovs_start does not install traps
#   OVS_VSCTL_TIMEOUT  seconds for each ovs-vsctl call of the library (10)
#   OVS_START_TIMEOUT  seconds to wait for the daemons (15)
#   OVS_POLL_INTERVAL  seconds between two tries of ovs_wait_for (0.1)
#   OVS_QUIET       1 = no informational messages on stderr
#   OVS_SCHEMA      vswitch schema (/usr/share/openvswitch/vswitch.ovsschema)
#
# Minimal test:
#   . tests/ovs/ovs-lib.sh
#   ovs_isolate "$@"                   # optional, see above
#   ovs_start "$(mktemp -d)"
#   ovs_add_bridge s1 OpenFlow13
#   ovs_add_host s1 h1 00:00:00:00:00:01 10.0.0.1/24 1
#   ovs_add_host s1 h2 00:00:00:00:00:02 10.0.0.2/24 2
#   ./ofmanager ... &                  # (ovs_sw_exec ./ofmanager ... without ovs_isolate)
#   ovs_at_cleanup "kill $!"
#   ovs_set_controller s1 tcp:127.0.0.1:6653
#   ovs_wait_connected s1 10
#   ovs_wait_for ovs_netns_exec h1 ping -c1 -W1 10.0.0.2 5
#   ovs_dump_flows_nostats s1 > flows.txt
#   # the EXIT trap stops and removes everything
#
# Other behaviour worth knowing:
# * Controller:is_connected in the database lags by up to 5 s (refreshed
#   with the statistics); ovs_wait_connected reads ovs-vswitchd.log instead.
# * Controllers get max_backoff=1000 ms: a controller started after
#   ovs_set_controller is connected within ~1 s.
# * `ovs-ofctl snoop BR` only attaches while a controller is connected; to
#   see the handshake use `ovs-appctl vlog/set vconn:file:dbg` and read
#   DIR/ovs-vswitchd.log.
# * The userspace datapath drops packets under bursts (no back-pressure from
#   its AF_PACKET sockets): TCP recovers; do not expect a burst of UDP or
#   ICMP to arrive complete.
# * A ping that failed (e.g. before the controller was up) leaves an
#   INCOMPLETE ARP entry; Linux keeps probing it for ~3 s and the next pings
#   fail meanwhile.  Retry (ovs_wait_for) or `ip neigh flush all` in the host.
# * In isolated mode ovs_cleanup also kills background processes of the
#   script itself (they live in the switch namespace), except the shell.
#
# API summary (details at each function):
#   ovs_isolate "$@"                   re-run this script inside the switch netns
#   ovs_start DIR [PREFIX]             start ovsdb-server + ovs-vswitchd
#   ovs_add_bridge BR [PROTOCOLS] [DPID]
#   ovs_set_fail_mode BR secure|standalone
#   ovs_set_controller BR TARGET...    e.g. tcp:127.0.0.1:6653
#   ovs_del_controller BR
#   ovs_wait_connected BR [TIMEOUT]
#   ovs_mark_reconnect BR              before forcing a reconnection
#   ovs_add_host BR HOST MAC IP/PLEN OFPORT
#   ovs_add_veth IF1 IF2               veth pair inside the switch netns
#   ovs_add_port BR IFACE OFPORT [COLUMN=VALUE...]
#   ovs_link BR1 OFPORT1 BR2 OFPORT2   veth "BR1-ethP1" <-> "BR2-ethP2"
#   ovs_add_bond BR BOND LACP IFACE[:OFPORT]... [COLUMN=VALUE...]
#   ovs_bond_del_member BOND IFACE     take IFACE out of bond BOND
#   ovs_bond_add_member BOND IFACE [OFPORT]   put IFACE (back) into BOND
#   ovs_bond_active_member BOND        print the active member (active-backup)
#   ovs_netns_exec HOST CMD...         run CMD in a host namespace
#   ovs_sw_exec CMD...                 run CMD in the switch namespace
#   ovs_ns_name HOST                   print the full namespace name
#   ovs_ofctl [OPTS] CMD BR [ARGS]     ovs-ofctl with -O taken from BR
#   ovs_dump_flows BR [OPTS]           flows, timing fields stripped, sorted
#   ovs_dump_flows_nostats BR [OPTS]   same, n_packets/n_bytes stripped too
#   ovs_wait_for CMD... TIMEOUT        poll CMD until it succeeds
#   ovs_at_cleanup CMD...              run CMD (eval'd) first in ovs_cleanup
#   ovs_cleanup                        stop everything of this run (idempotent)
#   ovs_trap_cleanup                   install the cleanup traps
#   ovs_cleanup_stale [PREFIX]         remove leftovers of dead runs
#   ovs_check_clean                    fail if anything of this run is left

# Refuse non-bash shells early (the library uses bash arrays and [[ ]]).
if [ -z "${BASH_VERSION:-}" ]; then
    echo "ovs-lib.sh: bash is required" >&2
    # shellcheck disable=SC2317
    return 1 2>/dev/null || exit 1
fi

# ---------------------------------------------------------------------------
# Internal state (per sourcing shell).
# ---------------------------------------------------------------------------
# Never taken from the environment: a child test script must not adopt its
# parent's run.
OVS_TAG=""                    # tag of this run, e.g. "ovst12345-"
OVS_SW_NS=""                  # switch namespace, "<TAG>sw"
OVS_DIR=""                    # run directory given to ovs_start
_OVS_STARTED=0
_OVS_BR_COUNT=0
_OVS_ETHTOOL_WARNED=0
declare -a _OVS_CLEANUP_HOOKS=()
declare -a _OVS_SW_IFACES=()    # veth ends created in the switch netns
declare -A _OVS_BR_INDEX=()
declare -A _OVS_CTL_MARK=()     # bridge -> first log line to consider
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}

# ---------------------------------------------------------------------------
# Small internal helpers.
# ---------------------------------------------------------------------------
_ovs_err() { echo "ovs-lib: error: $*" >&2; }
_ovs_warn() { echo "ovs-lib: warning: $*" >&2; }
_ovs_log() { [ "${OVS_QUIET:-0}" = 1 ] || echo "ovs-lib: $*" >&2; }

# Milliseconds since the epoch, without forking (bash >= 5 EPOCHREALTIME;
# the decimal separator depends on the locale, so drop any non-digit).
_ovs_now_ms() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local us=${EPOCHREALTIME//[!0-9]/}
        echo $((10#$us / 1000))
    else
        date +%s%3N
    fi
}

# Convert "SECONDS" (integer or decimal, e.g. 2.5) to milliseconds.
_ovs_secs_to_ms() {
    local t=$1
    if [[ $t =~ ^([0-9]+)(\.([0-9]*))?$ ]]; then
        local int=${BASH_REMATCH[1]} frac=${BASH_REMATCH[3]:-}
        frac=${frac}000
        echo $((10#$int * 1000 + 10#${frac:0:3}))
    else
        return 1
    fi
}

# True if PID is a live process (zombies count as dead: the detached OVS
# daemons are reparented to PID 1, which may reap them late, and kill -0
# succeeds on a zombie).
_ovs_pid_alive() {
    local pid=$1 stat
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# Wait until none of the PIDs is alive, at most MS milliseconds.
_ovs_wait_pids_gone() {
    local ms=$1; shift
    local deadline=$(( $(_ovs_now_ms) + ms )) pid alive
    while :; do
        alive=0
        for pid in "$@"; do _ovs_pid_alive "$pid" && alive=1 && break; done
        [ $alive = 0 ] && return 0
        [ "$(_ovs_now_ms)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

# Kill PIDs (never ourselves): SIGTERM, wait up to 2 s, then SIGKILL.
_ovs_kill_pids() {
    local pid list=()
    for pid in "$@"; do
        [[ $pid =~ ^[0-9]+$ ]] || continue
        [ "$pid" = "$$" ] || [ "$pid" = "${BASHPID:-}" ] && continue
        _ovs_pid_alive "$pid" && list+=("$pid")
    done
    [ ${#list[@]} -eq 0 ] && return 0
    kill -TERM "${list[@]}" 2>/dev/null || true
    if ! _ovs_wait_pids_gone 2000 "${list[@]}"; then
        kill -KILL "${list[@]}" 2>/dev/null || true
        _ovs_wait_pids_gone 2000 "${list[@]}" || true
    fi
    return 0
}

# Names of all named network namespaces (one per line).
_ovs_netns_list() {
    ip netns list 2>/dev/null | awk '{print $1}'
}

_ovs_netns_exists() {
    [ -e "/run/netns/$1" ]
}

# True if this shell already runs inside namespace NAME.
_ovs_in_netns() {
    local ino self
    ino=$(stat -L -c %i "/run/netns/$1" 2>/dev/null) || return 1
    self=$(readlink /proc/self/ns/net 2>/dev/null) || return 1
    [ "$self" = "net:[$ino]" ]
}

# True after ovs_isolate re-executed this script inside the switch netns.
_ovs_isolated() {
    [ -n "${OVS__ISOLATED:-}" ] && [ "${OVS__ISOLATED%%:*}" = "$$" ]
}

# Create namespace NAME with loopback up and IPv6 disabled for everything
# that will be created in it.  In isolated mode the switch namespace is the
# one this script runs in: its name is (re)attached to it, so that a second
# ovs_start after an ovs_cleanup finds the script's own namespace again.
_ovs_make_netns() {
    local ns=$1
    if ! _ovs_netns_exists "$ns"; then
        if [ "$ns" = "$OVS_SW_NS" ] && _ovs_isolated; then
            ip netns attach "$ns" $$ || { _ovs_err "ip netns attach $ns failed"; return 1; }
        else
            ip netns add "$ns" || { _ovs_err "ip netns add $ns failed"; return 1; }
        fi
    fi
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 ||
        _ovs_warn "could not disable IPv6 in $ns"
    ip -n "$ns" link set lo up || { _ovs_err "cannot set lo up in $ns"; return 1; }
}

# Compute this run's tag.  PREFIX or $OVS_PREFIX or "ovst", then our PID.
# A re-exec by ovs_isolate keeps the PID and passes the tag along.
_ovs_init_tag() {
    local prefix=${1:-${OVS_PREFIX:-ovst}}
    if _ovs_isolated; then
        OVS_TAG=${OVS__ISOLATED#*:}
    elif [ -n "${OVS_FIXED_TAG:-}" ]; then
        OVS_TAG=$OVS_FIXED_TAG
    else
        OVS_TAG="${prefix}$$-"
    fi
    # A prefix must not end in a digit: "t1"+PID 555 and "t"+PID 1555 would
    # give the same tag and ovs_cleanup_stale could remove a live run.
    if ! [[ $prefix =~ ^[A-Za-z0-9_.-]*[A-Za-z_.-]$ ]]; then
        _ovs_err "invalid prefix '$prefix' (letters, digits, _ . -; must not end in a digit)"
        return 1
    fi
    OVS_PREFIX=$prefix
    if ! [[ $OVS_TAG =~ ^[A-Za-z0-9_.-]+$ ]]; then
        _ovs_err "invalid tag '$OVS_TAG' (use letters, digits, _ . -)"
        return 1
    fi
    OVS_SW_NS="${OVS_TAG}sw"
}

_ovs_need_root() {
    if [ "$(id -u)" != 0 ]; then
        _ovs_err "must run as root (network namespaces, veth, ovs-vswitchd)"
        return 1
    fi
}

_ovs_need_started() {
    if [ "$_OVS_STARTED" != 1 ]; then
        _ovs_err "${FUNCNAME[1]}: call ovs_start first"
        return 1
    fi
}

# ovs-vsctl bound to this run's database, with a timeout so that nothing in
# the library can hang forever.
_ovs_vsctl() {
    ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout="${OVS_VSCTL_TIMEOUT:-10}" "$@"
}

# Control socket of a daemon of this run (default naming: NAME.PID.ctl).
_ovs_ctl_path() {
    local name=$1 pid
    pid=$(cat "$OVS_DIR/$name.pid" 2>/dev/null) || return 1
    echo "$OVS_DIR/$name.$pid.ctl"
}

_ovs_check_ifname() {
    if [ ${#1} -gt 15 ] || [ -z "$1" ]; then
        _ovs_err "interface name '$1' is longer than 15 characters (Linux limit); use shorter bridge/host names"
        return 1
    fi
}

# Turn off TX checksum offload on an interface (inside namespace NS).
# Needed for the userspace datapath: a veth with tx checksumming on hands
# TCP/UDP packets with a partial (not yet computed) checksum to the AF_PACKET
# socket of ovs-vswitchd, which forwards them as is, and the receiving host
# drops them (bad checksum).  ICMP/ARP work either way; TCP/UDP don't.
# Turning tx checksumming off also turns off TSO (it depends on it).
_ovs_tx_off() {
    local ns=$1 dev=$2
    if ! command -v ethtool >/dev/null 2>&1; then
        if [ "$_OVS_ETHTOOL_WARNED" = 0 ]; then
            _ovs_warn "ethtool not installed: TX checksum offload stays on, TCP/UDP between hosts will fail (ICMP works). Install: apt-get install ethtool"
            _OVS_ETHTOOL_WARNED=1
        fi
        return 0
    fi
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null 2>&1 ||
        _ovs_warn "ethtool -K $dev tx off failed in $ns"
}

# Deterministic MAC for a switch-side veth end: 02:fe:00:<bridge#>:<ofport>.
_ovs_sw_mac() {
    local br=$1 port=$2 idx=${_OVS_BR_INDEX[$1]:-0}
    printf '02:fe:00:%02x:%02x:%02x' $((idx & 255)) $(((port >> 8) & 255)) $((port & 255))
}

# ---------------------------------------------------------------------------
# Namespaces of the run.
# ---------------------------------------------------------------------------

# ovs_ns_name HOST: print the namespace name of HOST ("sw" = the switch).
ovs_ns_name() {
    [ -n "$OVS_TAG" ] || _ovs_init_tag || return 1
    echo "${OVS_TAG}$1"
}

# ovs_netns_exec HOST CMD...: run CMD inside host HOST's namespace.
ovs_netns_exec() {
    if [ $# -lt 2 ]; then _ovs_err "usage: ovs_netns_exec HOST CMD..."; return 2; fi
    local ns
    ns=$(ovs_ns_name "$1") || return 1
    shift
    ip netns exec "$ns" "$@"
}

# ovs_sw_exec CMD...: run CMD in the switch namespace, i.e. where
# ovs-vswitchd runs and where its 127.0.0.1 is.  Use it to start a controller:
#   ovs_sw_exec ./ofmanager --port 6653 app &
ovs_sw_exec() {
    if [ $# -lt 1 ]; then _ovs_err "usage: ovs_sw_exec CMD..."; return 2; fi
    [ -n "$OVS_SW_NS" ] || _ovs_init_tag || return 1
    ip netns exec "$OVS_SW_NS" "$@"
}

# ovs_isolate "$@": call at the top of a test script, before ovs_start.
# Creates the switch namespace and re-executes the script inside it (same
# PID, same arguments, network namespace changed only).  Afterwards every
# process of the test, including a controller started the normal way, shares
# the loopback of ovs-vswitchd: a controller on 127.0.0.1:6653 is reachable
# and parallel tests can use the same port.  A no-op after the re-exec.
# Only for scripts run as files ("$0" must be the script).
ovs_isolate() {
    _ovs_need_root || return 1
    if _ovs_isolated; then
        _ovs_init_tag || return 1
        if _ovs_in_netns "$OVS_SW_NS"; then
            # Second pass (inside): make sure we clean up.
            [ "${OVS_NO_TRAP:-0}" = 1 ] || ovs_trap_cleanup
            return 0
        fi
        _ovs_err "ovs_isolate: re-exec did not land in $OVS_SW_NS"
        return 1
    fi
    _ovs_init_tag || return 1
    if [ -n "${OVS_FIXED_TAG:-}" ]; then
        _ovs_remove_tag "$OVS_TAG"
    else
        ovs_cleanup_stale "$OVS_PREFIX"
    fi
    _ovs_make_netns "$OVS_SW_NS" || return 1
    if [ ! -f "$0" ]; then
        _ovs_err "ovs_isolate: \$0 ('$0') is not a script file"
        ip netns del "$OVS_SW_NS" 2>/dev/null || true
        return 1
    fi
    export OVS__ISOLATED="$$:$OVS_TAG"
    exec nsenter --net="/run/netns/$OVS_SW_NS" -- "$BASH" "$0" "$@"
}

# ---------------------------------------------------------------------------
# Start / stop.
# ---------------------------------------------------------------------------

# ovs_start DIR [PREFIX]
# Start a private ovsdb-server and ovs-vswitchd with everything under DIR
# (created if missing; an old conf.db there is replaced).  PREFIX (default
# $OVS_PREFIX or "ovst") plus our PID forms the run's tag.  Leftovers of dead
# runs with the same prefix are removed first.  Returns once ovs-vswitchd
# has applied a configuration change (really ready), or fails after
# OVS_START_TIMEOUT seconds.  Exports OVS_RUNDIR, OVS_DBDIR, OVS_LOGDIR,
# OVS_SYSCONFDIR=DIR and sets OVS_DIR, OVS_TAG, OVS_SW_NS.
ovs_start() {
    if [ $# -lt 1 ] || [ $# -gt 2 ]; then _ovs_err "usage: ovs_start DIR [PREFIX]"; return 2; fi
    _ovs_need_root || return 1
    local cmd
    for cmd in ip ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl ovs-ofctl; do
        command -v "$cmd" >/dev/null 2>&1 || { _ovs_err "$cmd not found (apt-get install openvswitch-switch iproute2)"; return 1; }
    done
    if [ ! -r "$OVS_SCHEMA" ]; then _ovs_err "schema $OVS_SCHEMA not found"; return 1; fi
    if [ "$_OVS_STARTED" = 1 ]; then _ovs_err "ovs_start: already started (call ovs_cleanup first)"; return 1; fi

    local dir=$1 t0
    t0=$(_ovs_now_ms)
    mkdir -p "$dir" || { _ovs_err "cannot create $dir"; return 1; }
    dir=$(cd "$dir" && pwd -P) || return 1

    _ovs_init_tag "${2:-}" || return 1

    # Refuse a directory whose daemons still run (another live run).
    local d pid
    for d in ovs-vswitchd ovsdb-server; do
        pid=$(cat "$dir/$d.pid" 2>/dev/null) || continue
        if _ovs_pid_alive "$pid"; then
            _ovs_err "$dir is in use: $d (pid $pid) is running"
            return 1
        fi
    done

    # Leftovers of earlier runs: with a fixed tag, anything of that tag;
    # otherwise runs of our prefix whose owner process is gone.  Skipped
    # after ovs_isolate, which did it before creating our namespace.
    if ! _ovs_isolated; then
        if [ -n "${OVS_FIXED_TAG:-}" ]; then
            _ovs_remove_tag "$OVS_TAG"
        else
            ovs_cleanup_stale "$OVS_PREFIX"
        fi
    fi

    OVS_DIR=$dir
    export OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_SYSCONFDIR=$dir

    # From here on a failure must undo what was done: mark started so that
    # ovs_cleanup (and the traps) act on this run.
    _OVS_STARTED=1
    _OVS_BR_COUNT=0
    _OVS_BR_INDEX=()
    _OVS_CTL_MARK=()
    _OVS_SW_IFACES=()
    if [ "${OVS_NO_TRAP:-0}" != 1 ]; then ovs_trap_cleanup; fi

    _ovs_make_netns "$OVS_SW_NS" || { ovs_cleanup; return 1; }

    rm -f "$dir/conf.db" "$dir/.conf.db.~lock~" "$dir/db.sock" "$dir"/*.ctl \
        "$dir"/*.mgmt "$dir"/*.snoop "$dir"/ovs-vswitchd.pid "$dir"/ovsdb-server.pid
    if ! ovsdb-tool create "$dir/conf.db" "$OVS_SCHEMA"; then
        _ovs_err "ovsdb-tool create failed"; ovs_cleanup; return 1
    fi

    # Both daemons run inside the switch namespace (ovs-vswitchd must; the
    # db server too, so that stale-run cleanup finds both with
    # `ip netns pids`).  -vsyslog:off keeps them out of the system log,
    # -vconsole:off keeps the terminal quiet; details go to DIR/*.log.
    if ! ip netns exec "$OVS_SW_NS" ovsdb-server "$dir/conf.db" \
            --remote="punix:$dir/db.sock" \
            --pidfile="$dir/ovsdb-server.pid" \
            --log-file="$dir/ovsdb-server.log" \
            -vsyslog:off -vconsole:off --no-chdir --detach 2>>"$dir/ovsdb-server.stderr"; then
        _ovs_err "ovsdb-server failed to start (see $dir/ovsdb-server.log)"
        ovs_cleanup; return 1
    fi
    if ! _ovs_vsctl --no-wait init; then
        _ovs_err "cannot initialise the database"; ovs_cleanup; return 1
    fi

    # --disable-system: never try the (absent) kernel datapath.
    if ! ip netns exec "$OVS_SW_NS" ovs-vswitchd "unix:$dir/db.sock" \
            --disable-system \
            --pidfile="$dir/ovs-vswitchd.pid" \
            --log-file="$dir/ovs-vswitchd.log" \
            -vsyslog:off -vconsole:off --no-chdir --detach 2>>"$dir/ovs-vswitchd.stderr"; then
        _ovs_err "ovs-vswitchd failed to start (see $dir/ovs-vswitchd.log)"
        ovs_cleanup; return 1
    fi

    # --detach returns once the first configuration was applied, but wait
    # explicitly and boundedly: the control socket must answer and a
    # database change must be acknowledged by ovs-vswitchd (ovs-vsctl waits
    # for cur_cfg to reach next_cfg unless --no-wait).
    local deadline=$(( $(_ovs_now_ms) + $(_ovs_secs_to_ms "${OVS_START_TIMEOUT:-15}") ))
    local ctl
    while :; do
        ctl=$(_ovs_ctl_path ovs-vswitchd) && [ -S "$ctl" ] &&
            ovs-appctl -t "$ctl" --timeout=2 version >/dev/null 2>&1 && break
        if [ "$(_ovs_now_ms)" -ge "$deadline" ]; then
            _ovs_err "ovs-vswitchd did not become ready (see $dir/ovs-vswitchd.log)"
            ovs_cleanup; return 1
        fi
        sleep 0.05
    done
    if ! ovs-vsctl --db="unix:$dir/db.sock" --timeout="${OVS_START_TIMEOUT:-15}" \
            set Open_vSwitch . external_ids:ovs-lib-tag="$OVS_TAG"; then
        _ovs_err "ovs-vswitchd does not process database changes"
        ovs_cleanup; return 1
    fi
    _ovs_log "started OVS in $dir (netns $OVS_SW_NS) in $(( $(_ovs_now_ms) - t0 )) ms"
}

# ovs_at_cleanup CMD...: register a command (its words joined and eval'd)
# that ovs_cleanup runs first, last registered first.  Use this instead of
# your own EXIT trap, which would replace the library's.
#   ovs_at_cleanup "kill $ctrl_pid"
ovs_at_cleanup() {
    _OVS_CLEANUP_HOOKS+=("$*")
}

# ovs_trap_cleanup: make EXIT, INT, TERM and HUP run ovs_cleanup.  The exit
# status of the script is preserved (signals give 128+N).
ovs_trap_cleanup() {
    trap '_ovs_exit_trap' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}

_ovs_exit_trap() {
    local rc=$?
    ovs_cleanup
    exit "$rc"
}

# ovs_cleanup: stop this run's daemons, kill processes left in its
# namespaces, delete the namespaces (which destroys every veth and tap).
# Idempotent, never fails, safe to call from traps.  DIR is kept (logs).
ovs_cleanup() {
    local i hook ns pid ctl
    local -a pids
    # Traps must not recurse into us while we clean up.
    local _errexit=0
    case $- in *e*) _errexit=1; set +e ;; esac

    # 1. User hooks, last registered first.
    for ((i = ${#_OVS_CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do
        hook=${_OVS_CLEANUP_HOOKS[i]}
        eval "$hook" >/dev/null 2>&1
    done
    _OVS_CLEANUP_HOOKS=()

    if [ -n "$OVS_TAG" ]; then
        # 2. Processes in host namespaces (pings, servers...).
        for ns in $(_ovs_netns_list); do
            [[ $ns == "$OVS_TAG"* ]] || continue
            [ "$ns" = "$OVS_SW_NS" ] && continue
            mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
            [ ${#pids[@]} -gt 0 ] && _ovs_kill_pids "${pids[@]}"
        done
    fi

    if [ -n "$OVS_DIR" ]; then
        # 3. ovs-vswitchd: "exit --cleanup" deletes its datapath and tap
        #    devices (they are persistent taps and would otherwise outlive it).
        pid=$(cat "$OVS_DIR/ovs-vswitchd.pid" 2>/dev/null)
        if _ovs_pid_alive "$pid"; then
            ctl="$OVS_DIR/ovs-vswitchd.$pid.ctl"
            ovs-appctl -t "$ctl" --timeout=5 exit --cleanup >/dev/null 2>&1
            _ovs_wait_pids_gone 5000 "$pid" || _ovs_kill_pids "$pid"
        fi
        # 4. ovsdb-server.
        pid=$(cat "$OVS_DIR/ovsdb-server.pid" 2>/dev/null)
        if _ovs_pid_alive "$pid"; then
            ctl="$OVS_DIR/ovsdb-server.$pid.ctl"
            ovs-appctl -t "$ctl" --timeout=5 exit >/dev/null 2>&1
            _ovs_wait_pids_gone 5000 "$pid" || _ovs_kill_pids "$pid"
        fi
    fi

    if [ -n "$OVS_TAG" ]; then
        # 5. Anything else in the switch namespace (e.g. a controller started
        #    with ovs_sw_exec, or children of an isolated script), except the
        #    calling shell itself.
        if _ovs_netns_exists "$OVS_SW_NS"; then
            mapfile -t pids < <(ip netns pids "$OVS_SW_NS" 2>/dev/null)
            [ ${#pids[@]} -gt 0 ] && _ovs_kill_pids "${pids[@]}"
        fi
        # 6. veths made inside the switch namespace (bridge-to-bridge
        #    links): deleting the namespace would destroy them too, but in
        #    isolated mode the namespace lives on with the script.
        if _ovs_netns_exists "$OVS_SW_NS"; then
            for i in "${_OVS_SW_IFACES[@]}"; do
                ip -n "$OVS_SW_NS" link del "$i" >/dev/null 2>&1
            done
        fi
        _OVS_SW_IFACES=()
        # 7. Namespaces: hosts first, then the switch.  Deleting a namespace
        #    destroys its veth ends and with them the peers.  (In isolated
        #    mode only the name goes away; ovs_start re-attaches it.)
        for ns in $(_ovs_netns_list); do
            [[ $ns == "$OVS_TAG"* ]] || continue
            [ "$ns" = "$OVS_SW_NS" ] && continue
            ip netns del "$ns" 2>/dev/null
        done
        _ovs_netns_exists "$OVS_SW_NS" && ip netns del "$OVS_SW_NS" 2>/dev/null
    fi
    _OVS_STARTED=0
    [ $_errexit = 1 ] && set -e
    return 0
}

# Remove everything of TAG (namespaces and the processes in them).
_ovs_remove_tag() {
    local tag=$1 ns
    local -a nss=() pids=() p
    [ -n "$tag" ] || return 0
    for ns in $(_ovs_netns_list); do
        [[ $ns == "$tag"* ]] && nss+=("$ns")
    done
    [ ${#nss[@]} -eq 0 ] && return 0
    _ovs_log "removing leftovers of run '$tag': ${nss[*]}"
    for ns in "${nss[@]}"; do
        mapfile -t p < <(ip netns pids "$ns" 2>/dev/null)
        pids+=("${p[@]}")
    done
    [ ${#pids[@]} -gt 0 ] && _ovs_kill_pids "${pids[@]}"
    for ns in "${nss[@]}"; do
        [ "$ns" = "${tag}sw" ] && continue
        ip netns del "$ns" 2>/dev/null || true
    done
    if _ovs_netns_exists "${tag}sw"; then ip netns del "${tag}sw" 2>/dev/null || true; fi
    return 0
}

# ovs_cleanup_stale [PREFIX]: remove namespaces (and the processes inside:
# ovs-vswitchd, ovsdb-server, pings...) of earlier runs with tag
# "PREFIX<pid>-" whose process <pid> no longer exists, e.g. a test that was
# SIGKILLed.  Live runs, including parallel ones, are left alone.  PREFIX
# defaults to $OVS_PREFIX or "ovst".  ovs_start calls this automatically.
ovs_cleanup_stale() {
    local prefix=${1:-${OVS_PREFIX:-ovst}} ns rest pid
    local -A dead=()
    for ns in $(_ovs_netns_list); do
        [[ $ns == "$prefix"* ]] || continue
        rest=${ns#"$prefix"}
        [[ $rest =~ ^([0-9]+)- ]] || continue
        pid=${BASH_REMATCH[1]}
        [ "$pid" = "$$" ] && continue
        _ovs_pid_alive "$pid" && continue
        dead["$prefix$pid-"]=1
    done
    for rest in "${!dead[@]}"; do
        _ovs_remove_tag "$rest"
    done
    return 0
}

# ovs_check_clean: verify that nothing of this run is left: no namespace
# with the run's tag, no live daemon from DIR's pidfiles.  Prints what is
# left and returns 1 if anything is.
ovs_check_clean() {
    local left=0 ns d pid
    for ns in $(_ovs_netns_list); do
        if [[ -n $OVS_TAG && $ns == "$OVS_TAG"* ]]; then
            echo "left over: netns $ns" >&2; left=1
        fi
    done
    if [ -n "$OVS_DIR" ]; then
        for d in ovs-vswitchd ovsdb-server; do
            pid=$(cat "$OVS_DIR/$d.pid" 2>/dev/null) || continue
            if _ovs_pid_alive "$pid"; then
                echo "left over: $d pid $pid" >&2; left=1
            fi
        done
    fi
    return $left
}

# ---------------------------------------------------------------------------
# Bridges and controllers.
# ---------------------------------------------------------------------------

# Normalise a datapath id: "0x1f" (hex), 16 hex digits (as is) or a
# decimal number.  Prints 16 lower-case hex digits.
_ovs_norm_dpid() {
    local d=$1
    if [[ $d =~ ^0[xX]([0-9a-fA-F]{1,16})$ ]]; then
        d=${BASH_REMATCH[1]}
        printf '%016x\n' "$((16#$d))"
    elif [[ $d =~ ^[0-9a-fA-F]{16}$ ]]; then
        echo "${d,,}"
    elif [[ $d =~ ^[0-9]+$ ]] && [ ${#d} -le 18 ]; then
        printf '%016x\n' "$((10#$d))"
    else
        return 1
    fi
}

# ovs_add_bridge NAME [PROTOCOLS] [DPID]
# Userspace bridge (datapath_type=netdev), OpenFlow PROTOCOLS (default
# OpenFlow13; a comma list such as OpenFlow10,OpenFlow13 is allowed),
# fail_mode=secure (no flows, no forwarding until a controller adds some),
# in-band control disabled, fixed datapath id DPID (default: 1 for the first
# bridge of the run, 2 for the second, ...; "0x..."=hex, 16 hex digits, or
# decimal).
ovs_add_bridge() {
    if [ $# -lt 1 ] || [ $# -gt 3 ]; then _ovs_err "usage: ovs_add_bridge NAME [PROTOCOLS] [DPID]"; return 2; fi
    _ovs_need_started || return 1
    local br=$1 protos=${2:-OpenFlow13} dpid
    _ovs_check_ifname "$br" || return 1
    if ! [[ $protos =~ ^OpenFlow1[0-5](,OpenFlow1[0-5])*$ ]]; then
        _ovs_err "bad protocols '$protos' (e.g. OpenFlow13 or OpenFlow10,OpenFlow13)"
        return 1
    fi
    _OVS_BR_COUNT=$((_OVS_BR_COUNT + 1))
    _OVS_BR_INDEX[$br]=$_OVS_BR_COUNT
    dpid=$(_ovs_norm_dpid "${3:-$_OVS_BR_COUNT}") || { _ovs_err "bad dpid '$3'"; return 1; }
    # One transaction, so the bridge never exists as a kernel-datapath one.
    _ovs_vsctl add-br "$br" -- set bridge "$br" \
        datapath_type=netdev \
        protocols="$protos" \
        fail_mode=secure \
        other-config:datapath-id="$dpid" \
        other-config:disable-in-band=true ||
        { _ovs_err "cannot create bridge $br"; return 1; }
}

# ovs_set_fail_mode BRIDGE secure|standalone
# standalone = OVS acts as a normal learning switch when no controller is
# connected (used by the self-test); secure = only controller flows.
ovs_set_fail_mode() {
    if [ $# -ne 2 ]; then _ovs_err "usage: ovs_set_fail_mode BRIDGE secure|standalone"; return 2; fi
    _ovs_need_started || return 1
    _ovs_vsctl set-fail-mode "$1" "$2"
}

# ovs_set_controller BRIDGE TARGET...   (e.g. tcp:127.0.0.1:6653)
# Also sets, for each controller: out-of-band connection, and max_backoff
# 1 s, so a controller that starts after the bridge is connected within a
# second instead of up to 8 s.  Remember: 127.0.0.1 is the switch
# namespace's loopback (see ovs_sw_exec / ovs_isolate).
ovs_set_controller() {
    if [ $# -lt 2 ]; then _ovs_err "usage: ovs_set_controller BRIDGE TARGET..."; return 2; fi
    _ovs_need_started || return 1
    local br=$1; shift
    # ovs_wait_connected looks only at log lines written from now on.
    _ovs_log_mark "$br"
    _ovs_vsctl set-controller "$br" "$@" || return 1
    local uuid
    for uuid in $(_ovs_controller_uuids "$br"); do
        _ovs_vsctl set controller "$uuid" max_backoff=1000 connection_mode=out-of-band || return 1
    done
}

# ovs_del_controller BRIDGE
ovs_del_controller() {
    if [ $# -ne 1 ]; then _ovs_err "usage: ovs_del_controller BRIDGE"; return 2; fi
    _ovs_need_started || return 1
    _ovs_vsctl del-controller "$1"
}

# Remember the current end of ovs-vswitchd.log for BRIDGE: older
# "connected" lines must not satisfy ovs_wait_connected.
_ovs_log_mark() {
    local n
    n=$(wc -l <"$OVS_DIR/ovs-vswitchd.log" 2>/dev/null) || n=0
    _OVS_CTL_MARK[$1]=$((n + 1))
}

# ovs_mark_reconnect BRIDGE: call before something that makes BRIDGE
# reconnect to its controller(s) (controller restart, bridge/reconnect,
# protocol change), so that the next ovs_wait_connected waits for the new
# connection instead of seeing the old one.
ovs_mark_reconnect() {
    if [ $# -ne 1 ]; then _ovs_err "usage: ovs_mark_reconnect BRIDGE"; return 2; fi
    _ovs_need_started || return 1
    _ovs_log_mark "$1"
}

_ovs_controller_uuids() {
    local s
    s=$(_ovs_vsctl get bridge "$1" controller 2>/dev/null) || return 1
    s=${s//[\[\],]/ }
    local -a u
    read -r -a u <<<"$s"
    echo "${u[*]}"
}

# True if at least one controller of BRIDGE is connected, judged by the
# last rconn state line for "BRIDGE<->TARGET" in ovs-vswitchd.log since the
# mark set by ovs_set_controller/ovs_mark_reconnect.  rconn logs
# "...: connected" (always, at INFO) once the OpenFlow hello exchange is
# done, within milliseconds.  Controller:is_connected in the database is NOT
# used when the log exists: ovs-vswitchd refreshes it only together with
# its statistics, every 5 s (other_config:stats-update-interval cannot go
# below 5000 ms), so it lags by up to 5 s in both directions.
_ovs_controller_connected() {
    local br=$1 uuid target last log="$OVS_DIR/ovs-vswitchd.log"
    local mark=${_OVS_CTL_MARK[$br]:-1}
    for uuid in $(_ovs_controller_uuids "$br"); do
        target=$(_ovs_vsctl get controller "$uuid" target 2>/dev/null) || continue
        target=${target//\"/}
        if [ -r "$log" ]; then
            last=$(tail -n +"$mark" "$log" | grep -F "|rconn|" | grep -F "$br<->$target: " | tail -n 1) || true
            [[ $last == *": connected" ]] && return 0
        elif [ "$(_ovs_vsctl get controller "$uuid" is_connected 2>/dev/null)" = true ]; then
            return 0
        fi
    done
    return 1
}

# ovs_wait_connected BRIDGE [TIMEOUT]: wait until a controller of BRIDGE is
# connected (OpenFlow hello done), at most TIMEOUT seconds (default 10).
ovs_wait_connected() {
    if [ $# -lt 1 ] || [ $# -gt 2 ]; then _ovs_err "usage: ovs_wait_connected BRIDGE [TIMEOUT]"; return 2; fi
    _ovs_need_started || return 1
    if ! ovs_wait_for _ovs_controller_connected "$1" "${2:-10}"; then
        _ovs_err "bridge $1: no controller connected after ${2:-10} s (is it listening inside netns $OVS_SW_NS? see ovs_sw_exec/ovs_isolate)"
        return 1
    fi
}

# ---------------------------------------------------------------------------
# Ports, hosts, links, bonds.
# ---------------------------------------------------------------------------

# ovs_add_veth IF1 IF2: veth pair inside the switch namespace, both ends up,
# IPv6 off, TX checksum offload off, deterministic MACs not set (use
# ovs_link for bridge-to-bridge links with generated names and MACs).
ovs_add_veth() {
    if [ $# -ne 2 ]; then _ovs_err "usage: ovs_add_veth IF1 IF2"; return 2; fi
    _ovs_need_started || return 1
    _ovs_check_ifname "$1" && _ovs_check_ifname "$2" || return 1
    ip -n "$OVS_SW_NS" link add "$1" type veth peer name "$2" ||
        { _ovs_err "cannot create veth $1<->$2"; return 1; }
    _OVS_SW_IFACES+=("$1")
    _ovs_tx_off "$OVS_SW_NS" "$1"
    _ovs_tx_off "$OVS_SW_NS" "$2"
    ip -n "$OVS_SW_NS" link set "$1" up && ip -n "$OVS_SW_NS" link set "$2" up
}

# ovs_add_port BRIDGE IFACE OFPORT [COLUMN=VALUE...]: add an existing
# interface of the switch namespace to BRIDGE with ofport_request=OFPORT
# (extra COLUMN=VALUE apply to the Interface row); checks the ofport.
ovs_add_port() {
    if [ $# -lt 3 ]; then _ovs_err "usage: ovs_add_port BRIDGE IFACE OFPORT [COLUMN=VALUE...]"; return 2; fi
    _ovs_need_started || return 1
    local br=$1 ifc=$2 port=$3; shift 3
    if ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65279 ]; then
        _ovs_err "bad ofport '$port' (1..65279)"; return 1
    fi
    _ovs_vsctl add-port "$br" "$ifc" -- set interface "$ifc" ofport_request="$port" "$@" ||
        { _ovs_err "cannot add $ifc to $br"; return 1; }
    _ovs_check_ofport "$ifc" "$port"
}

_ovs_check_ofport() {
    local got
    got=$(_ovs_vsctl get interface "$1" ofport 2>/dev/null)
    if [ "$got" != "$2" ]; then
        _ovs_err "interface $1 got ofport '$got', wanted $2 (error: $(_ovs_vsctl get interface "$1" error 2>/dev/null))"
        return 1
    fi
}

# ovs_add_host BRIDGE HOST MAC IP/PLEN OFPORT
# Namespace "<TAG>HOST" with interface "HOST-eth0" (MAC, IP/PLEN, up, lo
# up, IPv6 disabled, TX checksum offload off), connected by a veth to port
# "BRIDGE-eth<OFPORT>" of BRIDGE with ofport_request=OFPORT.
ovs_add_host() {
    if [ $# -ne 5 ]; then _ovs_err "usage: ovs_add_host BRIDGE HOST MAC IP/PLEN OFPORT"; return 2; fi
    _ovs_need_started || return 1
    local br=$1 host=$2 mac=$3 ip=$4 port=$5
    local ns="${OVS_TAG}$host" hif="$host-eth0" sif="$br-eth$port"
    if ! [[ $host =~ ^[A-Za-z0-9_.-]+$ ]] || [ "$host" = sw ]; then
        _ovs_err "bad host name '$host'"; return 1
    fi
    [[ $mac =~ ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$ ]] || { _ovs_err "bad MAC '$mac'"; return 1; }
    [[ $ip == */* ]] || { _ovs_err "IP must be IP/PREFIXLEN, got '$ip'"; return 1; }
    _ovs_check_ifname "$hif" && _ovs_check_ifname "$sif" || return 1
    if _ovs_netns_exists "$ns"; then _ovs_err "host $host already exists"; return 1; fi

    _ovs_make_netns "$ns" || return 1
    # The host end is created directly in the host namespace, so it never
    # appears in the switch namespace and inherits disable_ipv6=1.
    ip -n "$OVS_SW_NS" link add "$sif" type veth peer name "$hif" netns "$ns" ||
        { _ovs_err "cannot create veth $sif<->$hif"; return 1; }
    ip -n "$OVS_SW_NS" link set "$sif" address "$(_ovs_sw_mac "$br" "$port")"
    ip netns exec "$ns" sysctl -q -w "net.ipv6.conf.$hif.disable_ipv6=1" >/dev/null 2>&1 || true
    ip -n "$ns" link set "$hif" address "$mac" ||
        { _ovs_err "cannot set MAC $mac on $hif"; return 1; }
    ip -n "$ns" addr add "$ip" dev "$hif" ||
        { _ovs_err "cannot set address $ip on $hif"; return 1; }
    _ovs_tx_off "$ns" "$hif"
    _ovs_tx_off "$OVS_SW_NS" "$sif"
    ip -n "$OVS_SW_NS" link set "$sif" up || return 1
    ovs_add_port "$br" "$sif" "$port" || return 1
    ip -n "$ns" link set "$hif" up || return 1
}

# ovs_add_hosts BRIDGE N
# The usual test topology: hosts h1..hN on ports 1..N of BRIDGE, host i
# with MAC 00:00:00:00:00:0i and address 10.0.0.i/24 (N at most 9).
ovs_add_hosts() {
    if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9]$ ]]; then _ovs_err "usage: ovs_add_hosts BRIDGE N (1-9)"; return 2; fi
    local i
    for ((i = 1; i <= $2; i++)); do
        ovs_add_host "$1" "h$i" "00:00:00:00:00:0$i" "10.0.0.$i/24" "$i" || return 1
    done
}

# ovs_del_host BRIDGE HOST OFPORT
# Undoes ovs_add_host: the port leaves BRIDGE, the veth pair is deleted (at
# once: deleting only the namespace frees its veth later, and an
# ovs_add_host right after would find "BRIDGE-eth<OFPORT>" still there), and
# the host's namespace goes.  Quiet about parts already gone.
ovs_del_host() {
    if [ $# -ne 3 ]; then _ovs_err "usage: ovs_del_host BRIDGE HOST OFPORT"; return 2; fi
    _ovs_need_started || return 1
    local sif="$1-eth$3" ns="${OVS_TAG}$2"
    _ovs_vsctl --if-exists del-port "$1" "$sif" >/dev/null 2>&1 || true
    ip -n "$OVS_SW_NS" link del "$sif" 2>/dev/null || true
    if _ovs_netns_exists "$ns"; then ip netns del "$ns" 2>/dev/null || true; fi
}

# ovs_link BRIDGE1 OFPORT1 BRIDGE2 OFPORT2: connect two bridges with a veth
# pair "BRIDGE1-eth<OFPORT1>" <-> "BRIDGE2-eth<OFPORT2>" (a real wire:
# unlike patch ports, link-local frames such as LACP and LLDP cross it like
# on a cable).
ovs_link() {
    if [ $# -ne 4 ]; then _ovs_err "usage: ovs_link BRIDGE1 OFPORT1 BRIDGE2 OFPORT2"; return 2; fi
    _ovs_need_started || return 1
    local a="$1-eth$2" b="$3-eth$4"
    ovs_add_veth "$a" "$b" || return 1
    ip -n "$OVS_SW_NS" link set "$a" address "$(_ovs_sw_mac "$1" "$2")"
    ip -n "$OVS_SW_NS" link set "$b" address "$(_ovs_sw_mac "$3" "$4")"
    ovs_add_port "$1" "$a" "$2" && ovs_add_port "$3" "$b" "$4"
}

# ovs_add_bond BRIDGE BOND LACP IFACE[:OFPORT]... [COLUMN=VALUE...]
# OVS bond port BOND on BRIDGE from existing interfaces of the switch
# namespace (create them with ovs_add_veth).  LACP is active, passive or off.
# Defaults: other_config:lacp-time=fast (1 s PDUs instead of 30 s) and
# bond_mode=active-backup (OVS default); override with COLUMN=VALUE args
# applied to the Port row, e.g. bond_mode=balance-tcp
# other_config:lacp-time=slow.  IFACE:OFPORT sets ofport_request.
ovs_add_bond() {
    if [ $# -lt 5 ]; then _ovs_err "usage: ovs_add_bond BRIDGE BOND active|passive|off IFACE[:OFPORT] IFACE[:OFPORT]... [COLUMN=VALUE...]"; return 2; fi
    _ovs_need_started || return 1
    local br=$1 bond=$2 lacp=$3; shift 3
    case $lacp in active|passive|off) ;; *) _ovs_err "LACP must be active, passive or off"; return 1;; esac
    local -a ifaces=() ports=() settings=() extra=()
    local a
    # Defaults unless given: explicit bond_mode (OVS logs a warning
    # otherwise) and fast LACP.
    [[ " $* " == *" bond_mode="* ]] || settings+=("bond_mode=active-backup")
    [[ " $* " == *" other_config:lacp-time="* ]] || settings+=("other_config:lacp-time=fast")
    for a in "$@"; do
        if [[ $a == *=* ]]; then
            settings+=("$a")
        elif [[ $a == *:* ]]; then
            ifaces+=("${a%%:*}"); ports+=("${a#*:}")
        else
            ifaces+=("$a"); ports+=("")
        fi
    done
    [ ${#ifaces[@]} -ge 2 ] || { _ovs_err "a bond needs at least 2 interfaces"; return 1; }
    local i
    for i in "${!ifaces[@]}"; do
        [ -n "${ports[i]}" ] && extra+=(-- set interface "${ifaces[i]}" ofport_request="${ports[i]}")
    done
    _ovs_vsctl add-bond "$br" "$bond" "${ifaces[@]}" lacp="$lacp" \
        -- set port "$bond" "${settings[@]}" "${extra[@]}" ||
        { _ovs_err "cannot create bond $bond on $br"; return 1; }
    for i in "${!ifaces[@]}"; do
        [ -n "${ports[i]}" ] && { _ovs_check_ofport "${ifaces[i]}" "${ports[i]}" || return 1; }
    done
    return 0
}

# ovs_bond_del_member BOND IFACE: take interface IFACE out of bond port BOND,
# as `ip link set IFACE nomaster` does with a Linux bond.  Its Interface row
# goes away; the veth stays up but belongs to no bridge, so nothing sends or
# answers LACPDUs on that link any more.  A bond left with one interface
# keeps its LACP settings.
ovs_bond_del_member() {
    if [ $# -ne 2 ]; then _ovs_err "usage: ovs_bond_del_member BOND IFACE"; return 2; fi
    _ovs_need_started || return 1
    local uuid
    uuid=$(_ovs_vsctl get interface "$2" _uuid) || { _ovs_err "no interface $2"; return 1; }
    _ovs_vsctl remove port "$1" interfaces "$uuid" ||
        { _ovs_err "cannot take $2 out of bond $1"; return 1; }
}

# ovs_bond_add_member BOND IFACE [OFPORT]: put an existing interface of the
# switch namespace (back) into bond port BOND, with ofport_request=OFPORT.
ovs_bond_add_member() {
    if [ $# -lt 2 ] || [ $# -gt 3 ]; then _ovs_err "usage: ovs_bond_add_member BOND IFACE [OFPORT]"; return 2; fi
    _ovs_need_started || return 1
    local -a cols=(name="$2")
    [ -n "${3:-}" ] && cols+=(ofport_request="$3")
    _ovs_vsctl -- --id=@i create interface "${cols[@]}" -- add port "$1" interfaces @i >/dev/null ||
        { _ovs_err "cannot put $2 into bond $1"; return 1; }
    if [ -n "${3:-}" ]; then _ovs_check_ofport "$2" "$3" || return 1; fi
}

# ovs_bond_active_member BOND: print the name of the member that carries the
# traffic of an active-backup bond (nothing if none).
ovs_bond_active_member() {
    if [ $# -ne 1 ]; then _ovs_err "usage: ovs_bond_active_member BOND"; return 2; fi
    _ovs_need_started || return 1
    ovs-appctl bond/show "$1" 2>/dev/null | awk '
        /^(member|slave) / { name = $2; sub(/:$/, "", name) }
        /^ *active (member|slave)$/ { print name; exit }'
}

# ---------------------------------------------------------------------------
# OpenFlow helpers.
# ---------------------------------------------------------------------------

# Print "-O <protocols of BRIDGE>" (nothing if unset).
_ovs_bridge_protos() {
    local p
    p=$(_ovs_vsctl get bridge "$1" protocols 2>/dev/null) || return 0
    p=${p//[\[\]\" ]/}
    [ -n "$p" ] && echo "$p"
}

# ovs_ofctl [OPTIONS] COMMAND BRIDGE [ARGS...]: ovs-ofctl, adding
# "-O <the bridge's protocols>" unless -O/--protocols is given (a bridge
# without OpenFlow10 refuses ovs-ofctl's default OpenFlow 1.0).
ovs_ofctl() {
    local -a opts=()
    local have_o=0
    while [ $# -gt 0 ] && [[ $1 == -* ]]; do
        case $1 in -O|--protocols) have_o=1; opts+=("$1" "${2:-}"); shift; [ $# -gt 0 ] && shift; continue;;
                   -O*|--protocols=*) have_o=1;; esac
        opts+=("$1"); shift
    done
    if [ $# -lt 2 ]; then _ovs_err "usage: ovs_ofctl [OPTIONS] COMMAND BRIDGE [ARGS...]"; return 2; fi
    if [ $have_o = 0 ]; then
        local p
        p=$(_ovs_bridge_protos "$2")
        [ -n "$p" ] && opts+=(-O "$p")
    fi
    ovs-ofctl "${opts[@]}" "$@"
}

# Sort flow lines: table ascending, priority descending, then text.
# (ovs-ofctl omits priority=32768, the default.)
_ovs_sort_flows() {
    awk '{
        t = 0; p = 32768
        if (match($0, /table=[0-9]+/)) t = substr($0, RSTART + 6, RLENGTH - 6)
        if (match($0, /priority=[0-9]+/)) p = substr($0, RSTART + 9, RLENGTH - 9)
        printf "%d\t%d\t%s\n", t, p, $0
    }' | LC_ALL=C sort -t "$(printf '\t')" -k1,1n -k2,2nr -k3 | cut -f3-
}

# ovs_dump_flows BRIDGE [OVS-OFCTL OPTIONS/ARGS...]
# All flows of BRIDGE without the reply header and without the timing
# fields (duration, idle_age, hard_age), sorted (table, then priority high
# to low, then text).  n_packets/n_bytes are kept.  Extra args go to
# ovs-ofctl (e.g. -O OpenFlow13, or a flow filter like "table=0").
ovs_dump_flows() {
    if [ $# -lt 1 ]; then _ovs_err "usage: ovs_dump_flows BRIDGE [ARGS...]"; return 2; fi
    local br=$1 out; shift
    local -a opts=() args=()
    while [ $# -gt 0 ]; do
        case $1 in -O|--protocols) opts+=("$1" "${2:-}"); shift; [ $# -gt 0 ] && shift; continue;;
                   -*) opts+=("$1");; *) args+=("$1");; esac
        shift
    done
    out=$(ovs_ofctl "${opts[@]}" dump-flows "$br" "${args[@]}") || return 1
    # awk/sed, not grep: an empty flow table must not be an error under
    # the caller's "set -o pipefail".
    printf '%s\n' "$out" | awk 'NF && !/^(OFPST_FLOW|NXST_FLOW)/' |
        sed -E -e 's/ (duration|idle_age|hard_age)=[^,]*,//g' -e 's/^ +//' |
        _ovs_sort_flows
}

# ovs_dump_flows_nostats BRIDGE [ARGS...]: as ovs_dump_flows, and also
# without n_packets/n_bytes: stable output for comparing with a golden file.
ovs_dump_flows_nostats() {
    ovs_dump_flows "$@" | sed -E 's/ (n_packets|n_bytes)=[^,]*,//g' | _ovs_sort_flows
}

# ---------------------------------------------------------------------------
# Polling.
# ---------------------------------------------------------------------------

# ovs_wait_for CMD... TIMEOUT: run CMD every OVS_POLL_INTERVAL seconds
# (default 0.1) until it succeeds (return 0) or TIMEOUT seconds (may be
# fractional) have passed (return 1).  CMD is run as given, not eval'd; for
# pipelines pass a function or bash -c '...'.
#   ovs_wait_for ovs_netns_exec h1 ping -c1 -W1 10.0.0.2 10
ovs_wait_for() {
    if [ $# -lt 2 ]; then _ovs_err "usage: ovs_wait_for CMD... TIMEOUT"; return 2; fi
    local timeout=${!#} ms
    ms=$(_ovs_secs_to_ms "$timeout") || { _ovs_err "ovs_wait_for: bad timeout '$timeout'"; return 2; }
    local -a cmd=("${@:1:$#-1}")
    local deadline=$(( $(_ovs_now_ms) + ms ))
    while :; do
        "${cmd[@]}" && return 0
        [ "$(_ovs_now_ms)" -ge "$deadline" ] && return 1
        sleep "${OVS_POLL_INTERVAL:-0.1}"
    done
}
