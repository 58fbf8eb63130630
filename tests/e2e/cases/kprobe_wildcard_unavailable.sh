desc "a kprobe wildcard where the kernel has no kprobes: one error naming the pattern as written, and the tracepoint of its first match by name"
oneshot
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	# a kernel with kprobes attaches; nothing to check here (tests/kernels/ covers it)
	prog 'kprobe:vfs_read* { @ = count(); } BEGIN { exit(); }'
	check_case() { grep -qE '^Attached [0-9]+ probes$' "$STDERR"; }
else
	prog 'kprobe:vfs_read* { @ = count(); }'
	status 1
	expect_stderr 'stdin:1:1: error: cannot attach kprobe:vfs_read*: this kernel has no kprobes'
	expect_stderr 'note: tracepoint:syscalls:sys_enter_read fires at about the same place: use it instead'
	check_case() {
		local n
		n=$(grep -c 'this kernel has no kprobes' "$STDERR")
		[ "$n" = 1 ] || { echo "FAIL: $n errors, want 1"; return 1; }
	}
fi
