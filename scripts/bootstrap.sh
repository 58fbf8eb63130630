#!/bin/sh
# Installs what sonde needs on Debian 12 (bookworm), only what is missing.
#
#   scripts/bootstrap.sh           build, test and fuzz dependencies
#   scripts/bootstrap.sh --bench   also what `make bench` compares against
#
# Idempotent and silent when everything is there. Runs apt-get update only
# when something must be installed. Needs root (or sudo) only then.
set -eu

# make, gcc, pkg-config: the build. libiberty-dev: cplus_demangle, C++ and Rust
# names in stacks, usym(), func, -l and uprobe:BIN:cpp:NAME. g++: the C++ test
# program. libbpf-dev: loading programs, maps, ring
# buffers. libelf-dev: libbpf needs it, and symbols for uprobes. zlib1g-dev:
# libbpf's dependency (compressed BTF). libdw-dev: uprobe args.NAME from DWARF.
# liblzma-dev: symbols from
# MiniDebugInfo (.gnu_debugdata, xz-compressed) for ustack and usym.
# clang: `make fuzz` (libFuzzer) only.
# systemtap-sdt-dev: <sys/sdt.h> for the USDT test program. procps: ps(1),
# which the end-to-end test runner uses. chromium: the flame graph browser test.
# libssl3: the TLS workload of the sslsnoop test (loaded with dlopen, no headers).
packages="make gcc g++ pkg-config libiberty-dev libbpf-dev libelf-dev libdw-dev zlib1g-dev liblzma-dev clang systemtap-sdt-dev procps chromium libssl3"
# The benchmark runs bpftrace next to sonde and reads program statistics with
# bpftool (JSON, read with jq); hyperfine times start-up, /usr/bin/time
# (package time) measures peak memory.
bench_packages="bpftrace bpftool hyperfine time jq"

case "${1:-}" in
--bench) packages="$packages $bench_packages" ;;
"") ;;
*) echo "usage: $0 [--bench]" >&2; exit 2 ;;
esac

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: run as root: apt-get install$missing" >&2
	exit 1
fi

echo "bootstrap: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "bootstrap: done"
