#!/bin/sh
# Puts bpftrace's tool scripts (Debian's bpftrace package, /usr/sbin/*.bt)
# into DIR, for the e2e cases that run them unmodified (tests/e2e/cases/tool_*).
#
#   scripts/bpftrace-tools.sh DIR
#
# They are test data only: the package is downloaded and unpacked, never
# installed, so no bpftrace (nor its LLVM) is needed to run the tests. Where
# the package cannot be downloaded, an installed bpftrace's copies serve.
# Does nothing when DIR already holds them.
set -eu
dir=$1
[ -f "$dir/biolatency.bt" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {
	(cd "$tmp" && apt-get download -qq bpftrace >/dev/null 2>&1)
}
if fetch || { apt-get update -qq >/dev/null 2>&1 && fetch; }; then
	dpkg-deb -x "$tmp"/bpftrace_*.deb "$tmp/x"
	src="$tmp/x/usr/sbin"
elif [ -f /usr/sbin/biolatency.bt ]; then
	src=/usr/sbin
else
	echo "bpftrace-tools: cannot download Debian's bpftrace package for its tool scripts" >&2
	echo "bpftrace-tools: run 'apt-get update' as root, or install bpftrace" >&2
	exit 1
fi
mkdir -p "$dir"
cp "$src"/*.bt "$dir"/
echo "bpftrace-tools: $(ls "$dir" | wc -l) scripts in $dir"
