#!/bin/bash
# run.sh: sonde's kernel probes on a second kernel. This machine's kernel has
# no kprobes and refuses fentry; Debian 12's 6.1 kernel has both, and BTF. It
# boots under qemu (software emulation: about 6 s) with this machine's root
# shared read-only, so the sonde just built runs there unchanged. One boot
# runs every case in tests/kernels/cases/ (guest.sh); the results come back
# through a shared folder and are checked here.
#
#   tests/kernels/run.sh [-v] [CASE...]
#
# -v prints every case's output. CASE names select cases (file names without
# .sh). Environment: BUILD (default build; the workloads are $BUILD/progs/*),
# SONDE (default $BUILD/sonde), SONDE_KERNELS_ACCEL (qemu's -accel: kvm when
# /dev/kvm is writable, else tcg), SONDE_KERNELS (the cache of the kernel and
# initramfs, default /var/tmp/sonde-kernels; prepared on first use: about
# 75 MB downloaded). Prints one line per case and "N passed, N failed";
# exits non-zero if anything failed.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SONDE=${SONDE:-$BUILD/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
CACHE=${SONDE_KERNELS:-/var/tmp/sonde-kernels}
# another folder of cases (debugging)
CASEDIR=${SONDE_KERNELS_CASES:-$ROOT/tests/kernels/cases}
BOOT_TIMEOUT=${SONDE_KERNELS_TIMEOUT:-900}

VERBOSE=0
if [ "${1:-}" = -v ]; then
	VERBOSE=1
	shift
fi
CASES="$*"

. "$ROOT/tests/kernels/lib.sh"

