#!/bin/bash
# The command line and the YAML file, through the real ofmanager binary:
# bad options and files fail with one clear line and exit status 2; options
# go anywhere among the apps; an app that cannot start stops the start with
# nothing listening; SIGTERM and SIGINT stop cleanly, SIGHUP reopens the
# log file; every example in conf/ runs alone.
set -u
top=${abs_top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
ofm=$top/manager/ofmanager
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
fails=0 passes=0

pass() { passes=$((passes + 1)); echo "ok - $1"; }
fail() { fails=$((fails + 1)); echo "FAIL - $1"; }

# expect STATUS PATTERN DESCRIPTION -- COMMAND...: runs COMMAND, checks the
# exit status and that stderr is one line matching PATTERN.
expect() {
    local status=$1 pattern=$2 what=$3
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" != "$status" ]; then
        fail "$what: exit $got, wanted $status ($(head -c 300 "$tmp/err"))"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$tmp/err"; then
        fail "$what: stderr '$(cat "$tmp/err")' does not match '$pattern'"
    elif [ "$status" = 2 ] && [ "$(wc -l < "$tmp/err")" != 1 ]; then
        fail "$what: error takes $(wc -l < "$tmp/err") lines, wanted 1"
    else
        pass "$what"
    fi
}

# A port nobody listens on, different for parallel runs.
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo 0
}

# wait_for FILE PATTERN: waits up to 10 s for PATTERN in FILE.
wait_for() {
    for _ in $(seq 100); do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

expect 0 '' "--help exits 0" -- "$ofm" --help
grep -q -- "--ofp-tcp-listen-port" "$tmp/out" && pass "--help lists options" || fail "--help lists options"
expect 0 '' "-h exits 0" -- "$ofm" -h
grep -q -- "--ofp-tcp-listen-port" "$tmp/out" && pass "-h lists options" || fail "-h lists options"
expect 0 '' "--version exits 0" -- "$ofm" --version
printf 'ofmanager %s\nplugin ABI %s\nOpenFlow 1.0, 1.2, 1.3, 1.4, 1.5\n' \
    "$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top/config.h")" \
    "$(sed -n 's/^#define OFM_ABI_MAJOR //p' "${abs_top_srcdir:-$top/..}/sdk/include/ofm/plugin.h").$(sed -n 's/^#define OFM_ABI_MINOR //p' "${abs_top_srcdir:-$top/..}/sdk/include/ofm/plugin.h")" \
    > "$tmp/version.want"
cmp -s "$tmp/out" "$tmp/version.want" && pass "--version: version, plugin ABI, OpenFlow versions" \
    || fail "--version output: '$(cat "$tmp/out")', wanted '$(cat "$tmp/version.want")'"

expect 2 "unknown option '--bogus'" "unknown option" -- "$ofm" --bogus
expect 2 "unknown option '--bogus'" "unknown option after an app" -- "$ofm" switch --bogus
expect 2 "unknown option '-x'" "unknown short option" -- "$ofm" -x
expect 2 "option '--log-file' needs a value" "missing value" -- "$ofm" --log-file
expect 2 "--ofp-tcp-listen-port: 'abc' is not an integer from 1 to 65535" "bad port" -- \
    "$ofm" --ofp-tcp-listen-port abc
expect 2 "--ofp-tcp-listen-port: '70000'" "port out of range" -- \
    "$ofm" --ofp-tcp-listen-port 70000
expect 2 "--default-log-level: 'loud'" "bad log level" -- "$ofm" --default-log-level loud
expect 2 "--echo-request-interval: '-1'" "bad interval" -- "$ofm" --echo-request-interval -1

printf 'apps: [switch\nverbose: true\n' > "$tmp/syntax.yaml"
expect 2 "syntax.yaml:[0-9]+:[0-9]+: " "YAML syntax error names file, line, column" -- \
    "$ofm" --config-file "$tmp/syntax.yaml"
printf 'apps: [switch]\nbogus: 1\n' > "$tmp/unknown.yaml"
expect 2 "unknown.yaml:2:1: unknown top-level key 'bogus'" "unknown top-level key" -- \
    "$ofm" --config-file "$tmp/unknown.yaml"
printf 'ofp-tcp-listen-port: http\n' > "$tmp/badport.yaml"
expect 2 "badport.yaml:1:22: ofp-tcp-listen-port: 'http' is not an integer from 1 to 65535" "bad value in YAML" -- \
    "$ofm" --config-file "$tmp/badport.yaml"
