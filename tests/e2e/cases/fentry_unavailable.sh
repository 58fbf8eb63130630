desc "fentry/fexit where the kernel refuses them: an error at the probe naming the tracepoint at the same place"
oneshot
prog 'fentry:vfs_read { @ = count(); }
fexit:do_sys_openat2 { @ = count(); }'
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	# a kernel with kprobes has fentry too (tests/kernels/ covers it)
	prog 'fentry:vfs_read { @ = count(); } BEGIN { exit(); }'
	expect_stderr 'Attached 2 probes'
else
	status 1
	expect_stderr 'stdin:1:1: error: cannot attach fentry:vmlinux:vfs_read: this kernel refuses fentry and fexit programs'
	expect_stderr 'note: tracepoint:syscalls:sys_enter_read fires at about the same place'
	expect_stderr 'stdin:2:1: error: cannot attach fexit:vmlinux:do_sys_openat2: this kernel refuses fentry and fexit programs'
	expect_stderr 'note: tracepoint:syscalls:sys_exit_openat fires at about the same place'
	expect_stderr_absent 'Attached'
fi
