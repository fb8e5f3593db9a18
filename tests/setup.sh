#!/bin/bash
# Prepares a fresh Debian 12 machine: installs what ofmanager needs to
# build, test and demo, then builds it in place.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
    # Build.
    build-essential autoconf automake libtool pkg-config
    libev-dev libyaml-dev libjansson-dev libcunit1-dev libpcap-dev libmicrohttpd-dev
    libssl-dev openssl
    # Fuzzing and sanitizers.
    clang libclang-rt-14-dev
    # The real switch and the hosts around it.
    openvswitch-switch openvswitch-testcontroller iproute2 iputils-ping
    arping ethtool procps
    # Independent checks of the packet library.
    tshark python3-os-ken python3-scapy
    # HTTP clients of the REST tests and benchmark, JSON checks of the OVS tests.
    curl jq wrk
    # The Prometheus text format parser of the metrics test.
    python3-prometheus-client
)

if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: run as root (it installs packages and, for tests, makes network namespaces)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q
    # tshark asks whether non-root users may capture: answer no.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Build out of the source tree, in build/ (the sanitizer build of
# tests/check.sh goes to build-san/ beside it).
mkdir -p m4
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || ../configure
make -j"$(nproc)"