expect 2 "nonexistent.yaml: No such file or directory" "missing config file" -- \
    "$ofm" --config-file "$tmp/nonexistent.yaml"

# port_open PORT: true if something accepts TCP connections on PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# An app that cannot start stops the start: one message naming the app and
# why, exit 1, nothing listening, no pid file.  Whether named on the command
# line, in --app-lists or in apps:, beside a good app or alone.
# refused WHAT PATTERN ARGS...: runs ofmanager with ARGS and checks that.
refused() {
    local what=$1 pattern=$2 port
    shift 2
    port=$(free_port)
    rm -f "$tmp/pid"
    "$ofm" --ofp-tcp-listen-port "$port" --pid-file "$tmp/pid" "$@" \
        >"$tmp/r.out" 2>"$tmp/r.err" &
    local pid=$!
    pids+=($pid)
    local open=no
    for _ in $(seq 20); do
        kill -0 "$pid" 2>/dev/null || break
        port_open "$port" && open=yes && break
        sleep 0.1
    done
    # Bounded: a manager that kept running is killed and counted as a failure.
    local status
    if kill -0 "$pid" 2>/dev/null; then
        sleep 1
        kill -0 "$pid" 2>/dev/null && port_open "$port" && open=yes
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid"
    status=$?
    if [ "$status" != 1 ]; then
        fail "$what: exit $status, wanted 1 ($(head -c 300 "$tmp/r.err"))"
    elif [ "$open" = yes ]; then
        fail "$what: port $port was open"
    elif [ -e "$tmp/pid" ]; then
        fail "$what: pid file left behind"
    elif [ "$(wc -l < "$tmp/r.err")" != 1 ]; then
        fail "$what: $(wc -l < "$tmp/r.err") lines, wanted 1: $(cat "$tmp/r.err")"
    elif ! grep -Eq -- "$pattern" "$tmp/r.err"; then
        fail "$what: '$(cat "$tmp/r.err")' does not match '$pattern'"
    else
        pass "$what"
    fi
}
nf="plugin no_such_app.so not found in the plugin path"
refused "a missing app alone" "^app no_such_app: $nf" no_such_app
refused "a missing app beside a good one" "^app no_such_app: $nf" switch no_such_app
refused "a missing app first" "^app no_such_app: $nf" no_such_app switch
refused "a missing app in --app-lists" "^app no_such_app: $nf" --app-lists switch,no_such_app
printf 'apps: [switch, no_such_app]\n' > "$tmp/missing.yaml"
refused "a missing app in apps:" "^app no_such_app: $nf" --config-file "$tmp/missing.yaml"
refused "an app whose init fails" \
    "^plugin fail_init \(.*fail_init.so\) failed to start: deliberate failure for the test$" \
    switch fail_init
refused "an app whose context provider fails" \
    "^plugin failing_ctx \(.*failing_ctx.so\) failed to start: deliberate failure" \
    switch user_of_failing
refused "an app whose context has no provider" \
    "^plugin needs_missing \(.*\) refused: it requires context 'no_such_context', which no plugin provides" \
    needs_missing switch
refused "a context cycle, in one message naming it" \
    "^plugin cyc1 \(.*\) refused: context dependency cycle: cyc1 -> cyc2 -> cyc1$" \
    switch c1
refused "a file that is not a plugin" "^app $tmp/missing.yaml: plugin $tmp/missing.yaml: cannot load" \
    switch "$tmp/missing.yaml"

# The refusal also reaches stderr when the log does not go there.
refused "with --nouse-stderr the reason still reaches stderr" "^ofmanager: app no_such_app: $nf" \
    --nouse-stderr switch no_such_app

