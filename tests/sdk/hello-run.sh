# tests/sdk/hello-run.sh: what tests/sdk/oot.sh (an installed tree) and
# tests/deb.sh (the unpacked Debian packages) both check of an SDK and a
# daemon.  Sourced; the caller defines fail(), $srcdir and $pid (which its
# cleanup kills), and exports PKG_CONFIG_PATH (and the sysroot) so that
# pkg-config names the SDK under test.
#
# hello_run SBINDIR BINDIR PLUGINDIR DIR: builds tests/sdk/hello.c as a
# plugin author does (the source before the libraries, so that it links
# under --as-needed) into DIR/hello.so, runs SBINDIR/ofmanager with it and
# PLUGINDIR's switch.so while BINDIR/ofbench's two fake OpenFlow 1.0
# switches connect, and checks that both reached MAIN and that hello.so
# decoded every packet-in.  Sets $seen, the packet-ins hello.so saw.
hello_run() {
    local sbindir=$1 bindir=$2 plugindir=$3 dir=$4

    cc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC \
        -Wl,--as-needed \
        $(pkg-config --cflags ofmanager) "$srcdir/tests/sdk/hello.c" \
        -o "$dir/hello.so" $(pkg-config --libs ofmanager) \
        || fail "hello.c does not build against the SDK"

    local port=$((20000 + RANDOM % 20000))
    "$sbindir/ofmanager" --verbose --plugin-path "$plugindir" \
        --ofp-tcp-listen-port "$port" "$dir/hello.so" switch.so \
        >"$dir/ofmanager.log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do
        grep -q "instantiating app" "$dir/ofmanager.log" && break
        sleep 0.1
    done
    "$bindir/ofbench" -c 127.0.0.1 -p "$port" -s 2 -l 2 -m 300 -w 0 \
        >"$dir/ofbench.log" 2>&1 || fail "ofbench: $(tail -n 3 "$dir/ofbench.log")"
    kill -TERM "$pid"
    wait "$pid" || fail "ofmanager exited with status $?"
    pid=

    local ready bad
    ready=$(grep -c "datapath .* is ready: OpenFlow version 0x01" \
            "$dir/ofmanager.log" || true)
    [ "$ready" = 2 ] || fail "expected 2 datapaths ready, saw $ready"
    seen=$(sed -n 's/.*saw \([0-9]*\) packet-ins.*/\1/p' "$dir/ofmanager.log")
    [ -n "$seen" ] && [ "$seen" -gt 0 ] || fail "hello.so saw no packet-ins"
    # Each was decoded: the message, then its frame with the packet library.
    bad=$(sed -n 's/.*saw [0-9]* packet-ins: .*, \([0-9]*\) malformed.*/\1/p' \
          "$dir/ofmanager.log")
    [ "$bad" = 0 ] || fail "hello.so could not decode $bad packet-ins"
    grep -q "^RESULT: 2 switches" "$dir/ofbench.log" || fail "no ofbench RESULT"
}
