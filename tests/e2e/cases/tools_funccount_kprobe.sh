desc "sonde funccount p::vfs_read: a kernel function needs kprobes: the error names the probe and its place in tools/funccount.bt, and a tracepoint"
tool funccount
args 'p::vfs_read'
status 1
oneshot
expect_stderr 'tools/funccount.bt:'
expect_stderr 'error: cannot attach kprobe:vfs_read: this kernel has no kprobes'
expect_stderr 'kprobe:$1'
expect_stderr 'tracepoint:syscalls:sys_enter_read'
