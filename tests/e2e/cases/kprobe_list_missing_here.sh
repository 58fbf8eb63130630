desc "a kprobe list with a missing function on this kernel (no kprobes): the missing one is skipped with a warning, the other is refused naming a tracepoint instead"
oneshot
prog 'kprobe:ksys_read,kprobe:ksys_raed { @ = count(); }'
status 1
expect ''
expect_stderr "stdin:1:18: warning: kprobe:ksys_raed: no kernel function named 'ksys_raed' (did you mean 'ksys_read'?): skipped"
expect_stderr "stdin:1:1: error: cannot attach kprobe:ksys_read: this kernel has no kprobes"
expect_stderr "note: tracepoint:syscalls:sys_enter_read fires at about the same place: use it instead"
expect_stderr_absent 'Attached'