ncases=0
for f in "$CASEDIR"/*.sh; do
	name=$(basename "$f" .sh)
	if [ -z "$CASES" ] || printf '%s\n' $CASES | grep -qxF "$name"; then
		ncases=$((ncases + 1))
	fi
done

# The suite could not run: every case counts as failed.
abort() {
	echo "kernels: cannot run: $*"
	echo "0 passed, $ncases failed"
	exit 1
}

[ -x "$SONDE" ] || abort "$SONDE is not built (run make)"
[ -x "$BUILD/progs/syscalls" ] || abort "$BUILD/progs/syscalls is not built (run make check's workloads)"
t0=$SECONDS
"$ROOT/tests/kernels/prepare.sh" "$CACHE" >"$CACHE.prepare.log" 2>&1 ||
	abort "preparing the kernel failed: $(tail -n 3 "$CACHE.prepare.log")"
t_prepare=$((SECONDS - t0))

# /var/tmp, not /tmp: the folder must be a real directory of the shared root.
OUT=$(mktemp -d /var/tmp/sonde-kernels-run.XXXXXX) || abort "mktemp failed"
trap 'rm -rf "$OUT"' EXIT
{
	printf 'ROOT=%q\n' "$ROOT"
	printf 'SONDE=%q\n' "$SONDE"
	printf 'PROGS=%q\n' "$BUILD/progs"
	printf 'CASES=%q\n' "$CASES"
	printf 'CASEDIR=%q\n' "$CASEDIR"
} >"$OUT/env"

# boot ACCEL LIMIT: runs the guest, its console into $OUT/console.raw.
boot() {
	timeout -k 5 "$2" qemu-system-x86_64 -m 1G -smp 2 -accel "$1" -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$CACHE/vmlinuz" -initrd "$CACHE/initramfs-sonde.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 test=$ROOT/tests/kernels/guest.sh out=$OUT" \
		-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$OUT",mount_tag=out,security_model=none,multidevs=remap \
		</dev/null >"$OUT/console.raw" 2>&1
}

# KVM where /dev/kvm is writable, else emulation (tcg). Some nested VMs offer
# /dev/kvm but never start the guest ("Booting from ROM" and nothing more):
# a guest that has not reached the harness's first marker within 20 s is
# booted again under tcg. SONDE_KERNELS_ACCEL chooses without trying.
accel=${SONDE_KERNELS_ACCEL:-tcg}
[ -z "${SONDE_KERNELS_ACCEL:-}" ] && [ -w /dev/kvm ] && accel=kvm
t0=$SECONDS
if [ "$accel" = kvm ] && [ -z "${SONDE_KERNELS_ACCEL:-}" ]; then
	boot kvm "$BOOT_TIMEOUT" &
	qemu=$!
	for _ in $(seq 20); do
		grep -q '=== ' "$OUT/console.raw" 2>/dev/null && break
		kill -0 "$qemu" 2>/dev/null || break
		sleep 1
	done
	if ! grep -q '=== ' "$OUT/console.raw" 2>/dev/null && kill -0 "$qemu" 2>/dev/null; then
		echo "kernels: the KVM guest did not start within 20 s: emulating instead (SONDE_KERNELS_ACCEL=tcg)"
		pkill -P "$qemu" 2>/dev/null
		kill "$qemu" 2>/dev/null
		wait "$qemu" 2>/dev/null
		accel=tcg
		boot tcg "$BOOT_TIMEOUT"
	else
		wait "$qemu"
	fi
else
	boot "$accel" "$BOOT_TIMEOUT"
fi
qemu_rc=$?
t_boot=$((SECONDS - t0))
# The console has firmware escape codes and carriage returns.
tr -d '\r' <"$OUT/console.raw" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$OUT/console.log"

if [ ! -f "$OUT/done" ]; then
	echo "kernels: the guest did not finish (qemu status $qemu_rc); its console:"
	tail -n 30 "$OUT/console.log" | sed 's/^/    /'
fi

norm() {
	sed -e 's/[[:space:]]*$//' "$1" | grep -v '^$'
	return 0
}

fail() {
	echo "FAIL: $*"
	return 1
}

# Checks one case's results against its description; prints why it failed.
check() {
	local dir=$1 rc actual expected line i
	STDOUT=$dir/stdout
	STDERR=$dir/stderr
	[ -f "$dir/rc" ] || { fail "did not run (the guest stopped before it)"; return 1; }
	[ -f "$dir/killed" ] && { fail "$(cat "$dir/killed")"; return 1; }
	rc=$(cat "$dir/rc")
	[ "$rc" = "$STATUS" ] || { fail "exit status $rc, want $STATUS"; return 1; }
	actual=$(norm "$STDOUT")
	case $EXPECT_MODE in
	exact)
		expected=$(printf '%s\n' "$EXPECT" | sed -e 's/[[:space:]]*$//' | grep -v '^$')
		[ "$actual" = "$expected" ] || { fail "stdout differs"; diff <(echo "$expected") <(echo "$actual") |
			head -n 20 | sed 's/^/    /'; return 1; }
		;;
	regex)
		local lines=() want=()
		mapfile -t lines <<<"$actual"
		mapfile -t want < <(printf '%s\n' "$EXPECT" | grep -v '^$')
		[ ${#lines[@]} = ${#want[@]} ] || { fail "${#lines[@]} stdout lines, want ${#want[@]}"; return 1; }
		for i in "${!want[@]}"; do
			[[ ${lines[$i]} =~ ^${want[$i]}$ ]] || { fail "line $((i + 1)) '${lines[$i]}' does not match '${want[$i]}'"; return 1; }
		done
		;;
	contains)
		while IFS= read -r line; do
			[ -z "$line" ] && continue
			grep -qxF -- "$line" <<<"$actual" || { fail "stdout has no line '$line'"; return 1; }
		done <<<"$EXPECT"
		;;
	esac
	for line in "${EXPECT_STDERR[@]}"; do
		grep -qF -- "$line" "$STDERR" || { fail "stderr does not say '$line'"; return 1; }
	done
	for line in "${EXPECT_STDERR_ABSENT[@]}"; do
		grep -qF -- "$line" "$STDERR" && { fail "stderr says '$line'"; return 1; }
	done
	if declare -f check_case >/dev/null; then
		check_case || return 1
	fi
	return 0
}

show() {
	echo "--- $1:"
	if [ -s "$2" ]; then head -n 30 "$2" | sed 's/^/    /'; else echo "    (empty)"; fi
}

pass=0
failed=0
for f in "$CASEDIR"/*.sh; do
	name=$(basename "$f" .sh)
	if [ -n "$CASES" ] && ! printf '%s\n' $CASES | grep -qxF "$name"; then
		continue
	fi
	dir=$OUT/cases/$name
	# the first line is the case's description, the rest why it failed
	msg=$( (
		reset_case
		. "$f"
		echo "$DESC"
		check "$dir"
	) )
	ok=$?
	ms=$(grep "^$name " "$OUT/guest.log" 2>/dev/null | cut -d' ' -f2)
	if [ $ok = 0 ]; then
		pass=$((pass + 1))
		echo "PASS $name (${ms:-?} ms)"
	else
		failed=$((failed + 1))
		echo "FAIL $name: $(head -n 1 <<<"$msg")"
		tail -n +2 <<<"$msg" | sed 's/^/  /'
	fi
	if [ $ok != 0 ] || [ $VERBOSE = 1 ]; then
		[ $VERBOSE = 1 ] && grep "^$name " "$OUT/guest.log"
		show stdout "$dir/stdout"
		show stderr "$dir/stderr"
	fi
done
up=$(sed -n 's/.*=== guest .* up at \([0-9.]*\)s.*/\1/p' "$OUT/console.log")
end=$(sed -n 's/.*=== TEST_EXIT=[0-9]* at \([0-9.]*\)s.*/\1/p' "$OUT/console.log")
echo "kernel $(sed -n 's/.*=== guest \([^ ]*\) .*/\1/p' "$OUT/console.log"): prepared in ${t_prepare}s;" \
	"qemu ran ${t_boot}s (guest up at ${up:-?}s, cases done at ${end:-?}s guest time)"
[ $VERBOSE = 1 ] && sed 's/^/    /' "$OUT/guest.log"
echo "$pass passed, $failed failed"
[ $failed = 0 ]
