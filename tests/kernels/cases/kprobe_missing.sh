desc "a kprobe on a function the kernel does not have: refused when attached, naming the nearest"
oneshot
prog 'kprobe:ksys_raed { @ = count(); }'
status 1
expect ''
expect_stderr "kprobe:ksys_raed: no kernel function named 'ksys_raed'; did you mean 'ksys_read'?"
expect_stderr_absent 'Attached'
