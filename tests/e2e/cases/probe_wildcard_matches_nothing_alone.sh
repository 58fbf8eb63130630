desc "a probe whose wildcards all match nothing is an error at the probe"
oneshot
prog 'tracepoint:syscalls:sys_enter_sonde_nosuch*, tracepoint:syscalls:sys_enter_sonde_nosuch2* { @ = count(); }'
status 1
expect_stderr 'stdin:1:1: error: no attach point of this probe matches anything on this kernel'
expect_stderr_absent 'Attached'
