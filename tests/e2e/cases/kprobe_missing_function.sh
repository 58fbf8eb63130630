desc "kprobe on a function the kernel does not have: an error naming the nearest function"
oneshot
prog 'kprobe:vfs_raed { @ = count(); }'
status 1
expect_stderr "stdin:1:1: error: kprobe:vfs_raed: no kernel function named 'vfs_raed'; did you mean 'vfs_read'?"
expect_stderr_absent 'Attached'
