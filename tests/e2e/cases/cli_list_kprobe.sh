desc "-l of kprobes: the traceable functions matching, and a note where the kernel has no kprobes"
oneshot
opts -l 'k*:vfs_readv'
expect <<'EOF2'
kprobe:vfs_readv
kretprobe:vfs_readv
EOF2
check_case() {
	if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
		! grep -q 'no kprobes' "$STDERR" || fail "note about kprobes on a kernel that has them"
	else
		grep -q 'this kernel has no kprobes' "$STDERR" || fail "no note that the kernel has no kprobes"
	fi
}
