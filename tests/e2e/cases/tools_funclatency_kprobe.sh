desc "sonde funclatency vfs_read: a bare name is a kernel function, as in bcc: the no-kprobes error, at the entry probe"
tool funclatency
args vfs_read
status 1
oneshot
expect_stderr 'error: cannot attach kprobe:vfs_read: this kernel has no kprobes'
expect_stderr 'tools/funclatency.bt:'