# start NAME ARGS...: starts ofmanager in the background on a free port of
# its own with a pid file; waits until it listens.  Sets $port and $mpid.
start() {
    local name=$1
    shift
    port=$(free_port)
    rm -f "$tmp/$name.pid"
    "$ofm" --ofp-tcp-listen-port "$port" --pid-file "$tmp/$name.pid" "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err" &
    mpid=$!
    pids+=($mpid)
    for _ in $(seq 100); do
        [ -s "$tmp/$name.pid" ] && port_open "$port" && return 0
        kill -0 "$mpid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# stop NAME SIGNAL: sends SIGNAL, checks exit 0 and the pid file gone.
stop() {
    local name=$1 sig=$2
    kill "-$sig" "$mpid"
    wait "$mpid"
    local status=$?
    [ "$status" = 0 ] && pass "$name: SIG$sig exits 0" \
        || fail "$name: SIG$sig exit status $status ($(tail -3 "$tmp/$name.err"))"
    [ ! -e "$tmp/$name.pid" ] && pass "$name: SIG$sig removes the pid file" \
        || fail "$name: SIG$sig left the pid file"
}

# Options anywhere, as ryu-manager takes them.
if start after "switch" --verbose; then
    grep -q "BRICK switch" "$tmp/after.err" && pass "an option after the app is taken as one" \
        || fail "--verbose after the app ignored: $(cat "$tmp/after.err")"
    stop after TERM
else
    fail "switch --verbose does not start: $(cat "$tmp/after.err")"
fi
if start mixed --default-log-level 30 switch --verbose --noverbose; then
    ! grep -q "BRICK" "$tmp/mixed.err" && pass "--noverbose undoes --verbose" \
        || fail "--noverbose ignored"
    stop mixed INT
else
    fail "mixed options do not start: $(cat "$tmp/mixed.err")"
fi
# After "--" every argument is an app, even one that looks like an option.
refused "after -- an argument is an app" "^app --verbose: plugin --verbose.so not found" \
    switch -- --verbose

# A negation overrides the YAML file.
printf 'apps: [switch]\nverbose: true\n' > "$tmp/verbose.yaml"
if start noverbose --config-file "$tmp/verbose.yaml" --noverbose; then
    ! grep -q "BRICK" "$tmp/noverbose.err" && pass "--noverbose overrides verbose: true in YAML" \
        || fail "--noverbose did not override YAML"
    stop noverbose TERM
else
    fail "--noverbose with YAML does not start: $(cat "$tmp/noverbose.err")"
fi

# --log-file: lines go to the file and, unless --nouse-stderr, to stderr
# (Ryu's use_stderr is on by default).  SIGHUP reopens the file (logrotate:
# rename, then HUP), and does not stop the manager.
if start logged --log-file "$tmp/log" --nouse-stderr switch; then
    [ ! -s "$tmp/logged.err" ] && pass "--nouse-stderr: nothing on stderr" \
        || fail "--nouse-stderr: stderr has $(cat "$tmp/logged.err")"
    mv "$tmp/log" "$tmp/log.1"
    kill -HUP "$mpid"
    if wait_for "$tmp/log" "reopened log file $tmp/log"; then
        pass "SIGHUP reopens the log file"
    else
        fail "SIGHUP: no new log file with the reopen line"
    fi
    kill -0 "$mpid" 2>/dev/null && port_open "$port" && pass "SIGHUP does not stop the manager" \
        || fail "SIGHUP stopped the manager"
    [ -s "$tmp/logged.pid" ] && pass "SIGHUP keeps the pid file" || fail "SIGHUP removed the pid file"
    grep -q "ofmanager: received SIGHUP: reopened log file" "$tmp/log" \
        && pass "the reopen line carries the module name" || fail "reopen line: $(cat "$tmp/log")"
    ! grep -q "reopened" "$tmp/log.1" && grep -q "INFO" "$tmp/log.1" \
        && pass "the old file keeps the lines before SIGHUP" || fail "old log: $(cat "$tmp/log.1")"
    stop logged TERM
    grep -q "received signal 15, shutting down" "$tmp/log" \
        && pass "lines after SIGHUP go to the new file" || fail "new log: $(cat "$tmp/log")"
else
    fail "--log-file --nouse-stderr does not start: $(cat "$tmp/logged.err")"
fi
if start both --log-file "$tmp/both.log" switch; then
    stop both TERM
    grep -q "received signal 15" "$tmp/both.err" && grep -q "INFO ofmanager: received signal 15" "$tmp/both.log" \
        && pass "--log-file also logs to stderr by default" || fail "--log-file without --nouse-stderr"
else
    fail "--log-file does not start: $(cat "$tmp/both.err")"
fi
# Without a log file, SIGHUP is harmless too.
if start nolog switch; then
    kill -HUP "$mpid"
    wait_for "$tmp/nolog.err" "no log file to reopen" && kill -0 "$mpid" 2>/dev/null \
        && pass "SIGHUP without --log-file keeps running" || fail "SIGHUP without --log-file"
    stop nolog TERM
else
    fail "switch does not start: $(cat "$tmp/nolog.err")"
fi

# --verbose from the build tree finds the fresh plugin and prints Ryu's lines.
port=$(free_port)
printf 'apps: [switch]\nofp-tcp-listen-port: %s\nverbose: true\n' "$port" > "$tmp/ok.yaml"
"$ofm" --config-file "$tmp/ok.yaml" >"$tmp/v.out" 2>"$tmp/v.err" &
pids+=($!)
wait_for "$tmp/v.err" "BRICK ofp_event" || true
kill -TERM "${pids[-1]}"
wait "${pids[-1]}"
for line in "loading app $top/plugins/.libs/switch.so" "instantiating app" \
            "BRICK switch" "  CONSUMES EventOFPPacketIn" "  CONSUMES EventOFPSwitchFeatures" \
            "  PROVIDES EventOFPSwitchFeatures TO {'switch': set(['config'])}" \
            "  PROVIDES EventOFPPacketIn TO {'switch': set(['main'])}"; do
    grep -qF -- "$line" "$tmp/v.err" && pass "verbose: '$line'" \
        || fail "verbose: '$line' missing from: $(cat "$tmp/v.err")"
done

# YAML booleans are booleans: true/false, yes/no, on/off; anything else
# names the file, line, column and key.
for v in 1 0 maybe '"true "'; do
    printf 'apps: [switch]\nverbose: %s\n' "$v" > "$tmp/bool.yaml"
    expect 2 "bool.yaml:2:10: verbose: '.*' is not a boolean \(true or false, yes or no, on or off\)" \
        "verbose: $v is refused" -- "$ofm" --config-file "$tmp/bool.yaml"
done
printf 'apps: [switch]\nuse-syslog: [yes]\n' > "$tmp/bool.yaml"
expect 2 "bool.yaml:2:13: use-syslog: expected a boolean" "use-syslog: a list is refused" -- \
    "$ofm" --config-file "$tmp/bool.yaml"
printf 'apps: [switch]\nofp-tcp-listen-port: 010\n' > "$tmp/octal.yaml"
expect 2 "octal.yaml:2:22: ofp-tcp-listen-port: '010' is not an integer from 1 to 65535" \
    "a port with a leading zero is refused" -- "$ofm" --config-file "$tmp/octal.yaml"
printf 'apps:\n' > "$tmp/noapps.yaml"
expect 2 "noapps.yaml:1:6: apps: expected a list of names" "an empty apps: is refused" -- \
    "$ofm" --config-file "$tmp/noapps.yaml"
printf 'apps: [switch]\nlog-file: ""\n' > "$tmp/nolog.yaml"
expect 2 "nolog.yaml:2:11: log-file: expected a non-empty string" "an empty log-file is refused" -- \
    "$ofm" --config-file "$tmp/nolog.yaml"
for v in yes on TRUE; do
    printf 'apps: [switch]\nverbose: %s\n' "$v" > "$tmp/bool.yaml"
    if start yamlbool --config-file "$tmp/bool.yaml"; then
        grep -q "BRICK switch" "$tmp/yamlbool.err" && pass "verbose: $v is true" \
            || fail "verbose: $v not taken as true"
        stop yamlbool TERM
    else
        fail "verbose: $v does not start: $(cat "$tmp/yamlbool.err")"
    fi
done

# ofm_option(): the YAML file and the command line give wsapi-host and
# wsapi-port to plugins, the command line winning (the test plugin 'good'
# logs what it gets in init).
printf 'apps: [good]\nwsapi-host: 127.0.0.2\nwsapi-port: 8081\n' > "$tmp/wsapi.yaml"
if start opt_yaml --config-file "$tmp/wsapi.yaml"; then
    grep -qx "options: wsapi-host=127.0.0.2 wsapi-port=8081 unknown=(none)" "$tmp/opt_yaml.err" \
        && pass "ofm_option() reads the YAML file" || fail "ofm_option() from YAML: $(cat "$tmp/opt_yaml.err")"
    stop opt_yaml TERM
else
    fail "good with wsapi YAML does not start: $(cat "$tmp/opt_yaml.err")"
fi
if start opt_cli --config-file "$tmp/wsapi.yaml" --wsapi-port 9090; then
    grep -qx "options: wsapi-host=127.0.0.2 wsapi-port=9090 unknown=(none)" "$tmp/opt_cli.err" \
        && pass "ofm_option(): the command line wins over YAML" || fail "ofm_option() precedence: $(cat "$tmp/opt_cli.err")"
    stop opt_cli TERM
else
    fail "good with --wsapi-port does not start: $(cat "$tmp/opt_cli.err")"
fi
if start opt_none good; then
    grep -qx "options: wsapi-host=(none) wsapi-port=(none) unknown=(none)" "$tmp/opt_none.err" \
        && pass "ofm_option() is NULL when nothing sets it" || fail "ofm_option() unset: $(cat "$tmp/opt_none.err")"
    stop opt_none TERM
else
    fail "good does not start: $(cat "$tmp/opt_none.err")"
fi

# Every example in conf/ runs alone, as its header says, on a port of its
# own: starts, listens, stops with 0.
for conf in "${abs_top_srcdir:-$top/..}"/conf/*.yaml; do
    name=$(basename "$conf" .yaml)
    if [ "$name" = tls ]; then
        # Its certificates, from a CA made here, and a free TLS port.
        . "${abs_top_srcdir:-$top/..}/tests/ovs/tls-certs.sh"
        make_test_pki "$tmp/pki" || fail "openssl could not make the test PKI"
        sed -e "s|/etc/ofmanager/pki/|$tmp/pki/|" \
            -e "s|^ofp-ssl-listen-port: .*|ofp-ssl-listen-port: $(free_port)|" \
            "$conf" >"$tmp/tls.yaml"
        conf=$tmp/tls.yaml
    fi
    if start "conf_$name" --config-file "$conf"; then
        pass "conf/$name.yaml starts and listens"
        stop "conf_$name" TERM
    else
        fail "conf/$name.yaml: $(cat "$tmp/conf_$name.err")"
        kill "$mpid" 2>/dev/null
    fi
done

# --use-syslog: each line through syslog(3), ident ofmanager with the pid,
# facility daemon, the plugin's name in the line, the level as priority.
# syslog(3) writes to /dev/log: a private mount namespace puts a receiver
# there, so the host's /dev is left alone (needs root, as the OVS tests).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
    mkdir -p "$tmp/sl/dev"
    cat > "$tmp/sl/recv.py" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
s.settimeout(5)
out = open(sys.argv[1], "w", buffering=1)
open(sys.argv[2], "w").close()
try:
    while True:
        out.write(s.recv(4096).decode(errors="replace") + "\n")
except socket.timeout:
    pass
PYEOF
    port=$(free_port)
    SL=$tmp/sl OFM=$ofm PORT=$port timeout 30 unshare -m sh -c '
        mount --make-rprivate / && touch "$SL/dev/null" &&
        mount --bind /dev/null "$SL/dev/null" && mount --rbind "$SL/dev" /dev || exit 9
        /usr/bin/python3 "$SL/recv.py" "$SL/got" "$SL/ready" & r=$!
        for _ in $(seq 50); do [ -e "$SL/ready" ] && break; sleep 0.1; done
        "$OFM" --use-syslog --nouse-stderr --verbose --ofp-tcp-listen-port "$PORT" good \
            2>"$SL/err" & p=$!
        sleep 1; kill -TERM $p; wait $p; echo $? > "$SL/status"; kill $r 2>/dev/null; wait $r
        exit 0' >/dev/null 2>&1
    got=$tmp/sl/got
    [ "$(cat "$tmp/sl/status" 2>/dev/null)" = 0 ] && pass "--use-syslog runs and stops with 0" \
        || fail "--use-syslog: status $(cat "$tmp/sl/status" 2>/dev/null)"
    grep -Eq '^<30>.* ofmanager\[[0-9]+\]: good: options: wsapi-host=\(none\)' "$got" \
        && pass "syslog: facility daemon, info, ident with pid, the plugin's name" \
        || fail "syslog info line from the plugin: $(head -5 "$got" 2>/dev/null)"
    grep -Eq '^<31>.* ofmanager\[[0-9]+\]: ofmanager: BRICK good' "$got" \
        && pass "syslog: debug lines at priority debug" || fail "syslog debug line: $(head -5 "$got" 2>/dev/null)"
    [ ! -s "$tmp/sl/err" ] && pass "--use-syslog --nouse-stderr: stderr quiet" \
        || fail "stderr not quiet: $(cat "$tmp/sl/err")"
else
    echo "# --use-syslog checks need root (a private mount namespace for /dev/log)"
fi

# A port in use is a clear error.
port=$(free_port)
"$ofm" --ofp-tcp-listen-port "$port" switch >"$tmp/a.out" 2>"$tmp/a.err" &
pids+=($!)
sleep 0.5
expect 1 "cannot listen on 0.0.0.0:$port: Address already in use" "port in use" -- \
    "$ofm" --ofp-tcp-listen-port "$port" switch
kill -TERM "${pids[-1]}"
wait "${pids[-1]}"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
