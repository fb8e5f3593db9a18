#!/bin/bash
# The command line and the YAML file, through the real ofmanager binary:
# bad options and files fail with one clear line and exit status 2; a
# plugin that cannot load is reported and the others keep serving; SIGTERM
# stops cleanly.
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
expect 0 '' "--version exits 0" -- "$ofm" --version
grep -Eq '^ofmanager [0-9]+\.[0-9]+\.[0-9]+ \(plugin ABI [0-9]+\.[0-9]+\)$' "$tmp/out" \
    && pass "--version prints the version" || fail "--version output: $(cat "$tmp/out")"

expect 2 "unknown option '--bogus'" "unknown option" -- "$ofm" --bogus
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
expect 2 "badport.yaml:1:22: 'http' is not an integer" "bad value in YAML" -- \
    "$ofm" --config-file "$tmp/badport.yaml"
expect 2 "nonexistent.yaml: No such file or directory" "missing config file" -- \
    "$ofm" --config-file "$tmp/nonexistent.yaml"

# Only broken apps: nothing to serve.
expect 1 "no app could be started" "no app loads" -- "$ofm" no_such_app

# A broken app beside a good one: reported, and the good one serves.
port=$(free_port)
"$ofm" --ofp-tcp-listen-port "$port" --pid-file "$tmp/pid" switch no_such_app \
    >"$tmp/run.out" 2>"$tmp/run.err" &
pids+=($!)
if wait_for "$tmp/run.err" "running without 1 app" && [ -s "$tmp/pid" ]; then
    pass "a plugin that cannot load is left out"
else
    fail "a plugin that cannot load is left out: $(cat "$tmp/run.err")"
fi
grep -q "plugin no_such_app.so not found in the plugin path" "$tmp/run.err" \
    && pass "the missing plugin is named" || fail "the missing plugin is named"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    pass "still listening on $port"
else
    fail "still listening on $port"
fi
kill -TERM "${pids[-1]}"
wait "${pids[-1]}"
status=$?
[ "$status" = 0 ] && pass "SIGTERM exits 0" || fail "SIGTERM exit status $status"
[ ! -e "$tmp/pid" ] && pass "pid file removed" || fail "pid file removed"

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
