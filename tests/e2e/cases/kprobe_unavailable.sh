desc "kprobe where the kernel has no kprobes: an error at the probe naming the tracepoint at the same place"
oneshot
prog 'kprobe:vfs_read { @ = count(); }'
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	# a kernel with kprobes attaches; nothing to check here (tests/kernels/ covers it)
	prog 'kprobe:vfs_read { @ = count(); } BEGIN { exit(); }'
	expect_stderr 'Attached 2 probes'
else
	status 1
	expect_stderr 'stdin:1:1: error: cannot attach kprobe:vfs_read: this kernel has no kprobes'
	expect_stderr 'note: tracepoint:syscalls:sys_enter_read fires at about the same place: use it instead'
	expect_stderr_absent 'Attached'
fi
