desc "kretprobe on a syscall function where the kernel has no kprobes: the syscall's exit tracepoint instead"
oneshot
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	prog 'kretprobe:__x64_sys_openat { @ = count(); } BEGIN { exit(); }'
	expect_stderr 'Attached 2 probes'
else
	prog 'BEGIN { printf("never\n"); }
kretprobe:__x64_sys_openat { @ = count(); }'
	status 1
	expect_stderr 'stdin:2:1: error: cannot attach kretprobe:__x64_sys_openat: this kernel has no kprobes'
	expect_stderr 'note: tracepoint:syscalls:sys_exit_openat fires at about the same place'
	expect_absent 'never'
fi
