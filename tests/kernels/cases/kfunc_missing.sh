desc "comm(PID) on a kernel without bpf_task_from_pid (6.1): refused at the call, before anything loads"
oneshot
prog 'tracepoint:syscalls:sys_enter_getppid { printf("%s\n", comm(pid)); }'
status 1
expect ''
expect_stderr "stdin:1:56: error: comm(PID) needs the kernel function bpf_task_from_pid, which this kernel does not have (it came in Linux 6.2)"
expect_stderr_absent 'Attached'
